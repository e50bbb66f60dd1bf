import {
  DEFAULT_LIFECYCLE_POLICY,
  initialLeadState,
  isValidState,
  transition,
} from '../../../src/domain/lifecycle/index.ts';
import {
  applyProposal,
  backtest,
  calibrate,
  handOffRecords,
  handOffScore,
  rescore,
} from '../../../src/domain/calibration/index.ts';
import { evaluate } from '../../../src/domain/scoring/index.ts';
import { REASONS, calibrationModel, handOff, patternedHistory } from './build.ts';

describe('calibrate', () => {
  it('says there is not enough data on a portal with 10 hand-offs', () => {
    // GIVEN 10 decided hand-offs WHEN calibrating
    const result = calibrate(patternedHistory(10), calibrationModel(), REASONS);
    // THEN nothing is proposed and the summary says why, in both languages
    expect(result.enough).toBe(false);
    expect(result.proposal).toEqual({ rules: [], thresholds: [] });
    expect(result.summary.en).toContain('not enough data');
    expect(result.summary.de).toContain('zu wenige Daten');
    expect(result.backtest.enough).toBe(false);
  });

  it('lowers the points of a rule whose leads come back for no budget, naming the counts', () => {
    const result = calibrate(patternedHistory(200), calibrationModel(), REASONS);
    const small = result.proposal.rules.find((change) => change.ruleId === 'small-company');
    expect(small).toBeDefined();
    expect(small!.to).toBeLessThan(small!.from);
    expect(small!.reason.en).toMatch(/came back \d+ of 100 times/);
    expect(small!.reason.en).toContain('No budget');
    expect(small!.reason.de).toContain('Punkte');
    // The neutral rule matched every lead: no comparison group, no change.
    expect(result.proposal.rules.find((change) => change.ruleId === 'software')).toBeUndefined();
    const software = result.evidence.rules.find((rule) => rule.ruleId === 'software');
    expect(software?.enough).toBe(false);
    expect(software?.summary.en).toContain('not enough to change this rule');
  });

  it('raises the points of a rule whose leads are won and rarely come back', () => {
    const result = calibrate(patternedHistory(200), calibrationModel(), REASONS);
    const vp = result.proposal.rules.find((change) => change.ruleId === 'title-vp');
    expect(vp?.to).toBeGreaterThan(vp?.from ?? Infinity);
  });

  it('reports evidence per threshold, grade, score band and return reason', () => {
    const result = calibrate(patternedHistory(200), calibrationModel(), REASONS);
    expect(result.evidence.thresholds.map((t) => t.threshold)).toEqual(['mql', 'sql']);
    const total = result.evidence.bands.reduce((sum, band) => sum + band.tally.decided, 0);
    expect(total).toBe(200);
    expect(result.evidence.grades.map((g) => g.grade)).toEqual(['A1', 'B1', 'C1']);
    const noBudget = result.evidence.reasons.find((reason) => reason.reason === 'no_budget');
    expect(noBudget?.returns).toBe(80);
  });

  it('backtests on the newest quarter and avoids returns', () => {
    const records = patternedHistory(200);
    const result = backtest(records, calibrationModel(), REASONS);
    expect(result.method).toBe('holdout_newest');
    expect(result.trained).toBe(150);
    expect(result.heldOut).toBe(50);
    expect(result.heldOutFrom).toBe(records[150]!.at);
    expect(result.enough).toBe(true);
    expect(result.returnsAvoided).toBeGreaterThan(0);
    expect(result.summary.en).toContain('never used to fit');
  });
});

describe('rescore and applyProposal', () => {
  it('moves a recorded score by the change of every matched rule, within the caps', () => {
    const model = calibrationModel();
    const record = handOff(0, { 'small-company': 10, 'title-vp': 20 }, 'won');
    const changed = applyProposal(model, {
      rules: [
        {
          ruleId: 'small-company',
          label: { en: '', de: '' },
          from: 10,
          to: -5,
          reason: { en: '', de: '' },
        },
      ],
      thresholds: [
        {
          threshold: 'sql',
          from: 30,
          to: 35,
          affected: 0,
          returns: 0,
          wins: 0,
          reason: { en: '', de: '' },
        },
      ],
    });
    expect(rescore(record, changed)).toBe(15);
    expect(changed.thresholds.sql).toBe(35);
    expect(rescore({ ...record, score: undefined }, changed)).toBeUndefined();
    expect(rescore({ ...record, score: 100, rules: { 'title-vp': 0 } }, model)).toBe(100);
  });
});

describe('handOffRecords', () => {
  it('pairs each hand-off with the next return, win or loss, counting loops', () => {
    const records = handOffRecords([
      {
        contactId: '7',
        history: [
          { kind: 'promoted', at: '2026-01-01T00:00:00.000Z', by: 'system' },
          { kind: 'won', at: '2026-01-01T12:00:00.000Z', by: 'system', dealId: '1' },
          {
            kind: 'handoff',
            at: '2026-01-02T00:00:00.000Z',
            by: 'u',
            score: 50,
            grade: 'A2',
            rules: { a: 5 },
          },
          {
            kind: 'return',
            at: '2026-01-12T00:00:00.000Z',
            by: 'u',
            reason: 'no_budget',
            dealId: '9',
          },
          { kind: 'handoff', at: '2026-02-01T00:00:00.000Z', by: 'u', dealId: '9' },
          { kind: 'handoff', at: '2026-02-02T00:00:00.000Z', by: 'u', dealId: '9' },
          { kind: 'won', at: '2026-02-12T00:00:00.000Z', by: 'u', dealId: '9' },
          { kind: 'handoff', at: '2026-03-01T00:00:00.000Z', by: 'u' },
        ],
      },
    ]);
    expect(records.map((r) => [r.loopNumber, r.outcome, r.reason, r.days])).toEqual([
      [1, 'returned', 'no_budget', 10],
      [2, 'open', undefined, undefined],
      [3, 'won', undefined, 10],
      [4, 'open', undefined, undefined],
    ]);
    expect(records[0]).toMatchObject({ score: 50, grade: 'A2', rules: { a: 5 }, dealId: '9' });
  });

  it('orders records by time, then by contact id', () => {
    const at = '2026-01-02T00:00:00.000Z';
    const records = handOffRecords([
      { contactId: 'b', history: [{ kind: 'handoff', at, by: 'u' }] },
      { contactId: 'a', history: [{ kind: 'handoff', at, by: 'u' }] },
    ]);
    expect(records.map((r) => r.contactId)).toEqual(['a', 'b']);
  });

  it('records the model points of every matched rule at the hand-off', () => {
    const model = calibrationModel();
    const result = evaluate({ prop: 'x' }, model, new Date('2026-01-01T00:00:00Z'));
    expect(handOffScore(result, model)).toEqual({
      total: 40,
      grade: result.grade,
      rules: { 'small-company': 10, 'title-vp': 20, software: 10 },
    });
  });
});

describe('the hand-off records its score for the calibration', () => {
  it('keeps total, grade and rule points in the history entry', () => {
    const state = {
      ...initialLeadState('5'),
      stage: 'mql' as const,
      score: { total: 12, grade: 'C3', band: 'lead' as const },
    };
    const result = transition(
      state,
      {
        type: 'handOff',
        actor: 'u1',
        salesOwner: { mode: 'explicit', ownerId: '77' },
        scoring: { total: 55, grade: 'A2', rules: { 'title-vp': 20 } },
      },
      DEFAULT_LIFECYCLE_POLICY,
      new Date('2026-03-01T00:00:00Z'),
    );
    if (!result.ok) throw new Error(result.rejection.message.en);
    expect(result.state.history.at(-1)).toMatchObject({
      kind: 'handoff',
      score: 55,
      grade: 'A2',
      rules: { 'title-vp': 20 },
    });
    expect(isValidState(result.state)).toBe(true);
  });
});
