/** The response bodies as TypeScript types, for clients: inferred from the wire contract's schemas. */
export type {
  Activation as ActivationBody,
  CampaignBest as CampaignBestBody,
  Campaign as CampaignBody,
  CampaignSummary as CampaignSummaryBody,
  Candidate as CandidateBody,
  ErrorBody as ErrorResponseBody,
  Leaderboard as LeaderboardBody,
  Page as PageBody,
} from '@actsearch/contract';
