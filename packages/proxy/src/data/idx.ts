/** The IDX format of MNIST-style files (LeCun et al.): a big-endian header, then raw bytes. */

/** Parses an IDX file (big-endian header: magic 0x0000080N, then one uint32 per dimension). */
export function parseIdx(bytes: Uint8Array): { dims: number[]; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4) throw new Error('not an IDX file (shorter than its 4-byte magic number)');
  const magic = view.getUint32(0);
  if (magic >>> 8 !== 0x08) throw new Error(`not an unsigned-byte IDX file (magic 0x${magic.toString(16)})`);
  const rank = magic & 0xff;
  const offset = 4 + 4 * rank;
  if (bytes.byteLength < offset) throw new Error('truncated IDX file (header)');
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.byteLength < offset + size) throw new Error('truncated IDX file');
  return { dims, data: bytes.subarray(offset, offset + size) };
}
