// Rebuilds the domain's LeadState from what HubSpot holds: the contact's lifecycle stage, owner and
// product properties (loop count, history …) plus the stage of the contact's current deal.
// HubSpot is the system of record; the backend keeps no copy.
import { dealStagesOf } from './pipeline-cache.ts';
import {
  classifyDealStage,
  stageFromPortalValue,
  loopHistorySchema,
  type LeadState,
  type LifecyclePolicy,
  type LoopEntry,
} from '../../domain/lifecycle/index.ts';
import { CONTACT_PROPERTIES } from '../../domain/properties.ts';
import { SCORE_PROPERTY_NAMES } from '../../domain/scoring/index.ts';
import type { CrmGateway, CrmProperties } from '../../hubspot/gateway.ts';
import { HubSpotNotFoundError } from '../../hubspot/errors.ts';
import { StoredDataDamagedError, describeZodError } from '../../domain/errors.ts';

/** Contact properties the lifecycle needs. */
export const LEAD_STATE_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'company',
  'lifecyclestage',
  'hs_lead_status',
  'hubspot_owner_id',
  'associatedcompanyid',
  CONTACT_PROPERTIES.loopCount.name,
  CONTACT_PROPERTIES.lastReturnReason.name,
  CONTACT_PROPERTIES.handedOffAt.name,
  CONTACT_PROPERTIES.returnedAt.name,
  CONTACT_PROPERTIES.loopHistory.name,
  ...SCORE_PROPERTY_NAMES,
];

export { stageFromPortalValue } from '../../domain/lifecycle/index.ts';

/** Parses the stored loop history; a damaged one is treated as empty (the loop count survives). */
/**
 * The loop history of `contactId` for a write path: a damaged value throws StoredDataDamagedError
 * instead of becoming `[]`, since the next transition would overwrite it and lose every loop.
 */
export function readLoopHistory(contactId: string, json: string | null | undefined): LoopEntry[] {
  if (!json) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new StoredDataDamagedError(
      `contacts/${contactId}`,
      CONTACT_PROPERTIES.loopHistory.name,
      `not JSON (${(error as Error).message})`,
    );
  }
  const parsed = loopHistorySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new StoredDataDamagedError(
    `contacts/${contactId}`,
    CONTACT_PROPERTIES.loopHistory.name,
    describeZodError(parsed.error, { max: 3 }),
  );
}

/** The loop history for read-only views (analytics): a damaged value reads as no history. */
export function parseLoopHistory(json: string | null | undefined): LoopEntry[] {
  if (!json) return [];
  try {
    const parsed = loopHistorySchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T/;
const optionalIso = (value: string | null | undefined): string | undefined => {
  if (!value) return undefined;
  if (ISO.test(value)) return new Date(value).toISOString();
  const ms = Number(value);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
};

/** The deal the loop is about: the newest history entry that names one. */
export function currentDealId(history: LoopEntry[]): string | undefined {
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const dealId = history[index]?.dealId;
    if (dealId) return dealId;
  }
  return undefined;
}

/** Builds the lead state of a contact; reads its current deal's stage (one call) when there is one. */
export async function readLeadState(
  contact: { id: string; properties: CrmProperties; companies?: { id: string }[] },
  policy: LifecyclePolicy,
  gateway: CrmGateway,
  options: { lookUpDeal?: boolean } = {},
): Promise<LeadState> {
  const p = contact.properties;
  const history = readLoopHistory(contact.id, p[CONTACT_PROPERTIES.loopHistory.name]);
  const dealId = currentDealId(history);
  let dealStatus: LeadState['dealStatus'] = 'none';
  // A score change only looks at the stage: the webhook path skips the deal read (no extra call).
  if (dealId && options.lookUpDeal !== false) {
    try {
      const deal = await gateway.getDeal(dealId, ['dealstage']);
      const stage = deal.properties.dealstage;
      dealStatus = stage
        ? classifyDealStage(policy, stage, await dealStagesOf(gateway, stage))
        : 'open';
    } catch (error) {
      if (!(error instanceof HubSpotNotFoundError)) throw error;
    }
  }
  const stage = stageFromPortalValue(p.lifecyclestage, policy);
  const total = Number(p[CONTACT_PROPERTIES.totalScore.name]);
  const grade = p[CONTACT_PROPERTIES.grade.name];
  const band = p[CONTACT_PROPERTIES.band.name];
  const state: LeadState = {
    contactId: contact.id,
    // HubSpot's primary company (associatedcompanyid), else the first associated company.
    ...(p.associatedcompanyid || contact.companies?.[0]
      ? { companyId: p.associatedcompanyid || (contact.companies?.[0]?.id as string) }
      : {}),
    stage,
    ...(p.hubspot_owner_id ? { ownerId: p.hubspot_owner_id } : {}),
    ...(dealStatus !== 'none' && dealId ? { dealId } : {}),
    // A customer's deal is won by definition, even if the deal itself was edited since.
    dealStatus: stage === 'customer' || stage === 'evangelist' ? 'won' : dealStatus,
    loopCount: Math.max(0, Math.trunc(Number(p[CONTACT_PROPERTIES.loopCount.name] ?? 0) || 0)),
    ...(p[CONTACT_PROPERTIES.lastReturnReason.name]
      ? { lastReturnReason: p[CONTACT_PROPERTIES.lastReturnReason.name] as string }
      : {}),
    ...(optionalIso(p[CONTACT_PROPERTIES.handedOffAt.name])
      ? { handedOffAt: optionalIso(p[CONTACT_PROPERTIES.handedOffAt.name]) }
      : {}),
    ...(optionalIso(p[CONTACT_PROPERTIES.returnedAt.name])
      ? { returnedAt: optionalIso(p[CONTACT_PROPERTIES.returnedAt.name]) }
      : {}),
    ...(Number.isFinite(total) && grade && (band === 'lead' || band === 'mql' || band === 'sql')
      ? { score: { total, grade, band } }
      : {}),
    history,
  };
  if (state.dealStatus === 'won' && !state.dealId && dealId) state.dealId = dealId;
  return state;
}
