// Issue 15 item 9: the default model rates C-level titles as C-level, by whole words, so "CTO"
// counts and "Director" (which contains the letters c-t-o) does not.
import {
  DEFAULT_SCORING_MODEL,
  evaluate,
  matchesRule,
  validateModel,
  type ScoringRule,
} from '../../../src/domain/scoring/index.ts';
import { NOW } from './model-builders.ts';

/** The seniority points the default model gives a job title, and the rules that gave them. */
function seniority(jobtitle: string) {
  const result = evaluate({ jobtitle }, DEFAULT_SCORING_MODEL, NOW);
  const reasons = result.reasons.filter((reason) => reason.groupId === 'seniority');
  return {
    points: reasons.reduce((sum, reason) => sum + reason.points, 0),
    rules: reasons.map((reason) => reason.ruleId),
  };
}

describe('C-level titles in the default model', () => {
  it.each([
    ['CEO', 'title-ceo'],
    ['CFO', 'title-cfo'],
    ['CTO & Co-Founder', 'title-cto'],
    ['Coo', 'title-coo'],
    ['Chief Executive Officer', 'title-c-level'],
    ['Geschäftsführer', 'title-managing-director-de'],
    ['Vorstand Finanzen', 'title-vorstand-de'],
    ['Vorstandsvorsitzender', 'title-vorstand-de'],
    ['Mitglied des Vorstands', 'title-vorstand-de'],
  ])('rates "%s" as C-level (25 points)', (title, rule) => {
    const rated = seniority(title);
    expect(rated.points).toBe(25);
    expect(rated.rules).toContain(rule);
  });

  it.each(['Director of Sales', 'Project Coordinator', 'Cooperation Manager', 'Doctor'])(
    'does not rate "%s" as C-level',
    (title) => {
      const rated = seniority(title);
      expect(rated.points).toBeLessThan(25);
      expect(rated.rules.filter((id) => /^title-(ceo|cfo|cto|coo|vorstand)/.test(id))).toEqual([]);
    },
  );

  it('stays a valid model', () => {
    expect(validateModel(DEFAULT_SCORING_MODEL).ok).toBe(true);
  });
});

describe('contains_word', () => {
  const rule = (value: string): ScoringRule => ({
    id: 'r',
    label: { en: 'r', de: 'r' },
    property: 'jobtitle',
    operator: 'contains_word',
    value,
    points: 5,
  });

  it('matches whole words and phrases, case-insensitively, in any script', () => {
    expect(matchesRule(rule('cto'), { jobtitle: 'Interim-CTO' }, NOW)).toBe(true);
    expect(
      matchesRule(rule('vice president'), { jobtitle: 'Senior Vice-President, EMEA' }, NOW),
    ).toBe(true);
    expect(matchesRule(rule('geschäftsführer'), { jobtitle: 'GESCHÄFTSFÜHRER' }, NOW)).toBe(true);
    expect(matchesRule(rule('cto'), { jobtitle: 'Director' }, NOW)).toBe(false);
    expect(matchesRule(rule('vice president'), { jobtitle: 'President, Vice' }, NOW)).toBe(false);
    expect(matchesRule(rule('cto'), {}, NOW)).toBe(false);
  });
});
