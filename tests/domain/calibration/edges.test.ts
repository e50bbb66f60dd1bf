// Edges of the calibration: thresholds lowered as well as raised, changes already made, records
// without scores, reasons or grades, and the plain counts behind each statement.
import {
  backtest,
  calibrate,
  emptyTally,
  gradeEvidence,
  percent,
  propose,
  reasonEvidence,
  reasonLabel,
  rescore,
  returnRate,
  ruleChangeFor,
  ruleEvidence,
  scoreBands,
  thresholdChangeFor,
  topReason,
  winRate,
  type DecidedRecord,
} from '../../../src/domain/calibration/index.ts';
import { REASONS, calibrationModel, handOff, patternedHistory } from './build.ts';

/** 20 hand-offs scoring 25 that were all won, 30 scoring 40 that mostly came back. */
function belowThresholdWins(): DecidedRecord[] {
  return [
    ...Array.from({ length: 20 }, (_, i) => ({ ...handOff(i, {}, 'won'), score: 25 })),
    ...Array.from({ length: 30 }, (_, i) => ({
      ...handOff(20 + i, {}, i < 20 ? 'returned' : 'won', 'no_need'),
      score: 40,
    })),
  ];
}

describe('threshold changes', () => {
  it('lowers the SQL threshold when hand-offs below it were won and rarely came back', () => {
    const change = thresholdChangeFor(belowThresholdWins(), calibrationModel());
    expect(change).toMatchObject({ threshold: 'sql', from: 30, to: 25, wins: 20, returns: 0 });
    expect(change?.reason.en).toContain('lower the SQL threshold from 30 to 25');
    expect(change?.reason.de).toContain('senken');
  });

  it('raises it when the range just above it mostly came back', () => {
    const records = [
      ...Array.from({ length: 20 }, (_, i) => ({ ...handOff(i, {}, 'returned'), score: 32 })),
      ...Array.from({ length: 30 }, (_, i) => ({ ...handOff(20 + i, {}, 'won'), score: 60 })),
    ];
    const change = thresholdChangeFor(records, calibrationModel());
    expect(change).toMatchObject({ from: 30, to: 35, returns: 20, wins: 0 });
    expect(change?.reason.de).toContain('anheben');
    // Applied, the same history proposes no further threshold change.
    const applied = { ...calibrationModel(), thresholds: { mql: 20, sql: 35 } };
    expect(thresholdChangeFor(records, applied)).toBeUndefined();
  });

  it('skips hand-offs without a recorded score', () => {
    const records = belowThresholdWins().map((record) => ({ ...record, score: undefined }));
    expect(thresholdChangeFor(records, calibrationModel())).toBeUndefined();
  });
});

describe('rule changes', () => {
  const evidence = () => ruleEvidence(patternedHistory(200), calibrationModel());
  const small = () => evidence().find((rule) => rule.ruleId === 'small-company')!;

  it('proposes nothing for a rule already at or past its target', () => {
    expect(ruleChangeFor({ ...small(), points: -5 }, REASONS)).toBeUndefined();
    expect(ruleChangeFor({ ...small(), points: -20 }, REASONS)).toBeUndefined();
    expect(ruleChangeFor({ ...small(), points: 0 }, REASONS)?.to).toBe(-5);
  });

  it('proposes nothing when the difference could be chance', () => {
    expect(ruleChangeFor({ ...small(), z: 1.5 }, REASONS)).toBeUndefined();
  });

  it('words a lowering without a dominant reason', () => {
    const rule = small();
    const change = ruleChangeFor(
      { ...rule, matched: { ...rule.matched, returnsByReason: {} } },
      REASONS,
    );
    expect(change?.reason.en).not.toContain('of them for');
  });
});

describe('evidence and counts', () => {
  it('counts returns without a reason as "other" and labels unknown codes by their code', () => {
    const records: DecidedRecord[] = [
      { ...handOff(1, { 'title-vp': 20 }, 'returned'), reason: undefined },
      { ...handOff(2, {}, 'returned', 'custom_code'), grade: undefined },
      { ...handOff(3, { 'title-vp': 20 }, 'won'), score: undefined, grade: undefined },
    ];
    const reasons = reasonEvidence(records, calibrationModel(), REASONS);
    expect(reasons.map((reason) => [reason.reason, reason.returns])).toEqual([
      ['custom_code', 1],
      ['other', 1],
    ]);
    expect(reasonLabel(REASONS, 'custom_code')).toEqual({ en: 'custom_code', de: 'custom_code' });
    expect(scoreBands(records).reduce((n, band) => n + band.tally.decided, 0)).toBe(2);
    expect(gradeEvidence(records).map((grade) => grade.grade)).toEqual(['B1']);
  });

  it('says where the fit score rates returns below the wins', () => {
    const records = [
      ...Array.from({ length: 5 }, (_, i) => ({ ...handOff(i, {}, 'won'), grade: 'A1' })),
      ...Array.from({ length: 5 }, (_, i) => ({ ...handOff(9 + i, {}, 'returned'), grade: 'C2' })),
    ];
    const [noBudget] = reasonEvidence(records, calibrationModel(), REASONS);
    expect(noBudget?.unpredicted).toBe(false);
    expect(noBudget?.summary.en).toContain('rates these leads lower than the wins');
  });

  it('keeps shares and rates at 0 for empty groups, and breaks reason ties alphabetically', () => {
    const empty = emptyTally();
    expect([percent(1, 0), returnRate(empty), winRate(empty)]).toEqual([0, 0, 0]);
    expect(topReason(empty)).toBeUndefined();
    expect(topReason({ ...empty, returnsByReason: { b: 2, a: 2, c: 1 } })).toEqual({
      reason: 'a',
      count: 2,
    });
  });

  it('rescores a record without rule points by its total, and drops a rule the model removed', () => {
    const model = calibrationModel();
    expect(rescore({ ...handOff(0, {}, 'won'), rules: undefined, score: 50 }, model)).toBe(50);
    expect(rescore({ ...handOff(0, { gone: 15 }, 'won'), score: 50 }, model)).toBe(35);
  });
});

describe('summaries without a change', () => {
  it('says the model stays as it is when nothing differs by more than chance', () => {
    const neutral = Array.from({ length: 40 }, (_, i) =>
      handOff(i, { software: 10 }, i % 2 === 0 ? 'won' : 'returned'),
    );
    const result = calibrate(neutral, calibrationModel(), REASONS);
    expect(result.enough).toBe(true);
    expect(result.summary.en).toContain('the model stays as it is');
    expect(propose(neutral, calibrationModel(), REASONS)).toEqual({ rules: [], thresholds: [] });
    const tested = backtest(
      [...neutral, ...neutral.map((r, i) => ({ ...r, at: handOff(100 + i, {}, 'won').at }))],
      calibrationModel(),
      REASONS,
    );
    expect(tested.summary.en).toContain('proposed no change');
    expect(tested.summary.de).toContain('keine Änderung');
  });
});
