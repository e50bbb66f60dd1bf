// The account's card-API answers (backend: src/server/handlers/account.ts; cards import them
// type-only through extensions/app/cards/lib/account-types.ts).
import type { z } from 'zod';
import type * as Account from '../domain/account/index.ts';
import type { SectionCompleteness } from '../domain/plan/index.ts';
import type { OwnerView, SectionState } from './card-api.ts';
import type { saveCompanyProfileBodySchema, settleProfileBodySchema } from './card-inputs.ts';

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
} from '../domain/account/index.ts';

/** The account part of GET /api/deals/{dealId}/plan. */
export interface DealAccountView {
  companyId: string | null;
  companyName: string | null;
  profileSource: 'company' | 'deal';
  migratedFrom: Account.ProfileSourceKey | null;
  alternatives: Account.ProfileAlternative[];
  proposal: Account.NextDealProposal | null;
  relationshipMap: Account.RelationshipMap;
}

/** GET /api/companies/{companyId}/account */
export interface CompanyAccountView {
  companyId: string;
  name: string | null;
  customerSince: string | null;
  profile: {
    section: SectionState<'customerProfile'>;
    completeness: SectionCompleteness;
    migratedFrom: Account.ProfileSourceKey | null;
    alternatives: (Account.ProfileAlternative & { dealName: string | null })[];
  };
  opportunities: Account.OpportunityLine[];
  wonPlans: Account.WonPlanEssentials[];
  relationshipMap: Account.RelationshipMap;
  contacts: Record<string, Account.ContactFacts>;
  /** The portal's owners: who saved the profile last, named (from the per-portal owner cache). */
  owners: OwnerView[];
}

/** Body of POST /api/companies/{companyId}/profile/settle (parsed by card-inputs.ts). */
export type SettleProfileInput = z.input<typeof settleProfileBodySchema>;

/** Body of PUT /api/companies/{companyId}/profile (parsed by card-inputs.ts). */
export type SaveCompanyProfileInput = z.input<typeof saveCompanyProfileBodySchema>;
