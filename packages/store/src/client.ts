/**
 * The one door to the generated Prisma client (git-ignored, produced by `prisma generate` during
 * `npm install`), so that no other file spells its path.
 */
export { CampaignStatus, CandidateState, EvaluationStatus, Prisma, PrismaClient } from './generated/prisma/client.ts';
export type { Activation, Campaign, Candidate, Evaluation, Worker } from './generated/prisma/client.ts';
