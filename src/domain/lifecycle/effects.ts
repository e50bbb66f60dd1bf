// What a transition asks the outside world to do, as plain data. The server's effect runner
// executes the list in order, idempotently; the domain never calls HubSpot itself.
import type { Localized } from '../errors.ts';

/**
 * A deal: one that exists, or the one created by an earlier `createDeal` of the same effect list
 * (HubSpot assigns its id, so later effects cannot name it yet).
 */
export type DealRef = { id: string } | { ref: 'newDeal' };

/** A CRM record an effect writes to, a note is attached to or an association links. */
export type RecordRef =
  | { object: 'contact'; id: string }
  | { object: 'company'; id: string }
  | { object: 'deal'; deal: DealRef };

/**
 * Sets `lifecyclestage`. With `clearFirst` the runner first writes `""` and then the value in a
 * second request, because HubSpot does not move the stage backwards otherwise.
 * https://knowledge.hubspot.com/records/use-lifecycle-stages
 */
export interface SetLifecycleStageEffect {
  type: 'setLifecycleStage';
  object: 'contact' | 'company';
  id: string;
  /** The portal's internal value (already mapped through the policy's stageMap). */
  value: string;
  clearFirst: boolean;
}

/** Sets `hubspot_owner_id` of a contact or company. */
export interface SetOwnerEffect {
  type: 'setOwner';
  object: 'contact' | 'company';
  id: string;
  ownerId: string;
}

/** Sets the contact's `hs_lead_status`. */
export interface SetLeadStatusEffect {
  type: 'setLeadStatus';
  contactId: string;
  value: string;
}

/** Creates a deal associated with the contact (and company); later effects call it `{ ref: 'newDeal' }`. */
export interface CreateDealEffect {
  type: 'createDeal';
  name: string;
  pipelineId: string;
  stageId: string;
  ownerId?: string;
  contactId: string;
  companyId?: string;
}

/** Moves an existing (lost or returned) deal back into the hand-off stage: its plan survives the loop. */
export interface ReopenDealEffect {
  type: 'reopenDeal';
  deal: DealRef;
  stageId: string;
  ownerId?: string;
}

/** Moves an open deal to another (open) stage. */
export interface MoveDealStageEffect {
  type: 'moveDealStage';
  deal: DealRef;
  stageId: string;
}

/** Moves a deal into a closed stage. */
export interface CloseDealEffect {
  type: 'closeDeal';
  deal: DealRef;
  outcome: 'won' | 'lost';
  stageId: string;
}

/** Writes product properties (names from src/domain/properties.ts) on one record. */
export interface WritePropertiesEffect {
  type: 'writeProperties';
  target: RecordRef;
  properties: Record<string, string>;
}

/** Associates two records (idempotent in HubSpot), optionally with a label. */
export interface AssociateEffect {
  type: 'associate';
  from: RecordRef;
  to: RecordRef;
  label?: string;
}

/**
 * Adds a note (who, when, why, score at that moment) to a record's timeline, in the language of
 * the owner who reads it (`language`; absent: both languages).
 */
export interface AddNoteEffect {
  type: 'addNote';
  target: RecordRef;
  body: Localized;
  language?: 'en' | 'de';
}

/** Copies the won plan's essentials (stakeholders, expected results, timeline) to the company. */
export interface CarryOverPlanEffect {
  type: 'carryOverPlan';
  dealId: string;
  companyId: string;
}

/**
 * Moves the contact's record in HubSpot's Leads object (0-136), where the portal has it: on
 * hand-off its open lead goes to the qualified stage and is linked to the deal; on return a lead in
 * marketing's pipeline is reopened or created with the reason. `lifecycleStage` is the contact's
 * stage this operation set, re-asserted after the lead write so HubSpot's lead/deal lifecycle sync
 * cannot leave another one behind. The runner skips it in a portal without Leads.
 */
export interface SyncLeadObjectEffect {
  type: 'syncLeadObject';
  contactId: string;
  lifecycleStage: string;
  move:
    | { to: 'qualified'; deal: DealRef }
    | { to: 'returned'; reasonCode: string; reason: Localized; note?: string };
}

/**
 * Creates a HubSpot task for one owner, in the owner's language (`language` picks the text), due
 * at `dueAt` (ISO 8601), associated with `target`.
 */
export interface CreateTaskEffect {
  type: 'createTask';
  target: RecordRef;
  ownerId?: string;
  language: 'en' | 'de';
  subject: Localized;
  body: Localized;
  dueAt: string;
}

/** Anything a transition asks the effect runner to do. */
export type Effect =
  | SetLifecycleStageEffect
  | SetOwnerEffect
  | SetLeadStatusEffect
  | CreateDealEffect
  | ReopenDealEffect
  | MoveDealStageEffect
  | CloseDealEffect
  | WritePropertiesEffect
  | AssociateEffect
  | AddNoteEffect
  | CarryOverPlanEffect
  | SyncLeadObjectEffect
  | CreateTaskEffect;

/** The kind of an effect. */
export type EffectType = Effect['type'];
