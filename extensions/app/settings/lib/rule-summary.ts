// A scoring rule in one line of plain words, as the collapsed rule shows it: the property by its
// HubSpot label, the condition, the value formatted for the reader (option labels, grouped digits,
// days as a plural) and the points: "Annual revenue is at least 10,000,000 → +10".
import { format, formatCount, formatSignedPoints } from './i18n.ts';
import { optionLabel, propertyLabelOf, propertyNamed } from './properties.ts';
import { valueKindOf } from './rule-value.ts';
import type { Language, PropertyView, ScoringRule } from './types.ts';
import type { Messages } from '../messages/index.ts';

/** The rule's value in words, or '' for operators without one. */
function valueText(
  rule: ScoringRule,
  properties: readonly PropertyView[],
  t: Messages,
  language: Language,
): string {
  const value = (rule as { value?: unknown }).value;
  const quoted = (text: string) => format(t.summaryQuoted, { text }, language);
  const property = propertyNamed(properties, rule.property);
  switch (valueKindOf(rule.operator)) {
    case 'none':
      return '';
    case 'number':
      return typeof value === 'number' ? formatCount(value, language) : '';
    case 'days':
      return format(t.summaryDays, { count: typeof value === 'number' ? value : 0 }, language);
    case 'between': {
      const [min, max] = Array.isArray(value) ? (value as number[]) : [0, 0];
      return format(
        t.summaryBetween,
        { min: formatCount(min ?? 0, language), max: formatCount(max ?? 0, language) },
        language,
      );
    }
    case 'list': {
      const values = Array.isArray(value) ? (value as string[]) : [];
      return values.map((entry) => quoted(optionLabel(property, entry))).join(', ');
    }
    case 'textOrNumber':
      if (typeof value === 'number') return formatCount(value, language);
      return quoted(optionLabel(property, String(value ?? '')));
    case 'text':
      return quoted(optionLabel(property, String(value ?? '')));
    case 'date':
      return String(value ?? '');
  }
}

/** "Annual revenue is at least 10,000,000 → +10". */
export function ruleSummary(
  rule: ScoringRule,
  properties: readonly PropertyView[],
  t: Messages,
  language: Language,
): string {
  // The rule's own label (the default model's are in both languages), else the portal's.
  const property = rule.propertyLabel?.[language] ?? propertyLabelOf(properties, rule.property);
  return format(
    t.ruleSummary,
    {
      property,
      operator: t[`op_${rule.operator}`],
      value: valueText(rule, properties, t, language),
      points: formatSignedPoints(rule.points, language),
    },
    language,
  ).replace(/\s+→/, ' →');
}
