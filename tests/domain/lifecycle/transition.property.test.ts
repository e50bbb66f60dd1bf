import fc from 'fast-check';
import type { Effect, LeadState } from '../../../src/domain/lifecycle/index.ts';
import {
  attachCreatedDeal,
  findStateProblems,
  indexOfStage,
  transition,
} from '../../../src/domain/lifecycle/index.ts';
import { createdDealIdArb, eventArb, policyArb, validStateArb } from './arbitraries.ts';

const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

/** Effects that name the deal a `createDeal` earlier in the same list will create. */
const refersToNewDeal = (effect: Effect): boolean =>
  JSON.stringify(effect).includes('"ref":"newDeal"');

describe('transition: properties over random event sequences', () => {
  it('keeps every state valid, counts exactly the accepted returns, and leaves state untouched on rejection', () => {
    fc.assert(
      fc.property(
        validStateArb,
        policyArb,
        fc.array(fc.tuple(eventArb, createdDealIdArb), { maxLength: 30 }),
        (start, policy, steps) => {
          let state: LeadState = start;
          let acceptedReturns = 0;
          steps.forEach(([event, createdDealId], index) => {
            const before = structuredClone(state);
            const now = new Date(START + index * MINUTE);
            const result = transition(state, event, policy, now);
            // The input is never mutated, accepted or not.
            expect(state).toEqual(before);
            if (!result.ok) return;

            expect(findStateProblems(result.state)).toEqual([]);
            if (event.type === 'returnToMarketing') acceptedReturns += 1;

            const created = result.effects.findIndex((effect) => effect.type === 'createDeal');
            result.effects.forEach((effect, position) => {
              // A new deal can only be referred to after the effect that creates it.
              if (refersToNewDeal(effect)) expect(created).toBeGreaterThanOrEqual(0);
              if (refersToNewDeal(effect)) expect(position).toBeGreaterThan(created);
              // Moving the contact's stage backwards always clears it first (HubSpot rule).
              if (effect.type === 'setLifecycleStage' && effect.object === 'contact') {
                const backwards = indexOfStage(result.state.stage) < indexOfStage(state.stage);
                if (backwards) expect(effect.clearFirst).toBe(true);
              }
            });

            state = result.state;
            // Usually the effect runner has created the deal and attaches the id HubSpot gave it.
            if (created >= 0 && createdDealId !== undefined) {
              state = attachCreatedDeal(state, createdDealId);
              expect(findStateProblems(state)).toEqual([]);
            }
          });
          expect(state.loopCount).toBe(start.loopCount + acceptedReturns);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps the loop count exact when the history is trimmed to its last 100 entries', () => {
    fc.assert(
      fc.property(policyArb, fc.integer({ min: 51, max: 80 }), (policy, loops) => {
        let state: LeadState = {
          contactId: 'c1',
          stage: 'mql',
          ownerId: 's1',
          dealStatus: 'none',
          loopCount: 0,
          history: [],
        };
        for (let loop = 0; loop < loops; loop += 1) {
          const now = new Date(START + loop * MINUTE);
          const handedOff = transition(
            state,
            { type: 'handOff', actor: 'u1', salesOwner: { mode: 'keep' } },
            policy,
            now,
          );
          if (!handedOff.ok) throw new Error(handedOff.rejection.code);
          state = attachCreatedDeal(handedOff.state, 'd1');
          const returned = transition(
            state,
            { type: 'returnToMarketing', actor: 'u1', reason: 'no_need' },
            policy,
            now,
          );
          if (!returned.ok) throw new Error(returned.rejection.code);
          state = returned.state;
        }
        expect(state.history).toHaveLength(100);
        expect(state.loopCount).toBe(loops);
        expect(findStateProblems(state)).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});
