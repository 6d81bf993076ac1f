import { describeCampaignContract } from './campaign-contract.ts';

describeCampaignContract('embedded');
