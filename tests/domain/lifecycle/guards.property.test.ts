// The card's buttons and the domain's transition must agree (issue 11): the card offers a hand-off
// exactly when `canHandOff` says so, and a return exactly when `canReturn` does, so these checks
// tie both to what `transition` actually accepts.
import fc from 'fast-check';
import {
  DEFAULT_RETURN_REASONS,
  canHandOff,
  canReturn,
  transition,
  type LifecycleEvent,
  type LifecyclePolicy,
} from '../../../src/domain/lifecycle/index.ts';
import { eventArb, policyArb, validStateArb } from './arbitraries.ts';

const NOW = new Date(Date.UTC(2026, 0, 1));
const STATE_GUARDS = new Set([
  'customer_cannot_hand_off',
  'stage_not_eligible',
  'already_opportunity',
  'customer_cannot_return',
  'not_with_sales',
  'deal_pending',
]);

/** A policy that accepts the explicit owner `s1` whatever the generated one said. */
const withSalesOwner = (policy: LifecyclePolicy): LifecyclePolicy => ({
  ...policy,
  salesOwnerIds: [...new Set([...policy.salesOwnerIds, 's1'])],
});

describe('canHandOff / canReturn agree with transition', () => {
  it('a hand-off the card offers succeeds; one it hides is refused by a state guard', () => {
    fc.assert(
      fc.property(validStateArb, policyArb, (state, generated) => {
        const policy = withSalesOwner(generated);
        const event: LifecycleEvent = {
          type: 'handOff',
          actor: 'u1',
          salesOwner: { mode: 'explicit', ownerId: 's1' },
        };
        const result = transition(state, event, policy, NOW);
        if (canHandOff(state)) expect(result).toMatchObject({ ok: true });
        else expect(STATE_GUARDS).toContain(result.ok ? 'accepted' : result.rejection.code);
      }),
      { numRuns: 500 },
    );
  });

  it('a return the card offers succeeds; one it hides is refused by a state guard', () => {
    fc.assert(
      fc.property(validStateArb, policyArb, (state, policy) => {
        const event: LifecycleEvent = {
          type: 'returnToMarketing',
          actor: 'u1',
          reason: DEFAULT_RETURN_REASONS[0]!.code,
          note: 'Budget frozen until Q3',
        };
        const result = transition(state, event, policy, NOW);
        if (canReturn(state)) expect(result).toMatchObject({ ok: true });
        else expect(STATE_GUARDS).toContain(result.ok ? 'accepted' : result.rejection.code);
      }),
      { numRuns: 500 },
    );
  });

  it('no event of either kind, however its details vary, passes a guard the card hides', () => {
    fc.assert(
      fc.property(validStateArb, policyArb, eventArb, (state, policy, event) => {
        const result = transition(state, event, policy, NOW);
        if (!result.ok) return;
        if (event.type === 'handOff') expect(canHandOff(state)).toBe(true);
        if (event.type === 'returnToMarketing') expect(canReturn(state)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('covers both answers of each guard (the generators reach every branch)', () => {
    const states = fc.sample(validStateArb, 2000);
    expect(new Set(states.map(canHandOff))).toEqual(new Set([true, false]));
    expect(new Set(states.map(canReturn))).toEqual(new Set([true, false]));
  });
});
