// The three invariants issue 16 names, over random loop histories.
import fc from 'fast-check';
import {
  applyProposal,
  backtest,
  calibrate,
  ruleEvidence,
  splitByTime,
  type DecidedRecord,
} from '../../../src/domain/calibration/index.ts';
import { REASONS, calibrationModel, handOff } from './build.ts';

const RULE_IDS = ['small-company', 'title-vp', 'software'] as const;
const POINTS: Record<(typeof RULE_IDS)[number], number> = {
  'small-company': 10,
  'title-vp': 20,
  software: 10,
};

/** A decided hand-off on a random day, matching a random subset of the rules. */
const recordArb = fc
  .record({
    day: fc.integer({ min: 0, max: 400 }),
    matched: fc.subarray([...RULE_IDS]),
    outcome: fc.constantFrom<DecidedRecord['outcome']>('won', 'lost', 'returned'),
    reason: fc.constantFrom('no_budget', 'bad_timing', 'no_need'),
  })
  .map(({ day, matched, outcome, reason }) =>
    handOff(day, Object.fromEntries(matched.map((id) => [id, POINTS[id]])), outcome, reason),
  );

/** Histories that are sometimes skewed, so real proposals come up as well as empty ones. */
const historyArb = fc
  .tuple(fc.array(recordArb, { minLength: 0, maxLength: 160 }), fc.boolean())
  .map(([records, skew]) =>
    skew
      ? records.map((record) =>
          record.rules?.['small-company'] !== undefined && record.outcome !== 'lost'
            ? { ...record, outcome: 'returned' as const, reason: 'no_budget' }
            : record,
        )
      : records,
  );

describe('calibration invariants', () => {
  it('never proposes a change for a rule whose evidence is below the minimum sample', () => {
    fc.assert(
      fc.property(historyArb, (records) => {
        const model = calibrationModel();
        const result = calibrate(records, model, REASONS);
        const evidence = new Map(ruleEvidence(records, model).map((e) => [e.ruleId, e]));
        for (const change of result.proposal.rules) {
          const rule = evidence.get(change.ruleId);
          expect(rule?.enough).toBe(true);
          expect(rule!.matched.decided).toBeGreaterThanOrEqual(result.limits.minRuleSample);
          expect(rule!.unmatched.decided).toBeGreaterThanOrEqual(result.limits.minRuleSample);
        }
        if (records.length < result.limits.minHandOffs) {
          expect(result.proposal.rules).toEqual([]);
          expect(result.proposal.thresholds).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('proposes no further change of a rule in the same direction once applied', () => {
    fc.assert(
      fc.property(historyArb, (records) => {
        const model = calibrationModel();
        const first = calibrate(records, model, REASONS).proposal;
        const applied = applyProposal(model, first);
        const second = calibrate(records, applied, REASONS).proposal;
        for (const change of first.rules) {
          const again = second.rules.find((next) => next.ruleId === change.ruleId);
          if (again === undefined) continue;
          const direction = Math.sign(change.to - change.from);
          expect(Math.sign(again.to - again.from)).not.toBe(direction);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never uses the held-out hand-offs to fit the backtested proposal', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.array(fc.constantFrom<DecidedRecord['outcome']>('won', 'lost', 'returned'), {
          minLength: 160,
          maxLength: 160,
        }),
        (records, outcomes) => {
          const model = calibrationModel();
          const { test } = splitByTime(records, 0.25);
          const heldOut = new Set(test);
          // Rewrite every held-out outcome: the fitted proposal must not notice.
          const rewritten = records.map((record, index) =>
            heldOut.has(record)
              ? {
                  ...record,
                  outcome: outcomes[index] as DecidedRecord['outcome'],
                  reason: 'no_need',
                }
              : record,
          );
          const original = backtest(records, model, REASONS);
          const changed = backtest(rewritten, model, REASONS);
          expect(changed.fitted).toEqual(original.fitted);
          expect(changed.trained).toBe(original.trained);
        },
      ),
      { numRuns: 150 },
    );
  });
});
