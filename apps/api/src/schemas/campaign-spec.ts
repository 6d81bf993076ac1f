/**
 * The body of `POST /api/campaigns`: the engine's own campaign spec schema (one definition for the
 * engine, the handlers and the OpenAPI document), minus `owner`, which the API sets from the token.
 */
import { campaignSpecSchema } from '@actsearch/engine';

export const campaignRequestSchema = campaignSpecSchema.omit({ owner: true }).meta({ id: 'CampaignSpec' });
