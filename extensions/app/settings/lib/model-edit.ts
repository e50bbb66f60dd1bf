// Immutable edits of the scoring model the editor makes: add, change and remove groups and rules.
// New ids are unique across the whole model, as the model schema requires.
import type { ScoringGroup, ScoringModel, ScoringRule } from './types.ts';

/** The scored dimensions, in display order. */
export const DIMENSIONS = ['fit', 'engagement'] as const;
/** One scored dimension. */
export type DimensionKey = (typeof DIMENSIONS)[number];

/** Every group id and rule id used in the model. */
export function idsInModel(model: ScoringModel): Set<string> {
  const ids = new Set<string>();
  for (const dimension of DIMENSIONS) {
    for (const group of model[dimension].groups) {
      ids.add(group.id);
      for (const rule of group.rules) ids.add(rule.id);
    }
  }
  return ids;
}

/** The first `prefix-n` not yet taken. */
export function nextId(prefix: string, taken: ReadonlySet<string>): string {
  let n = 1;
  while (taken.has(`${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
}

/** The model with one group replaced. */
export function updateGroup(
  model: ScoringModel,
  dimension: DimensionKey,
  index: number,
  group: ScoringGroup,
): ScoringModel {
  const groups = model[dimension].groups.map((g, i) => (i === index ? group : g));
  return { ...model, [dimension]: { ...model[dimension], groups } };
}

/** The model with a new, empty group at the end of a dimension. */
export function addGroup(model: ScoringModel, dimension: DimensionKey): ScoringModel {
  const id = nextId(`${dimension}-group`, idsInModel(model));
  const group: ScoringGroup = { id, label: { en: 'New group', de: 'Neue Gruppe' }, rules: [] };
  return {
    ...model,
    [dimension]: { ...model[dimension], groups: [...model[dimension].groups, group] },
  };
}

/** The model without one group. */
export function removeGroup(
  model: ScoringModel,
  dimension: DimensionKey,
  index: number,
): ScoringModel {
  const groups = model[dimension].groups.filter((_, i) => i !== index);
  return { ...model, [dimension]: { ...model[dimension], groups } };
}

/** The model with a new rule ("is known", 0 points) at the end of a group. */
export function addRule(
  model: ScoringModel,
  dimension: DimensionKey,
  groupIndex: number,
): ScoringModel {
  const group = model[dimension].groups[groupIndex];
  if (group === undefined) return model;
  const rule: ScoringRule = {
    id: nextId('rule', idsInModel(model)),
    label: { en: 'New rule', de: 'Neue Regel' },
    property: 'email',
    operator: 'is_known',
    points: 0,
  };
  return updateGroup(model, dimension, groupIndex, { ...group, rules: [...group.rules, rule] });
}

/** The model with one rule replaced. */
export function updateRule(
  model: ScoringModel,
  dimension: DimensionKey,
  groupIndex: number,
  ruleIndex: number,
  rule: ScoringRule,
): ScoringModel {
  const group = model[dimension].groups[groupIndex];
  if (group === undefined) return model;
  const rules = group.rules.map((r, i) => (i === ruleIndex ? rule : r));
  return updateGroup(model, dimension, groupIndex, { ...group, rules });
}

/** The model without one rule. */
export function removeRule(
  model: ScoringModel,
  dimension: DimensionKey,
  groupIndex: number,
  ruleIndex: number,
): ScoringModel {
  const group = model[dimension].groups[groupIndex];
  if (group === undefined) return model;
  const rules = group.rules.filter((_, i) => i !== ruleIndex);
  return updateGroup(model, dimension, groupIndex, { ...group, rules });
}
