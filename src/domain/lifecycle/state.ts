// Where one contact stands in the lead ↔ opportunity loop, and its history.
// The state is rebuilt by the server from HubSpot (lifecyclestage, owner, the product's contact
// properties and the associated deal); `transition` turns it into the next state plus effects.
import { z } from 'zod';
import { MAX_TEXTAREA_JSON_BYTES, measureUtf8Bytes } from '../hubspot-limits.ts';
import { fieldErrorsFromZod } from '../errors.ts';

/** Maximum length of a HubSpot record or owner id, or of an actor / reason code, in characters. */
export const MAX_ID_LENGTH = 64;
/** Maximum length of a free-text note on a hand-off or return, in characters. */
export const MAX_NOTE_LENGTH = 1000;
/**
 * The history keeps the last 100 entries only: it is stored as JSON in one HubSpot textarea
 * property (CONTACT_PROPERTIES.loopHistory), which cannot grow without bound. The loop count is a
 * separate counter, so trimming the history never changes how many returns were counted.
 */
export const MAX_HISTORY_ENTRIES = 100;
/** Budget of the serialised history in UTF-8 bytes: the product's one textarea budget. */
export const MAX_HISTORY_JSON_LENGTH = MAX_TEXTAREA_JSON_BYTES;

/**
 * The domain's lifecycle stages, in HubSpot's default order (a later index is "further on").
 * https://knowledge.hubspot.com/records/use-lifecycle-stages
 */
export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;
/** One of the domain's lifecycle stages (mapped onto the portal's values by the policy). */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const DEAL_STATUSES = ['none', 'open', 'won', 'lost'] as const;
/** Status of the contact's opportunity deal as far as the loop is concerned. */
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const LOOP_ENTRY_KINDS = ['handoff', 'return', 'won', 'lost', 'promoted'] as const;
/** What happened in one history entry. */
export type LoopEntryKind = (typeof LOOP_ENTRY_KINDS)[number];

export const SCORE_BANDS = ['lead', 'mql', 'sql'] as const;
/** The band a score falls into (thresholds are the scoring model's business). */
export type ScoreBand = (typeof SCORE_BANDS)[number];

const notBlank = (s: string): boolean => s.trim().length > 0;

/** A HubSpot record or owner id (numeric in HubSpot, an opaque string here). */
export const recordIdSchema = z
  .string()
  .max(MAX_ID_LENGTH)
  .refine(notBlank, 'The id must not be blank');
/** Who did something: a HubSpot user id, or 'system' for automation. */
export const actorSchema = recordIdSchema;
const isoInstant = z.iso.datetime({ offset: true });

/** One step of the loop, kept with who / when / why. */
export const loopEntrySchema = z.strictObject({
  kind: z.enum(LOOP_ENTRY_KINDS),
  at: isoInstant,
  by: actorSchema,
  reason: z.string().max(MAX_ID_LENGTH).optional(),
  note: z.string().max(MAX_NOTE_LENGTH).optional(),
  ownerId: recordIdSchema.optional(),
  /** Hand-offs: the contact's owner before the hand-off (a return gives it back by default). */
  previousOwnerId: recordIdSchema.optional(),
  dealId: recordIdSchema.optional(),
  score: z.number().optional(),
  /** Hand-offs: the grade at that moment (A1 … C3), for the calibration. */
  grade: z.string().max(MAX_ID_LENGTH).optional(),
  /**
   * Hand-offs: the points each matched scoring rule carried in the model at that moment, by rule
   * id, so the calibration can compare leads that matched a rule with those that did not.
   */
  rules: z.record(z.string().max(MAX_ID_LENGTH), z.number()).optional(),
  /** Hand-offs: the deal existed before (created in HubSpot) and was adopted, not created. */
  adopted: z.boolean().optional(),
});
/** One step of the loop, kept with who / when / why. */
export type LoopEntry = z.infer<typeof loopEntrySchema>;

/** The latest score known for the contact, so notes can say what it was at that moment. */
export const scoreSnapshotSchema = z.strictObject({
  total: z.number(),
  grade: z.string().max(MAX_ID_LENGTH),
  band: z.enum(SCORE_BANDS),
});
/** The latest score known for the contact. */
export type ScoreSnapshot = z.infer<typeof scoreSnapshotSchema>;

/** The loop history as stored: at most MAX_HISTORY_ENTRIES entries, oldest first. */
export const loopHistorySchema = z.array(loopEntrySchema).max(MAX_HISTORY_ENTRIES);

/**
 * Where one contact stands. `dealId` is absent while `dealStatus` is 'open' only right after a
 * hand-off that created a deal: HubSpot assigns the id, and the server attaches it with
 * `attachCreatedDeal` once the effect runner has created the deal.
 */
export const leadStateSchema = z.strictObject({
  contactId: recordIdSchema,
  companyId: recordIdSchema.optional(),
  stage: z.enum(LIFECYCLE_STAGES),
  ownerId: recordIdSchema.optional(),
  dealId: recordIdSchema.optional(),
  dealStatus: z.enum(DEAL_STATUSES),
  /** Accepted returns to marketing over the contact's whole life (not only those in `history`). */
  loopCount: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  lastReturnReason: z.string().max(MAX_ID_LENGTH).optional(),
  handedOffAt: isoInstant.optional(),
  returnedAt: isoInstant.optional(),
  score: scoreSnapshotSchema.optional(),
  history: loopHistorySchema,
});
/** Where one contact stands in the lead ↔ opportunity loop. */
export type LeadState = z.infer<typeof leadStateSchema>;

/** The state of a contact the product has never seen: a fresh lead, no deal, no loops. */
export function initialLeadState(contactId: string): LeadState {
  return { contactId, stage: 'lead', dealStatus: 'none', loopCount: 0, history: [] };
}

/** Position of a stage in HubSpot's default order; a lower index is "earlier". */
export function indexOfStage(stage: LifecycleStage): number {
  return LIFECYCLE_STAGES.indexOf(stage);
}

/** Appends an entry, keeping only the newest MAX_HISTORY_ENTRIES (the loop count is kept apart). */
export function appendHistory(history: readonly LoopEntry[], entry: LoopEntry): LoopEntry[] {
  return [...history, entry].slice(-MAX_HISTORY_ENTRIES);
}

/** Lists every invariant a state breaks (empty when valid); used by tests and the server. */
export function findStateProblems(state: LeadState): string[] {
  const problems: string[] = [];
  const parsed = leadStateSchema.safeParse(state);
  if (!parsed.success) {
    problems.push(...fieldErrorsFromZod(parsed.error).map((e) => `${e.path}: ${e.message}`));
    return problems;
  }
  const hasDeal = state.dealId !== undefined;
  if (state.stage === 'customer' && state.dealStatus !== 'won') {
    problems.push('A customer must have a won deal');
  }
  if (state.dealStatus === 'won' && state.stage !== 'customer' && state.stage !== 'evangelist') {
    problems.push('A won deal makes the contact a customer');
  }
  if (state.dealStatus === 'none' && hasDeal) {
    problems.push('A deal id needs a deal status other than none');
  }
  if ((state.dealStatus === 'won' || state.dealStatus === 'lost') && !hasDeal) {
    problems.push('A won or lost deal needs its id');
  }
  if (state.dealStatus === 'open' && !hasDeal && state.stage !== 'opportunity') {
    problems.push('Only a fresh opportunity may wait for its new deal id');
  }
  if (state.stage === 'opportunity' && state.dealStatus !== 'open' && state.dealStatus !== 'lost') {
    problems.push('An opportunity needs an open or lost deal');
  }
  const returnsInHistory = state.history.filter((entry) => entry.kind === 'return').length;
  if (state.loopCount < returnsInHistory) {
    problems.push('The loop count is lower than the returns in the history');
  }
  return problems;
}

/** True when the state satisfies its schema and every invariant of the loop. */
export function isValidState(state: LeadState): boolean {
  return findStateProblems(state).length === 0;
}

/**
 * Records the id HubSpot gave the deal created by the last hand-off (the effect runner learns it).
 * Leaves the state alone when no created deal is waiting for its id.
 */
export function attachCreatedDeal(state: LeadState, dealId: string): LeadState {
  if (state.dealStatus !== 'open' || state.dealId !== undefined) return state;
  const history = [...state.history];
  const last = history.at(-1);
  if (last?.kind === 'handoff' && last.dealId === undefined) {
    history[history.length - 1] = { ...last, dealId };
  }
  return { ...state, dealId, history };
}

/**
 * The history as JSON for CONTACT_PROPERTIES.loopHistory, dropping the oldest entries until it
 * fits MAX_HISTORY_JSON_LENGTH (long notes could otherwise overflow the textarea).
 */
export function serializeLoopHistory(
  history: readonly LoopEntry[],
  maxLength: number = MAX_HISTORY_JSON_LENGTH,
): string {
  let kept = history.slice(-MAX_HISTORY_ENTRIES);
  let json = JSON.stringify(kept);
  while (measureUtf8Bytes(json) > maxLength && kept.length > 0) {
    kept = kept.slice(1);
    json = JSON.stringify(kept);
  }
  return json;
}
