import {
  QUESTIONS,
  QUESTION_IDS,
  SCALE,
  SCALE_VALUES,
  getQuestion,
  getScaleLabel,
} from '../../../src/domain/assessment/index.ts';

describe('the qualification questions', () => {
  it('lists each of the four questions exactly once, in display order', () => {
    expect(QUESTIONS.map((q) => q.id)).toEqual([
      'real_opportunity',
      'competitive_position',
      'good_deal',
      'can_win',
    ]);
    expect(QUESTION_IDS).toEqual(QUESTIONS.map((q) => q.id));
  });

  it('labels every question in English and German, for us and for a competitor, with help', () => {
    for (const question of QUESTIONS) {
      for (const text of [question.label, question.help, question.competitorLabel]) {
        expect(text.en.trim()).not.toBe('');
        expect(text.de.trim()).not.toBe('');
        expect(text.de).not.toBe(text.en);
      }
    }
  });

  it.each([
    ['real_opportunity', 'Is this a real opportunity?', 'Ist das eine echte Opportunity?'],
    ['competitive_position', 'How competitive are we against other vendors?', undefined],
    ['good_deal', 'Is it a good deal by our criteria?', undefined],
    ['can_win', 'Can we win the customer, and when?', undefined],
  ] as const)('GIVEN id %s WHEN looked up THEN it asks "%s"', (id, en, de) => {
    const question = getQuestion(id);
    expect(question.id).toBe(id);
    expect(question.label.en).toBe(en);
    if (de !== undefined) expect(question.label.de).toBe(de);
  });
});

describe('the answer scale', () => {
  it('has five steps from 1 to 5, each labelled in both languages', () => {
    expect(SCALE.map((step) => step.value)).toEqual([...SCALE_VALUES]);
    expect(SCALE_VALUES).toEqual([1, 2, 3, 4, 5]);
    for (const step of SCALE) {
      expect(step.label.en.trim()).not.toBe('');
      expect(step.label.de.trim()).not.toBe('');
    }
  });

  it.each([
    [1, 'No / clearly not', 'Nein / eindeutig nicht'],
    [5, 'Yes, proven', 'Ja, belegt'],
  ] as const)('labels step %i as "%s"', (value, en, de) => {
    expect(getScaleLabel(value)).toEqual({ en, de });
  });

  it('gives every step a distinct label', () => {
    expect(new Set(SCALE.map((s) => s.label.en)).size).toBe(5);
    expect(new Set(SCALE.map((s) => s.label.de)).size).toBe(5);
  });
});
