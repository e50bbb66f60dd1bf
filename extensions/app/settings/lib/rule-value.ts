// How a scoring rule's `value` is edited. The value's shape depends on the operator (text, number,
// [min, max], a list, days, an ISO date, or nothing), as src/domain/scoring/model.ts defines it;
// the editor shows one input per shape and converts between what the user typed and the value.
import type { Operator } from './catalog.ts';
import type { ScoringRule } from './types.ts';

/** The shape of a rule's value. */
export type ValueKind =
  'text' | 'textOrNumber' | 'number' | 'between' | 'list' | 'days' | 'date' | 'none';

const KIND_BY_OPERATOR: Record<Operator, ValueKind> = {
  eq: 'textOrNumber',
  neq: 'text',
  contains: 'text',
  not_contains: 'text',
  contains_word: 'text',
  starts_with: 'text',
  ends_with: 'text',
  in: 'list',
  not_in: 'list',
  gt: 'number',
  gte: 'number',
  lt: 'number',
  lte: 'number',
  between: 'between',
  is_any_of: 'list',
  is_none_of: 'list',
  within_last_days: 'days',
  older_than_days: 'days',
  before: 'date',
  after: 'date',
  is_known: 'none',
  is_unknown: 'none',
};

/** The value shape an operator takes. */
export function valueKindOf(operator: Operator): ValueKind {
  return KIND_BY_OPERATOR[operator];
}

/** A starting value for a shape, so a rule stays well-formed when its operator changes. */
export function defaultValueFor(kind: ValueKind): unknown {
  switch (kind) {
    case 'text':
    case 'textOrNumber':
    case 'date':
      return '';
    case 'number':
      return 0;
    case 'between':
      return [0, 0];
    case 'list':
      return [];
    case 'days':
      return 30;
    case 'none':
      return undefined;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** The rule with another operator: the value is kept when its shape fits, reset otherwise. */
export function changeOperator(rule: ScoringRule, operator: Operator): ScoringRule {
  const from = valueKindOf(rule.operator);
  const to = valueKindOf(operator);
  const { value: oldValue, ...rest } = rule as ScoringRule & { value?: unknown };
  if (to === 'none') return { ...rest, operator } as ScoringRule;
  const compatible =
    from === to ||
    (from === 'text' && to === 'textOrNumber') ||
    (from === 'textOrNumber' && to === 'text' && typeof oldValue === 'string');
  const value = compatible ? oldValue : defaultValueFor(to);
  return { ...rest, operator, value } as ScoringRule;
}

/** `eq` compares numbers numerically: a typed number becomes a number, anything else stays text. */
export function parseTextOrNumber(text: string): string | number {
  const trimmed = text.trim();
  return trimmed !== '' && /^-?\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : text;
}

/** A list value as the text area shows it: one value per line. */
export function listToText(values: readonly string[]): string {
  return values.join('\n');
}

/** The text area's lines as a list value: trimmed, blank lines dropped. */
export function textToList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
