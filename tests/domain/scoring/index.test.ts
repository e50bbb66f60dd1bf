import * as scoring from '../../../src/domain/scoring/index.ts';

describe('the scoring public API', () => {
  it('exports every documented function and constant', () => {
    const names = Object.keys(scoring).sort();
    expect(names).toEqual([
      'DATE_OPERATORS',
      'DEFAULT_MODEL_PROPERTY_SOURCE',
      'DEFAULT_REASON_COUNT',
      'DEFAULT_SCORING_MODEL',
      'DEFAULT_SCORING_PROPERTIES',
      'DIMENSIONS',
      'DIMENSION_LABELS',
      'ENUMERATION_OPERATORS',
      'MAX_RULE_POINTS',
      'NEXT_CHANGE_HORIZON_DAYS',
      'NEXT_CHANGE_RESOLUTION_MS',
      'NUMBER_OPERATORS',
      'OPERATORS',
      'PRESENCE_OPERATORS',
      'SCORE_PROPERTY_NAMES',
      'SCORING_MODEL_VERSION',
      'TEXT_OPERATORS',
      'bandOf',
      'changedScoreProperties',
      'describeRule',
      'evaluate',
      'explainScore',
      'formatModelError',
      'formatNumber',
      'formatPoints',
      'formatReasons',
      'gradeOf',
      'matchesRule',
      'nextScoreChangeAt',
      'propertiesReadBy',
      'scorePropertyValues',
      'scoreWrites',
      'scoringModelSchema',
      'shownScore',
      'storedScoreWrites',
      'topReasons',
      'validateModel',
      'withPropertyLabels',
    ]);
    for (const name of names) {
      expect(scoring[name as keyof typeof scoring]).toBeDefined();
    }
  });

  it('groups the operators by the type of value they compare', () => {
    expect(scoring.TEXT_OPERATORS).toContain('contains');
    expect(scoring.NUMBER_OPERATORS).toEqual(['eq', 'gt', 'gte', 'lt', 'lte', 'between']);
    expect(scoring.ENUMERATION_OPERATORS).toEqual(['is_any_of', 'is_none_of']);
    expect(scoring.DATE_OPERATORS).toEqual([
      'within_last_days',
      'older_than_days',
      'before',
      'after',
    ]);
    expect(scoring.PRESENCE_OPERATORS).toEqual(['is_known', 'is_unknown']);
    expect(scoring.DIMENSIONS).toEqual(['fit', 'engagement']);
    expect(scoring.DIMENSION_LABELS.engagement).toEqual({ en: 'Engagement', de: 'Engagement' });
  });
});
