// fast-check generators for the lifecycle machine: valid start states, policies and event streams.
import fc from 'fast-check';
import type {
  LeadState,
  LifecycleEvent,
  LifecyclePolicy,
  LoopEntry,
} from '../../../src/domain/lifecycle/index.ts';
import {
  DEAL_STATUSES,
  DEFAULT_RETURN_REASONS,
  LIFECYCLE_STAGES,
  LOOP_ENTRY_KINDS,
  SCORE_BANDS,
  isValidState,
  lifecyclePolicySchema,
} from '../../../src/domain/lifecycle/index.ts';

const DEAL_IDS = ['d1', 'd2', 'd3'] as const;
const actor = fc.constantFrom('system', 'u1', 'u2');
const instant = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((ms) => new Date(ms).toISOString());

const loopEntry: fc.Arbitrary<LoopEntry> = fc.record(
  {
    kind: fc.constantFrom(...LOOP_ENTRY_KINDS),
    at: instant,
    by: actor,
    reason: fc.constantFrom('no_budget', 'bad_timing'),
    note: fc.string({ maxLength: 20 }),
    ownerId: fc.constantFrom('s1', 'm1'),
    dealId: fc.constantFrom(...DEAL_IDS),
    score: fc.integer({ min: 0, max: 100 }),
  },
  { requiredKeys: ['kind', 'at', 'by'] },
);

/** Any state that satisfies every invariant (raw combinations filtered by `isValidState`). */
export const validStateArb: fc.Arbitrary<LeadState> = fc
  .record(
    {
      contactId: fc.constant('c1'),
      companyId: fc.constant('co1'),
      stage: fc.constantFrom(...LIFECYCLE_STAGES),
      ownerId: fc.constantFrom('s1', 'm1', 'x9'),
      dealId: fc.constantFrom(...DEAL_IDS),
      dealStatus: fc.constantFrom(...DEAL_STATUSES),
      loopCount: fc.integer({ min: 0, max: 5 }),
      score: fc.record({
        total: fc.integer({ min: 0, max: 100 }),
        grade: fc.constantFrom('A1', 'B2', 'C3'),
        band: fc.constantFrom(...SCORE_BANDS),
      }),
      history: fc.array(loopEntry, { maxLength: 3 }),
    },
    { requiredKeys: ['contactId', 'stage', 'dealStatus', 'loopCount', 'history'] },
  )
  .map((state) => {
    // Keep loopCount ≥ the returns already in the generated history.
    const returns = state.history.filter((entry) => entry.kind === 'return').length;
    return { ...state, loopCount: state.loopCount + returns };
  })
  .filter(isValidState);

/** A policy with the defaults varied where the rules branch on them. */
export const policyArb: fc.Arbitrary<LifecyclePolicy> = fc
  .record({
    autoPromoteToMql: fc.boolean(),
    salesOwnerIds: fc.subarray(['s1', 's2', 's3']),
    marketingOwnerId: fc.option(fc.constant('m1'), { nil: undefined }),
    onReturn: fc.oneof(
      fc.constant({ mode: 'close_lost' as const }),
      fc.constant({ mode: 'move_to_stage' as const, stageId: 'nurture' }),
    ),
    requireNoteForOther: fc.boolean(),
  })
  .map((input) => lifecyclePolicySchema.parse(input));

const reasonCode = fc.constantFrom(...DEFAULT_RETURN_REASONS.map((reason) => reason.code), 'bogus');

/** Any well-formed event (legal or not in a given state). */
export const eventArb: fc.Arbitrary<LifecycleEvent> = fc.oneof(
  // Weighted so sequences travel the loop several times before a win ends it.
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('scoreChanged' as const),
      actor,
      total: fc.integer({ min: 0, max: 100 }),
      fit: fc.integer({ min: 0, max: 50 }),
      engagement: fc.integer({ min: 0, max: 50 }),
      grade: fc.constantFrom('A1', 'B2', 'C3'),
      band: fc.constantFrom(...SCORE_BANDS),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        type: fc.constant('handOff' as const),
        actor,
        salesOwner: fc.oneof(
          fc.record({
            mode: fc.constant('explicit' as const),
            ownerId: fc.constantFrom('s1', 's9'),
          }),
          fc.record({ mode: fc.constant('round_robin' as const), cursor: fc.nat({ max: 10 }) }),
          fc.constant({ mode: 'keep' as const }),
        ),
        companyName: fc.constantFrom('Acme', ''),
        contactName: fc.constantFrom('Jane Doe', ''),
      },
      { requiredKeys: ['type', 'actor', 'salesOwner'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        type: fc.constant('returnToMarketing' as const),
        actor,
        reason: reasonCode,
        note: fc.constantFrom('Budget frozen until Q3', '  '),
      },
      { requiredKeys: ['type', 'actor', 'reason'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('dealWon' as const),
      actor,
      dealId: fc.constantFrom(...DEAL_IDS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        type: fc.constant('dealLost' as const),
        actor,
        dealId: fc.constantFrom(...DEAL_IDS),
        reason: fc.constantFrom('Went with a competitor'),
      },
      { requiredKeys: ['type', 'actor', 'dealId'] },
    ),
  },
);

/** The id HubSpot gives a created deal, or undefined when the runner has not attached it yet. */
export const createdDealIdArb = fc.option(fc.constantFrom(...DEAL_IDS), { nil: undefined });
