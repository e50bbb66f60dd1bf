// The lead scoring model: what an admin tunes on the settings page and what `evaluate` reads.
// A model has two dimensions, *fit* (who the contact is) and *engagement* (what the contact did),
// each made of groups of rules over HubSpot contact properties. Every rule carries a stable id and a
// label in English and German, so each point a contact receives can be explained ("+20 Job title VP").
// The schema is the boundary: a model from the store or the settings page is parsed here, and every
// problem names the field path and the rule it belongs to.
import { z } from 'zod';
import type { FieldError, Localized, Validated } from '../errors.ts';

/** Version of the model format; bumped when a stored model must be migrated. */
export const SCORING_MODEL_VERSION = 1;
/** Largest number of points a single rule may add or take away. */
export const MAX_RULE_POINTS = 100;
/** Maximum number of groups per dimension. */
export const MAX_GROUPS = 20;
/** Maximum number of rules per group. */
export const MAX_RULES_PER_GROUP = 50;
/** Maximum number of values in a list-valued operator (`in`, `is_any_of` …). */
export const MAX_LIST_VALUES = 100;
/** Maximum length of a label or a text value, in characters. */
export const MAX_TEXT_LENGTH = 200;
/** Maximum length of a rule or group id, in characters. */
export const MAX_ID_LENGTH = 64;

// ---- operators ------------------------------------------------------------------------------

/** Operators over text values; HubSpot strings are compared case-insensitively. */
export const TEXT_OPERATORS = [
  'eq',
  'neq',
  'contains',
  'not_contains',
  'contains_word',
  'starts_with',
  'ends_with',
  'in',
  'not_in',
] as const;
/** Operators over numbers (HubSpot sends them as decimal strings). `eq` is shared with text. */
export const NUMBER_OPERATORS = ['eq', 'gt', 'gte', 'lt', 'lte', 'between'] as const;
/** Operators over enumerations; multi-checkbox values arrive `;`-separated. */
export const ENUMERATION_OPERATORS = ['is_any_of', 'is_none_of'] as const;
/** Operators over dates (ISO strings or epoch milliseconds). */
export const DATE_OPERATORS = ['within_last_days', 'older_than_days', 'before', 'after'] as const;
/** Operators that only look at whether the property has a value. */
export const PRESENCE_OPERATORS = ['is_known', 'is_unknown'] as const;

/** Every operator a rule may use. */
export const OPERATORS = [
  ...new Set([
    ...TEXT_OPERATORS,
    ...NUMBER_OPERATORS,
    ...ENUMERATION_OPERATORS,
    ...DATE_OPERATORS,
    ...PRESENCE_OPERATORS,
  ]),
] as const;
/** One of the rule operators. */
export type Operator = (typeof OPERATORS)[number];

// ---- building blocks ------------------------------------------------------------------------

const notBlank = (s: string): boolean => s.trim().length > 0;

const localizedText = z
  .string({ error: 'expected text' })
  .max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`)
  .refine(notBlank, 'must not be blank');

/** A user-facing text in every product language. */
export const localizedSchema = z.object({ en: localizedText, de: localizedText });

const id = z
  .string({ error: 'expected an id' })
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'use lower-case letters, digits, "-" and "_" (starting with a letter or digit)',
  )
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`);

// HubSpot internal property names are lower-case snake case (https://developers.hubspot.com/docs/api/crm/properties).
const propertyName = z
  .string({ error: 'expected a HubSpot property name' })
  .regex(/^[a-z0-9_]+$/, 'expected a HubSpot internal property name (a-z, 0-9, _)')
  .max(100, 'must be at most 100 characters');

const textValue = z
  .string({ error: 'expected text' })
  .max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`)
  .refine(notBlank, 'must not be blank');

const textList = z
  .array(textValue, { error: 'expected a list of values' })
  .min(1, 'expected at least one value')
  .max(MAX_LIST_VALUES, `expected at most ${MAX_LIST_VALUES} values`);

const finiteNumber = z.number({ error: 'expected a number' }).finite('expected a finite number');

const positiveDays = z
  .number({ error: 'expected a number of days' })
  .positive('expected a number of days greater than 0')
  .max(36_500, 'expected at most 36500 days');

/** A calendar date or date-time as ISO 8601 (`2024-05-01` or `2024-05-01T12:00:00Z`). */
const isoDate = z
  .string({ error: 'expected an ISO date' })
  .refine((s) => parseIsoDate(s) !== null, 'expected an ISO date such as 2024-05-01');

const ISO_DATE_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO 8601 date or date-time (dates without a zone are UTC); null if it is not one. */
export function parseIsoDate(text: string): Date | null {
  const trimmed = text.trim();
  if (!ISO_DATE_PATTERN.test(trimmed)) return null;
  const ms = Date.parse(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed);
  return Number.isNaN(ms) ? null : new Date(ms);
}

// ---- rules ----------------------------------------------------------------------------------

const ruleBase = {
  id,
  label: localizedSchema,
  /** Optional human name of the property for explanations; the internal name is used otherwise. */
  propertyLabel: localizedSchema.optional(),
  property: propertyName,
  points: z
    .number({ error: 'expected a number of points' })
    .int('expected a whole number of points')
    .min(-MAX_RULE_POINTS, `expected at least -${MAX_RULE_POINTS} points`)
    .max(MAX_RULE_POINTS, `expected at most ${MAX_RULE_POINTS} points`),
  /** Engagement only: the date property whose age decays this rule's points. */
  decayDateProperty: propertyName.optional(),
};

const withValue = <Op extends string, V extends z.ZodType>(operator: Op, value: V) =>
  z.object({ ...ruleBase, operator: z.literal(operator), value });

const between = z
  .tuple([finiteNumber, finiteNumber], { error: 'expected [min, max]' })
  .refine(([min, max]) => min <= max, 'min must not be greater than max');

/** One scoring rule: "if `property` `operator` `value`, add `points`". */
export const ruleSchema = z.discriminatedUnion(
  'operator',
  [
    // `eq` compares numerically when its value is a number, as text otherwise.
    withValue('eq', z.union([textValue, finiteNumber], { error: 'expected text or a number' })),
    withValue('neq', textValue),
    withValue('contains', textValue),
    withValue('not_contains', textValue),
    // Whole words only: "CTO" matches "CTO & Co-Founder", not "Director".
    withValue('contains_word', textValue),
    withValue('starts_with', textValue),
    withValue('ends_with', textValue),
    withValue('in', textList),
    withValue('not_in', textList),
    withValue('gt', finiteNumber),
    withValue('gte', finiteNumber),
    withValue('lt', finiteNumber),
    withValue('lte', finiteNumber),
    withValue('between', between),
    withValue('is_any_of', textList),
    withValue('is_none_of', textList),
    withValue('within_last_days', positiveDays),
    withValue('older_than_days', positiveDays),
    withValue('before', isoDate),
    withValue('after', isoDate),
    z.object({ ...ruleBase, operator: z.literal('is_known') }),
    z.object({ ...ruleBase, operator: z.literal('is_unknown') }),
  ],
  {
    error: (issue) =>
      typeof issue.input === 'object' && issue.input !== null
        ? `expected an operator, one of: ${OPERATORS.join(', ')}`
        : 'expected a rule',
  },
);
/** One scoring rule, its `value` typed by its operator. */
export type ScoringRule = z.output<typeof ruleSchema>;

const cap = z
  .number({ error: 'expected a whole number of points' })
  .int('expected a whole number of points')
  .min(0, 'must not be below 0')
  .max(100_000, 'must be at most 100000');

/** A group of rules whose points together are limited by `cap`. */
export const groupSchema = z.object({
  id,
  label: localizedSchema,
  cap: cap.optional(),
  rules: z
    .array(ruleSchema, { error: 'expected a list of rules' })
    .max(MAX_RULES_PER_GROUP, `expected at most ${MAX_RULES_PER_GROUP} rules`),
});
/** A group of rules. */
export type ScoringGroup = z.output<typeof groupSchema>;

const groups = z
  .array(groupSchema, { error: 'expected a list of groups' })
  .max(MAX_GROUPS, `expected at most ${MAX_GROUPS} groups`);

const threshold = z
  .number({ error: 'expected a number of points' })
  .min(0, 'must not be below 0')
  .finite('expected a finite number');

const structuralSchema = z.object({
  version: z.literal(SCORING_MODEL_VERSION, { error: `expected version ${SCORING_MODEL_VERSION}` }),
  fit: z.object({ groups, cap }),
  engagement: z.object({
    groups,
    cap,
    decay: z
      .object({
        halfLifeDays: z
          .number({ error: 'expected a number of days' })
          .positive('must be greater than 0')
          .max(36_500, 'must be at most 36500 days'),
      })
      .nullable(),
  }),
  totalCap: cap,
  thresholds: z.object({ mql: threshold, sql: threshold }),
  grades: z.object({
    fit: z.object({ A: threshold, B: threshold }),
    engagement: z.object({ '1': threshold, '2': threshold }),
  }),
});

/** The complete scoring model, with the checks that span several fields. */
export const scoringModelSchema = structuralSchema.superRefine((model, ctx) => {
  const ruleIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const dimension of DIMENSIONS) {
    model[dimension].groups.forEach((group, g) => {
      if (groupIds.has(group.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [dimension, 'groups', g, 'id'],
          message: `duplicate group id "${group.id}"`,
        });
      }
      groupIds.add(group.id);
      group.rules.forEach((rule, r) => {
        const path = [dimension, 'groups', g, 'rules', r];
        if (ruleIds.has(rule.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'id'],
            message: `duplicate rule id "${rule.id}"`,
          });
        }
        ruleIds.add(rule.id);
        if (dimension === 'fit' && rule.decayDateProperty !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'decayDateProperty'],
            message: 'decay applies to engagement rules only',
          });
        }
      });
    });
  }
  if (model.thresholds.sql < model.thresholds.mql) {
    ctx.addIssue({
      code: 'custom',
      path: ['thresholds', 'sql'],
      message: 'the SQL threshold must not be below the MQL threshold',
    });
  }
  if (model.grades.fit.A <= model.grades.fit.B) {
    ctx.addIssue({
      code: 'custom',
      path: ['grades', 'fit', 'A'],
      message: 'grade A must need more fit points than grade B',
    });
  }
  if (model.grades.engagement['1'] <= model.grades.engagement['2']) {
    ctx.addIssue({
      code: 'custom',
      path: ['grades', 'engagement', '1'],
      message: 'engagement grade 1 must need more points than grade 2',
    });
  }
});

/** A validated scoring model. */
export type ScoringModel = z.output<typeof scoringModelSchema>;
/** The two scored dimensions. */
export type Dimension = 'fit' | 'engagement';
/** The dimensions in the order they are evaluated and explained. */
export const DIMENSIONS: readonly Dimension[] = ['fit', 'engagement'];

/** Labels of the dimensions as users see them. */
export const DIMENSION_LABELS: Record<Dimension, Localized> = {
  fit: { en: 'Fit', de: 'Fit' },
  engagement: { en: 'Engagement', de: 'Engagement' },
};

/** Parses an untrusted model; every error names its field path and, inside a rule, the rule id. */
export function validateModel(input: unknown): Validated<ScoringModel> {
  const result = scoringModelSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldError[] = result.error.issues.map((issue) => {
    const path = issue.path.map(String);
    const ruleId = ruleIdAt(input, path);
    return {
      path: path.join('.') || '(root)',
      message: ruleId === undefined ? issue.message : `rule "${ruleId}": ${issue.message}`,
    };
  });
  return { ok: false, errors };
}

/** Renders a model error as one line: `fit.groups.0.rules.2.value (rule "x"): expected a number`. */
export function formatModelError(error: FieldError): string {
  const match = /^rule "([^"]*)": (.*)$/s.exec(error.message);
  return match === null
    ? `${error.path}: ${error.message}`
    : `${error.path} (rule "${match[1]}"): ${match[2]}`;
}

/** The id of the rule an error path points into (`fit.groups.0.rules.2…`), read from the raw input. */
function ruleIdAt(input: unknown, path: string[]): string | undefined {
  if (path.length < 5 || path[1] !== 'groups' || path[3] !== 'rules') return undefined;
  let node: unknown = input;
  for (const key of path.slice(0, 5)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  const ruleId = typeof node === 'object' && node !== null ? (node as { id?: unknown }).id : null;
  return typeof ruleId === 'string' && ruleId.length > 0 ? ruleId : undefined;
}

/** Every HubSpot property the model reads, sorted: for webhook subscriptions and search requests. */
export function propertiesReadBy(model: ScoringModel): string[] {
  const names = new Set<string>();
  for (const dimension of DIMENSIONS) {
    for (const group of model[dimension].groups) {
      for (const rule of group.rules) {
        names.add(rule.property);
        if (rule.decayDateProperty !== undefined) names.add(rule.decayDateProperty);
      }
    }
  }
  return [...names].sort();
}
