// The plain-word explanation of a score: every rule listed (matched first, then unmatched), the
// grade, the band and decay in words, numbers formatted per language.
import {
  DEFAULT_SCORING_MODEL,
  evaluate,
  explainScore,
} from '../../../src/domain/scoring/index.ts';
import { daysAgo, NOW } from './model-builders.ts';

const student = {
  jobtitle: 'Student',
  email: 'max.muster@gmail.com',
  hs_analytics_num_visits: '1',
  hs_analytics_last_visit_timestamp: daysAgo(40),
};

/** A converter whose last conversion is 60 days old: its conversion points have decayed. */
const converter = {
  jobtitle: 'Head of IT',
  annualrevenue: '20000000',
  num_conversion_events: '2',
  recent_conversion_date: daysAgo(60),
};

const explain = (properties: Record<string, string>) => {
  const result = evaluate(properties, DEFAULT_SCORING_MODEL, NOW);
  return { result, explanation: explainScore(properties, DEFAULT_SCORING_MODEL, result, NOW) };
};

describe('explainScore', () => {
  it('lists every rule of the model once, matched ones first', () => {
    const { explanation } = explain(student);
    const ruleCount = [DEFAULT_SCORING_MODEL.fit, DEFAULT_SCORING_MODEL.engagement].reduce(
      (sum, dimension) => sum + dimension.groups.reduce((n, group) => n + group.rules.length, 0),
      0,
    );
    expect(explanation.rules).toHaveLength(ruleCount);
    expect(new Set(explanation.rules.map((rule) => rule.ruleId)).size).toBe(ruleCount);
    const firstUnmatched = explanation.rules.findIndex((rule) => rule.earned === null);
    expect(firstUnmatched).toBeGreaterThan(0);
    expect(explanation.rules.slice(firstUnmatched).every((rule) => rule.earned === null)).toBe(
      true,
    );
    expect(explanation.rules.slice(firstUnmatched).every((rule) => rule.detail === null)).toBe(
      true,
    );
  });

  it('names properties by label and formats numbers per language', () => {
    const { explanation } = explain(converter);
    const revenue = explanation.rules.find(
      (rule) =>
        rule.condition.en.startsWith('Annual revenue') && /\d{2},\d{3}/.test(rule.condition.en),
    );
    expect(revenue).toBeDefined();
    expect(revenue!.condition.en).not.toMatch(/annualrevenue|\d{5}/);
    expect(revenue!.condition.de).toMatch(/^Jahresumsatz .*\d{1,3}\.\d{3}\.\d{3}/);
  });

  it('says a negative rule cancelled by the floor of 0 was not counted', () => {
    const { explanation } = explain(student);
    const cancelled = explanation.rules.find(
      (rule) => rule.earned === 0 && rule.points < 0 && rule.dimension === 'fit',
    );
    expect(cancelled?.detail?.en).toMatch(/not counted: the score does not go below 0$/);
    expect(cancelled?.detail?.de).toMatch(/nicht angerechnet/);
    expect(explanation.rules.some((rule) => / of -/.test(rule.detail?.en ?? ''))).toBe(false);
  });

  it('explains the grade with its thresholds and the band with the total', () => {
    const { result, explanation } = explain(student);
    expect(explanation.grade.en).toContain(`Grade ${result.grade}: fit ${result.fit} points`);
    expect(explanation.grade.de).toContain(`Einstufung ${result.grade}`);
    expect(explanation.band.en).toBe(
      `${result.total} of at most ${DEFAULT_SCORING_MODEL.totalCap} points: MQL from ${DEFAULT_SCORING_MODEL.thresholds.mql}, SQL from ${DEFAULT_SCORING_MODEL.thresholds.sql}.`,
    );
  });

  it('explains decay with the half-life, and says nothing when decay is off', () => {
    const halfLife = DEFAULT_SCORING_MODEL.engagement.decay?.halfLifeDays;
    expect(halfLife).toBeDefined();
    expect(explain(student).explanation.decay?.en).toContain(`halve every ${halfLife} days`);
    const noDecay = {
      ...DEFAULT_SCORING_MODEL,
      engagement: { ...DEFAULT_SCORING_MODEL.engagement, decay: null },
    };
    const result = evaluate(student, noDecay, NOW);
    expect(explainScore(student, noDecay, result, NOW).decay).toBeNull();
  });

  it('shows decayed points as reduced by decay', () => {
    const { explanation } = explain(converter);
    const decayed = explanation.rules.find((rule) =>
      /reduced by decay/.test(rule.detail?.en ?? ''),
    );
    expect(decayed).toBeDefined();
    expect(decayed!.earned).toBeLessThan(decayed!.points);
  });
});
