import type { Localized } from '../../../src/domain/errors.ts';
import type { ScoringRule } from '../../../src/domain/scoring/index.ts';
import {
  describeRule,
  evaluate,
  formatNumber,
  formatPoints,
  formatReasons,
} from '../../../src/domain/scoring/index.ts';
import { describeCondition } from '../../../src/domain/scoring/explain.ts';
import { modelWith, NOW, rule } from './model-builders.ts';

type Spec = Partial<ScoringRule> & Pick<ScoringRule, 'operator'>;

describe('describeCondition', () => {
  const cases: [Spec, Localized][] = [
    [
      { operator: 'eq', value: 'VP' },
      { en: 'is "VP"', de: 'ist "VP"' },
    ],
    [
      { operator: 'eq', value: 3 },
      { en: 'is 3', de: 'ist 3' },
    ],
    [
      { operator: 'neq', value: 'a' },
      { en: 'is not "a"', de: 'ist nicht "a"' },
    ],
    [
      { operator: 'contains', value: 'director' },
      { en: 'contains "director"', de: 'enthält "director"' },
    ],
    [
      { operator: 'not_contains', value: 'a' },
      { en: 'does not contain "a"', de: 'enthält nicht "a"' },
    ],
    [
      { operator: 'starts_with', value: 'a' },
      { en: 'starts with "a"', de: 'beginnt mit "a"' },
    ],
    [
      { operator: 'ends_with', value: '@x.de' },
      { en: 'ends with "@x.de"', de: 'endet mit "@x.de"' },
    ],
    [
      { operator: 'in', value: ['de', 'at'] },
      { en: 'is "de" or "at"', de: 'ist "de" oder "at"' },
    ],
    [
      { operator: 'not_in', value: ['de'] },
      { en: 'is neither "de"', de: 'ist weder "de"' },
    ],
    [
      { operator: 'gt', value: 1 },
      { en: 'is greater than 1', de: 'ist größer als 1' },
    ],
    [
      { operator: 'gte', value: 200 },
      { en: 'is at least 200', de: 'ist mindestens 200' },
    ],
    [
      { operator: 'gte', value: 10_000_000 },
      { en: 'is at least 10,000,000', de: 'ist mindestens 10.000.000' },
    ],
    [
      { operator: 'within_last_days', value: 1 },
      { en: 'is within the last 1 day', de: 'liegt in den letzten 1 Tag' },
    ],
    [
      { operator: 'lt', value: 1 },
      { en: 'is less than 1', de: 'ist kleiner als 1' },
    ],
    [
      { operator: 'lte', value: 1 },
      { en: 'is at most 1', de: 'ist höchstens 1' },
    ],
    [
      { operator: 'between', value: [1, 5] },
      { en: 'is between 1 and 5', de: 'liegt zwischen 1 und 5' },
    ],
    [
      { operator: 'is_any_of', value: ['a', 'b'] },
      { en: 'includes "a" or "b"', de: 'enthält "a" oder "b"' },
    ],
    [
      { operator: 'is_none_of', value: ['a', 'b', 'c'] },
      { en: 'includes neither "a", "b" nor "c"', de: 'enthält weder "a", "b" noch "c"' },
    ],
    [
      { operator: 'within_last_days', value: 30 },
      { en: 'is within the last 30 days', de: 'liegt in den letzten 30 Tagen' },
    ],
    [
      { operator: 'older_than_days', value: 90 },
      { en: 'is more than 90 days ago', de: 'liegt mehr als 90 Tage zurück' },
    ],
    [
      { operator: 'before', value: '2024-01-01' },
      { en: 'is before Jan 1, 2024', de: 'liegt vor dem 01.01.2024' },
    ],
    [
      { operator: 'after', value: '2024-01-01' },
      { en: 'is after Jan 1, 2024', de: 'liegt nach dem 01.01.2024' },
    ],
    [{ operator: 'is_known' }, { en: 'is known', de: 'ist bekannt' }],
    [{ operator: 'is_unknown' }, { en: 'is unknown', de: 'ist unbekannt' }],
  ];
  it.each(cases.map(([spec, text]) => [spec.operator, spec, text] as const))(
    'describes %s in English and German',
    (_name, spec, text) => {
      expect(describeCondition(rule('r', spec))).toEqual(text);
    },
  );
});

describe('describeRule', () => {
  const jobTitle = rule(
    'job-title-director',
    {
      property: 'jobtitle',
      operator: 'contains',
      value: 'director',
      propertyLabel: { en: 'Job title', de: 'Berufsbezeichnung' },
    },
    10,
  );

  it('reads like a sentence with the points', () => {
    expect(describeRule(jobTitle, 10)).toEqual({
      en: 'Job title contains "director" (+10)',
      de: 'Berufsbezeichnung enthält "director" (+10)',
    });
  });

  it('shows the rule points when decay or caps changed them', () => {
    expect(describeRule(jobTitle, 4)).toEqual({
      en: 'Job title contains "director" (+4 of +10)',
      de: 'Berufsbezeichnung enthält "director" (+4 von +10)',
    });
  });

  it('says what reduced the points when it knows', () => {
    expect(describeRule(jobTitle, 4, { capped: false, decayed: true })).toEqual({
      en: 'Job title contains "director" (+4: +10 reduced by decay)',
      de: 'Berufsbezeichnung enthält "director" (+4: +10, durch Verfall verringert)',
    });
    expect(describeRule(jobTitle, 7, { capped: true, decayed: false }).en).toBe(
      'Job title contains "director" (+7: +10 reduced by a limit)',
    );
  });

  it('never says "0 of -15": a rule the floor of 0 cancelled is named as not counted', () => {
    const student = rule(
      'student',
      { property: 'jobtitle', operator: 'contains', value: 'student' },
      -15,
    );
    expect(describeRule(student, 0, { capped: true, decayed: false })).toEqual({
      en: 'jobtitle contains "student" (-15 not counted: the score does not go below 0)',
      de: 'jobtitle enthält "student" (-15 nicht angerechnet: der Score wird nie negativ)',
    });
  });

  it('falls back to the internal property name', () => {
    const { propertyLabel: _omitted, ...withoutLabel } = jobTitle;
    expect(describeRule(withoutLabel as ScoringRule, 10).en).toBe(
      'jobtitle contains "director" (+10)',
    );
  });
});

describe('formatPoints', () => {
  it.each([
    [10, '+10'],
    [-5, '-5'],
    [0, '0'],
    [1500, '+1,500'],
  ])('formats %i as %s', (points, text) => {
    expect(formatPoints(points)).toBe(text);
  });

  it('formats in German with German digit grouping', () => {
    expect(formatPoints(-1500, 'de')).toBe('-1.500');
  });
});

describe('formatNumber', () => {
  const intl = {
    en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
    de: new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 }),
  };

  it.each(['en', 'de'] as const)('writes every number as Intl does in %s', (language) => {
    const values = [-0, 0.5, -2.25, 999.5, 1000, -1000, 1234.567, 65536];
    for (let n = -1200; n <= 1200; n += 1) values.push(n);
    for (const value of values) {
      expect(formatNumber(value, language)).toBe(intl[language].format(value));
    }
  });
});

describe('formatReasons', () => {
  const model = modelWith({
    fitRules: [
      {
        ...rule('vp', { property: 'jobtitle', operator: 'contains', value: 'vp' }, 20),
        label: { en: 'Job title VP', de: 'Berufsbezeichnung VP' },
      },
      {
        ...rule('size', { property: 'numemployees', operator: 'gte', value: 200 }, 15),
        label: { en: 'Company size 200+', de: 'Unternehmensgröße 200+' },
      },
      {
        ...rule('gmail', { property: 'email', operator: 'ends_with', value: '@gmail.com' }, -10),
        label: { en: 'Free-mail address', de: 'Freemail-Adresse' },
      },
      {
        ...rule('known', { property: 'email', operator: 'is_known' }, 1),
        label: { en: 'Email known', de: 'E-Mail bekannt' },
      },
    ],
  });
  const result = evaluate(
    { jobtitle: 'VP Marketing', numemployees: '500', email: 'vp@gmail.com' },
    model,
    NOW,
  );

  it('summarises the top three reasons by default', () => {
    expect(formatReasons(result, 'en')).toBe(
      '+20 Job title VP; +15 Company size 200+; -10 Free-mail address',
    );
  });

  it('speaks German and takes a count', () => {
    expect(formatReasons(result, 'de', 2)).toBe(
      '+20 Berufsbezeichnung VP; +15 Unternehmensgröße 200+',
    );
    expect(formatReasons(result, 'de', 10)).toBe(
      '+20 Berufsbezeichnung VP; +15 Unternehmensgröße 200+; -10 Freemail-Adresse; +1 E-Mail bekannt',
    );
  });

  it('is empty without reasons or with a count of 0', () => {
    expect(formatReasons(result, 'en', 0)).toBe('');
    expect(formatReasons(evaluate({}, model, NOW), 'en')).toBe('');
  });
});
