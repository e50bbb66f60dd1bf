// The per-portal rules of the loop, tuned by an admin on the settings page. Every field has a
// default, so `{}` parses to HubSpot's standard set-up (DEFAULT_LIFECYCLE_POLICY).
import { z } from 'zod';
import type { Localized } from '../errors.ts';
import { LIFECYCLE_STAGES, MAX_ID_LENGTH, recordIdSchema } from './state.ts';
import type { LifecycleStage } from './state.ts';

/** Maximum number of return reasons and of sales owners in the round robin. */
export const MAX_POLICY_LIST_ITEMS = 50;
/** Maximum length of a label, a deal name pattern or a pipeline / stage / status value. */
export const MAX_LABEL_LENGTH = 200;

const notBlank = (s: string): boolean => s.trim().length > 0;
const portalValue = z
  .string()
  .max(MAX_LABEL_LENGTH)
  .refine(notBlank, 'The value must not be blank');
const label = z.strictObject({
  en: z.string().max(MAX_LABEL_LENGTH).refine(notBlank, 'Enter an English label'),
  de: z.string().max(MAX_LABEL_LENGTH).refine(notBlank, 'Enter a German label'),
});

/**
 * HubSpot's default `hs_lead_status` values. A portal may add its own, so the policy accepts any
 * value; these are what the defaults use.
 * https://knowledge.hubspot.com/records/use-lifecycle-stages
 */
export const HUBSPOT_LEAD_STATUSES = [
  'NEW',
  'OPEN',
  'IN_PROGRESS',
  'OPEN_DEAL',
  'UNQUALIFIED',
  'ATTEMPTED_TO_CONTACT',
  'CONNECTED',
  'BAD_TIMING',
] as const;

/** HubSpot's standard internal `lifecyclestage` values, per domain stage. */
export const DEFAULT_STAGE_MAP: Record<LifecycleStage, string> = {
  subscriber: 'subscriber',
  lead: 'lead',
  mql: 'marketingqualifiedlead',
  sql: 'salesqualifiedlead',
  opportunity: 'opportunity',
  customer: 'customer',
  evangelist: 'evangelist',
  other: 'other',
};

/** Why sales returns an opportunity to marketing, and the lead status the contact gets. */
export const returnReasonSchema = z.strictObject({
  code: z
    .string()
    .max(MAX_ID_LENGTH)
    .regex(/^[a-z][a-z0-9_]*$/, 'Use lower-case letters, digits and underscores'),
  label,
  leadStatus: portalValue,
});
/** Why sales returns an opportunity to marketing, and the lead status the contact gets. */
export type ReturnReason = z.infer<typeof returnReasonSchema>;

/** A return reason of the defaults, in one line. */
const reason = (
  code: string,
  en: string,
  de: string,
  leadStatus: (typeof HUBSPOT_LEAD_STATUSES)[number],
): ReturnReason => ({ code, label: { en, de }, leadStatus });

/**
 * Default return reasons. A reason that disqualifies the contact sets UNQUALIFIED; bad timing sets
 * HubSpot's own BAD_TIMING; a contact that only needs more nurturing (or whose reason is "other",
 * explained in the required note) stays workable for marketing as OPEN.
 */
export const DEFAULT_RETURN_REASONS: ReturnReason[] = [
  reason('no_budget', 'No budget', 'Kein Budget', 'UNQUALIFIED'),
  reason('no_authority', 'No decision authority', 'Keine Entscheidungsbefugnis', 'UNQUALIFIED'),
  reason('no_need', 'No need', 'Kein Bedarf', 'UNQUALIFIED'),
  reason('bad_timing', 'Bad timing', 'Falscher Zeitpunkt', 'BAD_TIMING'),
  reason('competitor_preferred', 'Competitor preferred', 'Wettbewerber bevorzugt', 'UNQUALIFIED'),
  reason('not_a_good_deal', 'Not a good deal for us', 'Kein gutes Geschäft für uns', 'UNQUALIFIED'),
  reason('needs_nurturing', 'Needs more nurturing', 'Weiter entwickeln', 'OPEN'),
  reason('other', 'Other', 'Sonstiges', 'OPEN'),
];

/** The reason code whose note is required when `requireNoteForOther` is on. */
export const OTHER_REASON_CODE = 'other';

/**
 * How hand-off and return move HubSpot's Leads object: `auto` uses it where the portal has it
 * (detected per portal), `off` never touches it. Stage and pipeline ids left out are taken from the
 * portal's lead pipelines (the default pipeline's "Qualified" stage and first stage).
 */
const leadsObjectPolicySchema = z.strictObject({
  mode: z.enum(['auto', 'off']).default('auto'),
  qualifiedStageId: portalValue.optional(),
  returnPipelineId: portalValue.optional(),
  returnStageId: portalValue.optional(),
});

const stageMapSchema = z.strictObject(
  Object.fromEntries(
    LIFECYCLE_STAGES.map((stage) => [stage, portalValue.default(DEFAULT_STAGE_MAP[stage])]),
  ) as Record<LifecycleStage, z.ZodDefault<typeof portalValue>>,
);

const stageIdList = (fallback: string) =>
  z
    .array(portalValue)
    .min(1, 'Name at least one stage')
    .max(MAX_POLICY_LIST_ITEMS)
    .default([fallback]);

/** The languages the product writes in. */
export const LANGUAGES = ['en', 'de'] as const;
/** Owners whose language an admin may set (a portal's owners; HubSpot lists ≤ 500 per page). */
export const MAX_OWNER_LANGUAGES = 1000;

/**
 * Who owns a contact returned to marketing. `previous_owner`: the owner it had before its last
 * hand-off (recorded in the loop history at hand-off); `configured`: `marketingOwnerId`;
 * `team_round_robin`: the members of a HubSpot team in turn (the owners API carries each owner's
 * teams). When the chosen way finds nobody, `marketingOwnerId` is used, else the owner is kept.
 */
export const returnOwnerSchema = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('previous_owner') }),
    z.strictObject({ mode: z.literal('configured') }),
    z.strictObject({ mode: z.literal('team_round_robin'), teamId: recordIdSchema }),
  ],
  { error: 'Choose previous_owner, configured or team_round_robin' },
);
/** Who owns a contact returned to marketing. */
export type ReturnOwner = z.infer<typeof returnOwnerSchema>;

/** The loop's rules for one portal. */
export const lifecyclePolicySchema = z
  .strictObject({
    /** Promote a subscriber or lead to MQL when its score reaches the MQL band. */
    autoPromoteToMql: z.boolean().default(true),
    /** Domain stage → the portal's internal `lifecyclestage` value (stages are customisable). */
    stageMap: stageMapSchema.prefault({}),
    /** Who owns a contact returned to marketing; when absent the owner is kept and the note says so. */
    marketingOwnerId: recordIdSchema.optional(),
    /** Who owns a contact returned to marketing (default: the owner before the hand-off). */
    returnOwner: returnOwnerSchema.default({ mode: 'previous_owner' }),
    /**
     * The language of the tasks and notes the product writes for an owner (HubSpot's owners API
     * carries no language or locale, crm-owners.json PublicOwner): per owner id, else `default`.
     */
    ownerLanguages: z
      .strictObject({
        default: z.enum(LANGUAGES, { error: 'Choose en or de' }).default('en'),
        byOwner: z
          .record(recordIdSchema, z.enum(LANGUAGES, { error: 'Choose en or de' }))
          .refine(
            (map) => Object.keys(map).length <= MAX_OWNER_LANGUAGES,
            `At most ${MAX_OWNER_LANGUAGES} owners`,
          )
          .default({}),
      })
      .prefault({}),
    /** Sales owners taking hand-offs in turn (round robin). */
    salesOwnerIds: z.array(recordIdSchema).max(MAX_POLICY_LIST_ITEMS).default([]),
    /** Lead status set on hand-off: HubSpot's default "Open deal". */
    handOffLeadStatus: portalValue.default('OPEN_DEAL'),
    /** Where a hand-off opens its deal, and how the deal is named. */
    newDeal: z
      .strictObject({
        pipelineId: portalValue.default('default'),
        stageId: portalValue.default('appointmentscheduled'),
        namePattern: portalValue.default('{company} – {contact}'),
      })
      .prefault({}),
    /** What happens to an open deal when its contact is returned to marketing. */
    onReturn: z
      .discriminatedUnion('mode', [
        z.strictObject({ mode: z.literal('close_lost') }),
        z.strictObject({ mode: z.literal('move_to_stage'), stageId: portalValue }),
      ])
      .default({ mode: 'close_lost' }),
    /** Deal stages that mean "won" (HubSpot's default pipeline: closedwon). */
    wonStageIds: stageIdList('closedwon'),
    /** Deal stages that mean "lost"; the first is used to close a returned deal. */
    lostStageIds: stageIdList('closedlost'),
    returnReasons: z
      .array(returnReasonSchema)
      .min(1, 'Keep at least one return reason')
      .max(MAX_POLICY_LIST_ITEMS)
      .default(DEFAULT_RETURN_REASONS),
    /** A return with the reason "other" must explain itself in a note. */
    requireNoteForOther: z.boolean().default(true),
    /** HubSpot's Leads object (0-136) in portals that have it (src/domain/lifecycle/lead-object.ts). */
    leadsObject: leadsObjectPolicySchema.prefault({}),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.returnReasons.forEach((reason, index) => {
      if (seen.has(reason.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['returnReasons', index, 'code'],
          message: `The reason code "${reason.code}" is used twice`,
          input: reason.code,
        });
      }
      seen.add(reason.code);
    });
    if (policy.returnOwner.mode === 'configured' && policy.marketingOwnerId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['marketingOwnerId'],
        message: 'Choose the marketing owner who takes returned contacts',
        input: policy.marketingOwnerId,
      });
    }
    const closed = new Set([...policy.wonStageIds, ...policy.lostStageIds]);
    if (closed.has(policy.newDeal.stageId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['newDeal', 'stageId'],
        message: 'A new deal cannot start in a won or lost stage',
        input: policy.newDeal.stageId,
      });
    }
    if (policy.onReturn.mode === 'move_to_stage' && closed.has(policy.onReturn.stageId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['onReturn', 'stageId'],
        message: 'To close the deal on return, choose "close as lost" instead of a closed stage',
        input: policy.onReturn.stageId,
      });
    }
    policy.wonStageIds.forEach((stageId, index) => {
      if (policy.lostStageIds.includes(stageId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['wonStageIds', index],
          message: `The stage "${stageId}" cannot mean both won and lost`,
          input: stageId,
        });
      }
    });
  });
/** The loop's rules for one portal. */
export type LifecyclePolicy = z.infer<typeof lifecyclePolicySchema>;

/** HubSpot's standard set-up: the policy `{}` parses to. */
export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = lifecyclePolicySchema.parse({});

/** The language tasks for `ownerId` are written in. */
export function ownerLanguage(
  policy: LifecyclePolicy,
  ownerId: string | undefined,
): (typeof LANGUAGES)[number] {
  return (
    (ownerId === undefined ? undefined : policy.ownerLanguages.byOwner[ownerId]) ??
    policy.ownerLanguages.default
  );
}

/** Finds a return reason by its code. */
export function findReturnReason(policy: LifecyclePolicy, code: string): ReturnReason | undefined {
  return policy.returnReasons.find((reason) => reason.code === code);
}

/**
 * What the portal's deal pipelines say about their stages, as plain data: every pipeline has its own
 * stage ids, and HubSpot marks a closed stage with `metadata.isClosed: "true"` and its outcome with
 * `metadata.probability` ("1.0" won, "0.0" lost). https://developers.hubspot.com/docs/api/crm/pipelines
 */
export interface DealStageCatalog {
  won: ReadonlySet<string>;
  lost: ReadonlySet<string>;
  /** Every stage id of every deal pipeline (a stage outside it is new or from another portal). */
  known: ReadonlySet<string>;
}

/** The stage data `dealStageCatalog` reads (the gateway's Pipeline has this shape). */
export interface PipelineStageData {
  stages: readonly { id: string; metadata: Readonly<Record<string, string>> }[];
}

/** An empty catalog: only the policy's stage lists classify. */
export const NO_DEAL_STAGES: DealStageCatalog = {
  won: new Set(),
  lost: new Set(),
  known: new Set(),
};

/**
 * Builds the catalog from the portal's pipelines: closed with probability 1 is won, closed with
 * probability 0 is lost; a closed stage with any other probability is left unclassified (open).
 */
export function dealStageCatalog(pipelines: readonly PipelineStageData[]): DealStageCatalog {
  const won = new Set<string>();
  const lost = new Set<string>();
  const known = new Set<string>();
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages) {
      known.add(stage.id);
      if (stage.metadata.isClosed !== 'true') continue;
      const probability = Number(stage.metadata.probability);
      if (probability === 1) won.add(stage.id);
      else if (probability === 0) lost.add(stage.id);
    }
  }
  return { won, lost, known };
}

/** A pipeline as `closingStageIn` reads it: its id and its stages' metadata. */
export interface PipelineData extends PipelineStageData {
  id: string;
}

/**
 * The stage that closes a deal of pipeline `pipelineId` as won or lost. Stage ids differ per
 * pipeline (HUBSPOT.md, pipelines), so the policy's `preferred` stage is used only where it belongs
 * to the deal's pipeline; otherwise that pipeline's own closed stage with probability 1 (won) or 0
 * (lost); when the pipeline has none (or is unknown), `preferred` as before.
 */
export function closingStageIn(
  pipelines: readonly PipelineData[],
  pipelineId: string | undefined,
  outcome: 'won' | 'lost',
  preferred: string,
): string {
  const pipeline = pipelines.find((candidate) => candidate.id === pipelineId);
  if (!pipeline || pipeline.stages.some((stage) => stage.id === preferred)) return preferred;
  const probability = outcome === 'won' ? 1 : 0;
  const closing = pipeline.stages.find(
    (stage) =>
      stage.metadata.isClosed === 'true' && Number(stage.metadata.probability) === probability,
  );
  return closing?.id ?? preferred;
}

/**
 * Classifies a deal stage: a webhook's new `dealstage` becomes a dealWon / dealLost event or none.
 * The policy's `wonStageIds` / `lostStageIds` (settings) decide first for the stages they name;
 * every other stage is classified by its pipeline's metadata.
 */
export function classifyDealStage(
  policy: LifecyclePolicy,
  stageId: string,
  catalog: DealStageCatalog = NO_DEAL_STAGES,
): 'won' | 'lost' | 'open' {
  if (policy.wonStageIds.includes(stageId)) return 'won';
  if (policy.lostStageIds.includes(stageId)) return 'lost';
  if (catalog.won.has(stageId)) return 'won';
  if (catalog.lost.has(stageId)) return 'lost';
  return 'open';
}

/** The label of a return reason, or the code itself when the reason is no longer configured. */
export function labelReturnReason(policy: LifecyclePolicy, code: string): Localized {
  return findReturnReason(policy, code)?.label ?? { en: code, de: code };
}

/** The domain stage for a portal's internal lifecycle value (custom stages map through settings). */
export function stageFromPortalValue(
  value: string | null | undefined,
  policy: LifecyclePolicy,
): LifecycleStage {
  if (!value) return 'lead';
  const mapped = LIFECYCLE_STAGES.find((stage) => policy.stageMap[stage] === value);
  if (mapped) return mapped;
  return LIFECYCLE_STAGES.find((stage) => DEFAULT_STAGE_MAP[stage] === value) ?? 'other';
}
