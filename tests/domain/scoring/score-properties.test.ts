import {
  DEFAULT_SCORING_MODEL,
  SCORE_PROPERTY_NAMES,
  changedScoreProperties,
  evaluate,
  scorePropertyValues,
} from '../../../src/domain/scoring/index.ts';

const now = new Date('2026-11-27T00:00:00Z');
const vp = { jobtitle: 'VP Sales', numemployees: '500', country: 'Germany' };

describe('score properties', () => {
  it('writes every score property as a string', () => {
    const values = scorePropertyValues(evaluate(vp, DEFAULT_SCORING_MODEL, now));
    expect(Object.keys(values).sort()).toEqual([...SCORE_PROPERTY_NAMES].sort());
    expect(Object.values(values).every((value) => typeof value === 'string')).toBe(true);
  });

  it('answers null when the stored score is the same, even when HubSpot formats numbers as decimals', () => {
    const result = evaluate(vp, DEFAULT_SCORING_MODEL, now);
    const stored = scorePropertyValues(result);
    const asHubSpot = { ...stored, op_fit_score: `${stored.op_fit_score}.0` };
    expect(changedScoreProperties(asHubSpot, result)).toBeNull();
  });

  it('returns all score properties when one of them changed', () => {
    const result = evaluate(vp, DEFAULT_SCORING_MODEL, now);
    const stored = { ...scorePropertyValues(result), op_lead_grade: 'C3' };
    expect(changedScoreProperties(stored, result)).toEqual(scorePropertyValues(result));
  });

  it('treats a contact never scored as changed', () => {
    const result = evaluate({}, DEFAULT_SCORING_MODEL, now);
    expect(changedScoreProperties({}, result)).toEqual(scorePropertyValues(result));
  });
});
