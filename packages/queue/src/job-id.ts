/**
 * Queue identifiers derived from domain identities. BullMQ rejects custom job ids that contain ':'
 * (its key separator) or that parse as integers, and evaluation keys contain ':'. Escaping '%' and
 * ':' percent-style keeps the mapping injective (two keys never share an id) and readable.
 */
function escapeId(text: string): string {
  return text.replace(/[%:]/g, (char) => (char === '%' ? '%25' : '%3A'));
}

function unescapeId(text: string): string {
  return text.replace(/%3A|%25/g, (code) => (code === '%25' ? '%' : ':'));
}

const EVALUATION_PREFIX = 'ev.';

/** The BullMQ job id of an evaluation: the same key always maps to the same id. */
export function evaluationJobId(key: string): string {
  return EVALUATION_PREFIX + escapeId(key);
}

export function keyOfEvaluationJobId(jobId: string): string | undefined {
  return jobId.startsWith(EVALUATION_PREFIX) ? unescapeId(jobId.slice(EVALUATION_PREFIX.length)) : undefined;
}

/** The deduplication id that makes drive requests of one campaign coalesce. */
export function driveDeduplicationId(campaignId: string): string {
  return `drive.${escapeId(campaignId)}`;
}
