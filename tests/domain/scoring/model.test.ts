/* eslint-disable @typescript-eslint/no-explicit-any -- these tests break a model in arbitrary, ill-typed ways */
import type { FieldError } from '../../../src/domain/errors.ts';
import {
  formatModelError,
  OPERATORS,
  propertiesReadBy,
  validateModel,
} from '../../../src/domain/scoring/index.ts';
import {
  groupSchema,
  localizedSchema,
  MAX_GROUPS,
  MAX_ID_LENGTH,
  MAX_LIST_VALUES,
  MAX_RULES_PER_GROUP,
  MAX_TEXT_LENGTH,
  ruleSchema,
} from '../../../src/domain/scoring/model.ts';
import { modelWith, rule } from './model-builders.ts';

/** A deep copy of a valid model as plain JSON, to break in one place per test. */
const raw = (): Record<string, any> =>
  JSON.parse(
    JSON.stringify(
      modelWith({
        fitRules: [
          rule('job-title-director', {
            property: 'jobtitle',
            operator: 'contains',
            value: 'director',
          }),
          rule('company-size', { property: 'numemployees', operator: 'gte', value: 100 }),
          rule('job-title-vp', { property: 'jobtitle', operator: 'contains', value: 'vp' }),
        ],
        engagementRules: [
          rule('visits', {
            property: 'hs_analytics_num_visits',
            operator: 'gte',
            value: 3,
            decayDateProperty: 'hs_analytics_last_visit_timestamp',
          }),
        ],
      }),
    ),
  );

const errorsOf = (input: unknown): FieldError[] => {
  const result = validateModel(input);
  if (result.ok) throw new Error('expected the model to be invalid');
  return result.errors;
};
const linesOf = (input: unknown): string[] => errorsOf(input).map(formatModelError);

describe('validateModel', () => {
  it('accepts a valid model and returns it parsed', () => {
    const input = raw();
    const result = validateModel(input);
    expect(result).toEqual({ ok: true, value: input });
  });

  it('names the field path and the rule id of a wrongly typed value', () => {
    // GIVEN a number rule whose value is text
    const input = raw();
    input.fit.groups[0].rules[2] = {
      ...input.fit.groups[0].rules[2],
      operator: 'gt',
      value: 'ten',
    };
    // THEN the error names the path and the rule
    expect(errorsOf(input)).toEqual([
      { path: 'fit.groups.0.rules.2.value', message: 'rule "job-title-vp": expected a number' },
    ]);
    expect(linesOf(input)).toEqual([
      'fit.groups.0.rules.2.value (rule "job-title-vp"): expected a number',
    ]);
  });

  it.each([
    [
      'an unknown operator',
      { operator: 'resembles' },
      'operator',
      /expected an operator, one of: eq, neq/,
    ],
    [
      'a list operator without a list',
      { operator: 'in', value: 'de' },
      'value',
      /expected a list of values/,
    ],
    ['an empty list', { operator: 'is_any_of', value: [] }, 'value', /expected at least one value/],
    ['a text operator with a number', { operator: 'contains', value: 5 }, 'value', /expected text/],
    ['a blank text', { operator: 'contains', value: '  ' }, 'value', /must not be blank/],
    ['eq with a boolean', { operator: 'eq', value: true }, 'value', /expected text or a number/],
    [
      'between with min > max',
      { operator: 'between', value: [10, 5] },
      'value',
      /min must not be greater than max/,
    ],
    ['between with one number', { operator: 'between', value: [10] }, 'value', /./],
    [
      'a date operator with a non-date',
      { operator: 'before', value: 'tomorrow' },
      'value',
      /expected an ISO date/,
    ],
    ['days of 0', { operator: 'within_last_days', value: 0 }, 'value', /greater than 0/],
    ['fractional points', { points: 2.5 }, 'points', /whole number/],
    ['points above 100', { points: 101 }, 'points', /at most 100/],
    ['points below -100', { points: -101 }, 'points', /at least -100/],
    ['an upper-case property', { property: 'JobTitle' }, 'property', /internal property name/],
    ['a label without German', { label: { en: 'x' } }, 'label.de', /expected text/],
    ['a blank label', { label: { en: ' ', de: 'x' } }, 'label.en', /must not be blank/],
  ])('rejects %s, naming rule and field', (_name, change, field, message) => {
    const input = raw();
    input.fit.groups[0].rules[1] = { ...input.fit.groups[0].rules[1], ...change };
    const errors = errorsOf(input);
    expect(errors).toContainEqual({
      path: `fit.groups.0.rules.1.${field}`,
      message: expect.stringMatching(/^rule "company-size": /),
    });
    expect(errors.find((e) => e.path === `fit.groups.0.rules.1.${field}`)?.message).toMatch(
      message,
    );
  });

  it('rejects a rule that is not an object', () => {
    const input = raw();
    input.fit.groups[0].rules[0] = 'contains director';
    expect(linesOf(input)).toEqual(['fit.groups.0.rules.0: expected a rule']);
  });

  it('names the path only when the broken rule has no readable id', () => {
    const input = raw();
    input.fit.groups[0].rules[0].id = 'Not An Id!';
    expect(errorsOf(input)).toEqual([
      {
        path: 'fit.groups.0.rules.0.id',
        message:
          'rule "Not An Id!": use lower-case letters, digits, "-" and "_" (starting with a letter or digit)',
      },
    ]);
    input.fit.groups[0].rules[0].id = 7;
    expect(errorsOf(input)).toEqual([
      { path: 'fit.groups.0.rules.0.id', message: 'expected an id' },
    ]);
  });

  it('rejects duplicate rule ids across dimensions', () => {
    const input = raw();
    input.engagement.groups[0].rules[0].id = 'job-title-vp';
    expect(linesOf(input)).toEqual([
      'engagement.groups.0.rules.0.id (rule "job-title-vp"): duplicate rule id "job-title-vp"',
    ]);
  });

  it('rejects duplicate group ids', () => {
    const input = raw();
    input.engagement.groups[0].id = 'fit-group';
    expect(linesOf(input)).toEqual(['engagement.groups.0.id: duplicate group id "fit-group"']);
  });

  it('rejects decay on a fit rule', () => {
    const input = raw();
    input.fit.groups[0].rules[0].decayDateProperty = 'notes_last_updated';
    expect(linesOf(input)).toEqual([
      'fit.groups.0.rules.0.decayDateProperty (rule "job-title-director"): decay applies to engagement rules only',
    ]);
  });

  it.each([
    ['a group cap', (m: Record<string, any>) => (m.fit.groups[0].cap = -1), 'fit.groups.0.cap'],
    ['a dimension cap', (m: Record<string, any>) => (m.engagement.cap = -5), 'engagement.cap'],
    ['the total cap', (m: Record<string, any>) => (m.totalCap = -1), 'totalCap'],
  ])('rejects %s below 0', (_name, change, path) => {
    const input = raw();
    change(input);
    expect(linesOf(input)).toEqual([`${path}: must not be below 0`]);
  });

  it('rejects a half-life of 0 days', () => {
    const input = raw();
    input.engagement.decay = { halfLifeDays: 0 };
    expect(linesOf(input)).toEqual(['engagement.decay.halfLifeDays: must be greater than 0']);
  });

  it('accepts no decay at all', () => {
    const input = raw();
    input.engagement.decay = null;
    expect(validateModel(input).ok).toBe(true);
  });

  it('rejects an SQL threshold below the MQL threshold, and accepts them equal', () => {
    const input = raw();
    input.thresholds = { mql: 50, sql: 49 };
    expect(linesOf(input)).toEqual([
      'thresholds.sql: the SQL threshold must not be below the MQL threshold',
    ]);
    input.thresholds = { mql: 50, sql: 50 };
    expect(validateModel(input).ok).toBe(true);
  });

  it('rejects grade thresholds out of order', () => {
    const input = raw();
    input.grades = { fit: { A: 20, B: 20 }, engagement: { '1': 5, '2': 10 } };
    expect(linesOf(input)).toEqual([
      'grades.fit.A: grade A must need more fit points than grade B',
      'grades.engagement.1: engagement grade 1 must need more points than grade 2',
    ]);
  });

  it('rejects another version and a non-object', () => {
    const input = raw();
    input.version = 2;
    expect(linesOf(input)).toEqual(['version: expected version 1']);
    expect(linesOf(null)).toEqual(['(root): Invalid input: expected object, received null']);
  });

  it('offers every operator by name', () => {
    expect(OPERATORS).toEqual([
      'eq',
      'neq',
      'contains',
      'not_contains',
      'contains_word',
      'starts_with',
      'ends_with',
      'in',
      'not_in',
      'gt',
      'gte',
      'lt',
      'lte',
      'between',
      'is_any_of',
      'is_none_of',
      'within_last_days',
      'older_than_days',
      'before',
      'after',
      'is_known',
      'is_unknown',
    ]);
  });
});

describe('formatModelError', () => {
  it('prints errors outside rules as path and message', () => {
    expect(formatModelError({ path: 'totalCap', message: 'must not be below 0' })).toBe(
      'totalCap: must not be below 0',
    );
  });
});

describe('propertiesReadBy', () => {
  it('lists every property and decay date property once, sorted', () => {
    const result = validateModel(raw());
    if (!result.ok) throw new Error('fixture must be valid');
    expect(propertiesReadBy(result.value)).toEqual([
      'hs_analytics_last_visit_timestamp',
      'hs_analytics_num_visits',
      'jobtitle',
      'numemployees',
    ]);
  });
});

describe('model limits', () => {
  it('names no rule when the broken rule has an empty id', () => {
    const input = raw();
    input.fit.groups[0].rules[0].id = '';
    expect(errorsOf(input)[0]).toEqual({
      path: 'fit.groups.0.rules.0.id',
      message: expect.not.stringMatching(/^rule /),
    });
  });

  it.each([
    [
      `more than ${MAX_GROUPS} groups`,
      (m: Record<string, any>) => {
        m.fit.groups = Array.from({ length: MAX_GROUPS + 1 }, (_, i) => ({
          id: `g${i}`,
          label: { en: 'G', de: 'G' },
          rules: [],
        }));
      },
      'fit.groups',
      `expected at most ${MAX_GROUPS} groups`,
    ],
    [
      `more than ${MAX_RULES_PER_GROUP} rules`,
      (m: Record<string, any>) => {
        m.fit.groups[0].rules = Array.from({ length: MAX_RULES_PER_GROUP + 1 }, (_, i) =>
          rule(`r${i}`, { operator: 'is_known' }),
        );
      },
      'fit.groups.0.rules',
      `expected at most ${MAX_RULES_PER_GROUP} rules`,
    ],
    [
      `more than ${MAX_LIST_VALUES} values`,
      (m: Record<string, any>) => {
        m.fit.groups[0].rules[0] = rule('many', {
          operator: 'in',
          value: Array.from({ length: MAX_LIST_VALUES + 1 }, (_, i) => `v${i}`),
        });
      },
      'fit.groups.0.rules.0.value',
      `rule "many": expected at most ${MAX_LIST_VALUES} values`,
    ],
    [
      `a label over ${MAX_TEXT_LENGTH} characters`,
      (m: Record<string, any>) => {
        m.fit.groups[0].label = { en: 'x'.repeat(MAX_TEXT_LENGTH + 1), de: 'x' };
      },
      'fit.groups.0.label.en',
      `must be at most ${MAX_TEXT_LENGTH} characters`,
    ],
    [
      `an id over ${MAX_ID_LENGTH} characters`,
      (m: Record<string, any>) => {
        m.fit.groups[0].id = 'g'.repeat(MAX_ID_LENGTH + 1);
      },
      'fit.groups.0.id',
      `must be at most ${MAX_ID_LENGTH} characters`,
    ],
  ])('rejects %s', (_name, change, path, message) => {
    const input = raw();
    change(input);
    expect(errorsOf(input)).toEqual([{ path, message }]);
  });

  it('exposes the rule, group and label schemas for forms that edit one part', () => {
    expect(ruleSchema.safeParse(rule('r', { operator: 'is_known' })).success).toBe(true);
    expect(groupSchema.safeParse({ id: 'g', label: { en: 'G', de: 'G' }, rules: [] }).success).toBe(
      true,
    );
    expect(localizedSchema.safeParse({ en: 'only English' }).success).toBe(false);
  });
});
