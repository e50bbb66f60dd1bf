// The account's card-API answers as the cards see them (backend: src/server/handlers/account.ts).
// Domain types are imported type-only, erased when HubSpot bundles the cards.
import type {
  ContactFacts,
  NextDealProposal,
  OpportunityLine,
  ProfileAlternative,
  ProfileSourceKey,
  RelationshipMap,
  WonPlanEssentials,
} from '../../../../src/domain/account/index.ts';
import type { SectionCompleteness } from '../../../../src/domain/plan/index.ts';
import type { SectionState } from './types.ts';

export type {
  ContactFacts,
  MapGap,
  MapNode,
  MapRisk,
  NextDealProposal,
  OpportunityLine,
  ProfileAlternative,
  ProfileSourceKey,
  RelationshipMap,
  WonPlanEssentials,
} from '../../../../src/domain/account/index.ts';

/** The account part of GET /api/deals/{dealId}/plan. */
export interface DealAccountView {
  companyId: string | null;
  companyName: string | null;
  profileSource: 'company' | 'deal';
  migratedFrom: ProfileSourceKey | null;
  alternatives: ProfileAlternative[];
  proposal: NextDealProposal | null;
  relationshipMap: RelationshipMap;
}

/** GET /api/companies/{companyId}/account */
export interface CompanyAccountView {
  companyId: string;
  name: string | null;
  customerSince: string | null;
  profile: {
    section: SectionState<'customerProfile'>;
    completeness: SectionCompleteness;
    migratedFrom: ProfileSourceKey | null;
    alternatives: (ProfileAlternative & { dealName: string | null })[];
  };
  opportunities: OpportunityLine[];
  wonPlans: WonPlanEssentials[];
  relationshipMap: RelationshipMap;
  contacts: Record<string, ContactFacts>;
}

/** Body of POST /api/companies/{companyId}/profile/settle */
export interface SettleProfileInput {
  rev: number;
  source: ProfileSourceKey;
  version: string;
  take: boolean;
}
