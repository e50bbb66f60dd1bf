// What can happen to a contact in the loop. Events arrive from cards, workflow actions and
// webhooks; each is parsed with `lifecycleEventSchema` at that boundary before `transition` sees it.
import { z } from 'zod';
import { MAX_LABEL_LENGTH } from './policy.ts';
import {
  MAX_ID_LENGTH,
  MAX_NOTE_LENGTH,
  SCORE_BANDS,
  actorSchema,
  recordIdSchema,
} from './state.ts';

const score = z.number();

/** At most this many names per map: an event names only the people and records its note mentions. */
export const MAX_NOTE_NAMES = 50;
const nameMap = (key: z.ZodType<string>) =>
  z
    .record(key, z.string().max(MAX_LABEL_LENGTH))
    .refine((map) => Object.keys(map).length <= MAX_NOTE_NAMES, `At most ${MAX_NOTE_NAMES} names`)
    .optional();

/**
 * The names the event's note mentions, resolved by the caller (owners API, the deal, the
 * pipelines), so a person reads "by Anna Schmidt" and "Deal “Rhein Networks – CRM rollout”"
 * instead of ids (see NoteNames in note.ts). Absent names fall back to the ids.
 */
export const noteNamesSchema = z
  .strictObject({
    people: nameMap(z.string().max(MAX_ID_LENGTH + 'user:'.length)),
    deals: nameMap(recordIdSchema),
    stages: nameMap(z.string().max(MAX_ID_LENGTH)),
  })
  .optional();

/** The scoring model re-scored the contact. */
export const scoreChangedEventSchema = z.strictObject({
  type: z.literal('scoreChanged'),
  actor: actorSchema,
  total: score,
  fit: score,
  engagement: score,
  grade: z.string().max(MAX_ID_LENGTH),
  band: z.enum(SCORE_BANDS),
  names: noteNamesSchema,
});

/**
 * How the hand-off picks the sales owner. For round robin the caller passes the portal's current
 * cursor (advanced atomically by the store when the hand-off starts, so two concurrent hand-offs
 * never pick the same owner); the owner is `salesOwnerIds[cursor mod n]`.
 */
export const salesOwnerChoiceSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('explicit'), ownerId: recordIdSchema }),
  z.strictObject({
    mode: z.literal('round_robin'),
    cursor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  }),
  z.strictObject({ mode: z.literal('keep') }),
]);
/** How the hand-off picks the sales owner. */
export type SalesOwnerChoice = z.infer<typeof salesOwnerChoiceSchema>;

const optionalName = z.string().max(MAX_LABEL_LENGTH).optional();

/** The score at the moment of a hand-off, with the points of every rule that matched. */
export const handOffScoreSchema = z.strictObject({
  total: score,
  grade: z.string().max(MAX_ID_LENGTH),
  rules: z.record(z.string().max(MAX_ID_LENGTH), z.number()),
});
/** The score at the moment of a hand-off. */
export type HandOffScore = z.infer<typeof handOffScoreSchema>;

/** Marketing hands the contact to sales: it becomes an opportunity with a deal. */
export const handOffEventSchema = z.strictObject({
  type: z.literal('handOff'),
  actor: actorSchema,
  salesOwner: salesOwnerChoiceSchema,
  /** The score as of now; recorded in the history so the calibration can learn from the loop. */
  scoring: handOffScoreSchema.optional(),
  /** Overrides the policy's deal name pattern for a new deal. */
  dealName: optionalName,
  companyName: optionalName,
  contactName: optionalName,
  /**
   * An open deal already associated with the contact (made directly in HubSpot) that the seller
   * adopts instead of opening a second one: the plan starts there, the deal keeps its stage.
   */
  adoptDeal: z.strictObject({ id: recordIdSchema, name: optionalName }).optional(),
  names: noteNamesSchema,
});

/** Sales returns the contact to marketing with a reason from the policy. */
export const returnToMarketingEventSchema = z.strictObject({
  type: z.literal('returnToMarketing'),
  actor: actorSchema,
  reason: z.string().max(MAX_ID_LENGTH),
  note: z.string().max(MAX_NOTE_LENGTH).optional(),
  /**
   * Policy `team_round_robin`: the team member whose turn it is, picked by the caller from the
   * owners API's teams with the portal's stored cursor (absent when the team has no members).
   */
  teamOwnerId: recordIdSchema.optional(),
  names: noteNamesSchema,
});

/** A deal of the contact reached a won stage in HubSpot. */
export const dealWonEventSchema = z.strictObject({
  type: z.literal('dealWon'),
  actor: actorSchema,
  dealId: recordIdSchema,
  names: noteNamesSchema,
});

/** The contact's deal reached a lost stage in HubSpot. */
export const dealLostEventSchema = z.strictObject({
  type: z.literal('dealLost'),
  actor: actorSchema,
  dealId: recordIdSchema,
  reason: z.string().max(MAX_LABEL_LENGTH).optional(),
  names: noteNamesSchema,
});

/** Any event of the loop, discriminated by `type`. */
export const lifecycleEventSchema = z.discriminatedUnion('type', [
  scoreChangedEventSchema,
  handOffEventSchema,
  returnToMarketingEventSchema,
  dealWonEventSchema,
  dealLostEventSchema,
]);
/** Any event of the loop, discriminated by `type`. */
export type LifecycleEvent = z.infer<typeof lifecycleEventSchema>;
/** The contact was re-scored. */
export type ScoreChangedEvent = z.infer<typeof scoreChangedEventSchema>;
/** Marketing hands the contact to sales. */
export type HandOffEvent = z.infer<typeof handOffEventSchema>;
/** Sales returns the contact to marketing. */
export type ReturnToMarketingEvent = z.infer<typeof returnToMarketingEventSchema>;
/** A deal was won. */
export type DealWonEvent = z.infer<typeof dealWonEventSchema>;
/** The deal was lost. */
export type DealLostEvent = z.infer<typeof dealLostEventSchema>;
