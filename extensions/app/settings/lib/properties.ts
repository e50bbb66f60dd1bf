// The portal's contact properties as the settings pickers offer them: by label (the internal name
// only where two labels are the same), the operators that make sense for a property's type, and
// an enumeration's options for its value. A stored name the portal does not list stays selectable
// (shown by its name), so opening and saving the page never drops it.
import { LEAD_STATUSES, OPERATORS, type Operator } from './catalog.ts';
import type { PropertyView } from './types.ts';
import type { Option } from '../components/options.ts';

/** The property of that name, if the portal has it. */
export function propertyNamed(
  properties: readonly PropertyView[],
  name: string | undefined,
): PropertyView | undefined {
  return name === undefined ? undefined : properties.find((property) => property.name === name);
}

/** The label a user knows a property by; the internal name when the portal does not list it. */
export function propertyLabelOf(properties: readonly PropertyView[], name: string): string {
  return propertyNamed(properties, name)?.label ?? name;
}

/** Properties as options, labelled as in HubSpot; a repeated label gets its internal name. */
export function propertyOptions(
  properties: readonly PropertyView[],
  current: readonly string[] = [],
): Option[] {
  const counts = new Map<string, number>();
  for (const property of properties)
    counts.set(property.label, (counts.get(property.label) ?? 0) + 1);
  const options = properties.map((property) => ({
    value: property.name,
    label:
      (counts.get(property.label) ?? 0) > 1
        ? `${property.label} (${property.name})`
        : property.label,
  }));
  const known = new Set(options.map((option) => option.value));
  const extra = current.filter((name) => name !== '' && !known.has(name));
  return [...options, ...extra.map((name) => ({ value: name, label: name }))];
}

/** The date and date-time properties (what a rule's points may fade by). */
export function dateProperties(properties: readonly PropertyView[]): PropertyView[] {
  return properties.filter((property) => property.type === 'date' || property.type === 'datetime');
}

const NUMBER_OPERATORS: readonly Operator[] = ['eq', 'gt', 'gte', 'lt', 'lte', 'between'];
const CHOICE_OPERATORS: readonly Operator[] = [
  'eq',
  'neq',
  'in',
  'not_in',
  'is_any_of',
  'is_none_of',
];
const DATE_OPERATORS: readonly Operator[] = [
  'within_last_days',
  'older_than_days',
  'before',
  'after',
];
const PRESENCE: readonly Operator[] = ['is_known', 'is_unknown'];

/** The operators that fit a property's type (all of them for a property the portal does not list). */
export function operatorsFor(property: PropertyView | undefined): readonly Operator[] {
  if (property === undefined) return OPERATORS;
  if (property.type === 'number') return [...NUMBER_OPERATORS, ...PRESENCE];
  if (property.type === 'enumeration' || property.type === 'bool')
    return [...CHOICE_OPERATORS, ...PRESENCE];
  if (property.type === 'date' || property.type === 'datetime')
    return [...DATE_OPERATORS, ...PRESENCE];
  return OPERATORS.filter(
    (operator) =>
      !NUMBER_OPERATORS.slice(1).includes(operator) && !DATE_OPERATORS.includes(operator),
  );
}

/** An enumeration's options for a value picker; null when the property has none. */
export function valueOptions(property: PropertyView | undefined): Option[] | null {
  if (property === undefined || property.options.length === 0) return null;
  return property.options.map((option) => ({ value: option.value, label: option.label }));
}

/** The label of one option value of a property (the value itself when unknown). */
export function optionLabel(property: PropertyView | undefined, value: string): string {
  return property?.options.find((option) => option.value === value)?.label ?? value;
}

/** The portal's lead statuses by label (`hs_lead_status` options); HubSpot's defaults otherwise. */
export function leadStatusOptions(properties: readonly PropertyView[]): Option[] {
  const status = valueOptions(propertyNamed(properties, 'hs_lead_status'));
  return status ?? LEAD_STATUSES.map((code) => ({ value: code, label: code }));
}

/** The portal's lifecycle stages by label (`lifecyclestage` options); null when it lists none. */
export function lifecycleStageOptions(properties: readonly PropertyView[]): Option[] | null {
  return valueOptions(propertyNamed(properties, 'lifecyclestage'));
}
