// Needs the local PostgreSQL and Redis: `bash scripts/ensure-services.sh` starts them.
import { describeCampaignContract } from './campaign-contract.ts';

describeCampaignContract('distributed');
