// The settings page's pure editing helpers: rule values per operator, model edits, field errors
// and picker options.
import fc from 'fast-check';
import { OPERATORS } from '../../extensions/app/settings/lib/catalog.ts';
import {
  errorProps,
  messageAt,
  toFieldErrorMap,
} from '../../extensions/app/settings/lib/field-errors.ts';
import {
  addGroup,
  addRule,
  idsInModel,
  nextId,
  removeRule,
} from '../../extensions/app/settings/lib/model-edit.ts';
import {
  changeOperator,
  listToText,
  parseTextOrNumber,
  textToList,
  valueKindOf,
} from '../../extensions/app/settings/lib/rule-value.ts';
import { allStageOptions, withCurrent } from '../../extensions/app/settings/components/options.ts';
import type { ScoringRule } from '../../extensions/app/settings/lib/types.ts';
import { DEFAULT_SCORING_MODEL, validateModel } from '../../src/domain/scoring/index.ts';

const rule = (patch: Partial<ScoringRule>): ScoringRule =>
  ({
    id: 'r',
    label: { en: 'R', de: 'R' },
    property: 'jobtitle',
    points: 5,
    ...patch,
  }) as ScoringRule;

describe('rule values', () => {
  it('keeps a value whose shape fits the new operator and resets one that does not', () => {
    const contains = rule({ operator: 'contains', value: 'VP' } as Partial<ScoringRule>);
    expect(changeOperator(contains, 'starts_with')).toMatchObject({
      operator: 'starts_with',
      value: 'VP',
    });
    expect(changeOperator(contains, 'gt')).toMatchObject({ operator: 'gt', value: 0 });
    expect(changeOperator(contains, 'between')).toMatchObject({ value: [0, 0] });
    expect(changeOperator(contains, 'is_known')).not.toHaveProperty('value');
  });

  it('gives every operator a value of its own shape', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPERATORS), fc.constantFrom(...OPERATORS), (from, to) => {
        const start = changeOperator(rule({ operator: 'is_known' }), from);
        const next = changeOperator(start, to) as ScoringRule & { value?: unknown };
        const kind = valueKindOf(to);
        if (kind === 'none') return !('value' in next);
        if (kind === 'list') return Array.isArray(next.value);
        if (kind === 'between') return Array.isArray(next.value) && next.value.length === 2;
        if (kind === 'number' || kind === 'days') return typeof next.value === 'number';
        return typeof next.value === 'string' || typeof next.value === 'number';
      }),
    );
  });

  it('reads numbers for `eq` and lists one per line', () => {
    expect(parseTextOrNumber('42')).toBe(42);
    expect(parseTextOrNumber('-1.5')).toBe(-1.5);
    expect(parseTextOrNumber('VP Sales')).toBe('VP Sales');
    expect(textToList(' gmail.com \n\n web.de\r\n')).toEqual(['gmail.com', 'web.de']);
    expect(textToList(listToText(['a', 'b']))).toEqual(['a', 'b']);
  });
});

describe('model edits', () => {
  it('adds groups and rules with ids unique across the model, and the model stays valid', () => {
    let model = addGroup(DEFAULT_SCORING_MODEL, 'engagement');
    const groupIndex = model.engagement.groups.length - 1;
    model = addRule(model, 'engagement', groupIndex);
    model = addRule(model, 'engagement', groupIndex);
    const ids = [...idsInModel(model)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(model.engagement.groups[groupIndex]!.rules).toHaveLength(2);
    expect(validateModel(model).ok).toBe(true);
    const removed = removeRule(model, 'engagement', groupIndex, 0);
    expect(removed.engagement.groups[groupIndex]!.rules).toHaveLength(1);
    expect(DEFAULT_SCORING_MODEL.engagement.groups).toHaveLength(groupIndex);
  });

  it('picks the first free id', () => {
    expect(nextId('rule', new Set(['rule-1', 'rule-2']))).toBe('rule-3');
    expect(nextId('rule', new Set())).toBe('rule-1');
  });
});

describe('field errors', () => {
  it('finds a message at a field or below it, first message winning', () => {
    const errors = toFieldErrorMap([
      { path: 'scoring.fit.groups.0.rules.1.value.0', message: 'min must not be greater than max' },
      { path: 'scoring.fit.cap', message: 'first' },
      { path: 'scoring.fit.cap', message: 'second' },
    ]);
    expect(messageAt(errors, 'scoring.fit.cap')).toBe('first');
    expect(messageAt(errors, 'scoring.fit.groups.0.rules.1.value')).toBe(
      'min must not be greater than max',
    );
    expect(errorProps(errors, 'scoring.engagement.cap')).toEqual({ error: false });
    expect(errorProps(errors, 'scoring.fit.cap')).toEqual({
      error: true,
      validationMessage: 'first',
    });
  });
});

describe('picker options', () => {
  it('keeps a stored value the portal no longer offers, and lists each stage once', () => {
    const pipelines = [
      { id: 'p1', label: 'Sales', stages: [{ id: 's1', label: 'New' }] },
      {
        id: 'p2',
        label: 'Renewals',
        stages: [
          { id: 's1', label: 'New' },
          { id: 's2', label: 'Won' },
        ],
      },
    ];
    expect(allStageOptions(pipelines).map((o) => o.value)).toEqual(['s1', 's2']);
    expect(withCurrent([{ value: 'a', label: 'A' }], ['gone', 'a', ''])).toEqual([
      { value: 'a', label: 'A' },
      { value: 'gone', label: 'gone' },
    ]);
  });
});
