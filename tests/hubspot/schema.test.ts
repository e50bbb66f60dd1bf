import fc from 'fast-check';
import {
  BUYING_ROLES,
  PRODUCT_PROPERTIES,
  type ProductProperty,
} from '../../src/domain/properties.ts';
import {
  buyingRoleLabel,
  planProperty,
  toHubSpotProperty,
  type ExistingProperty,
} from '../../src/hubspot/schema.ts';

const property = (kind: ProductProperty['kind'], extra: Partial<ProductProperty> = {}) =>
  toHubSpotProperty({
    name: 'op_x',
    object: 'deals',
    kind,
    label: { en: 'X', de: 'X' },
    ...extra,
  });

describe('schema mapping', () => {
  it.each([
    ['number', 'number', 'number'],
    ['text', 'string', 'text'],
    ['json', 'string', 'textarea'],
    ['datetime', 'datetime', 'date'],
    ['date', 'date', 'date'],
    ['bool', 'bool', 'booleancheckbox'],
    ['enum', 'enumeration', 'select'],
  ] as const)('maps a %s property to type %s / field type %s', (kind, type, fieldType) => {
    expect(property(kind)).toMatchObject({ type, fieldType, groupName: 'opportunity_plan' });
  });

  it('hides JSON documents and gives booleans the options true/false', () => {
    expect(property('json').hidden).toBe(true);
    expect(property('text').hidden).toBeUndefined();
    expect(property('bool').options?.map((o) => o.value)).toEqual(['true', 'false']);
  });

  it('carries enum options in order with their English labels', () => {
    const verdict = toHubSpotProperty(
      PRODUCT_PROPERTIES.find((p) => p.name === 'op_qualification_verdict')!,
    );
    expect(verdict.options).toEqual([
      { value: 'qualified', label: 'Qualified', displayOrder: 0, hidden: false },
      { value: 'at_risk', label: 'At risk', displayOrder: 1, hidden: false },
      { value: 'not_qualified', label: 'Not qualified', displayOrder: 2, hidden: false },
    ]);
  });

  it('names every buying-role label with the product prefix', () => {
    expect(buyingRoleLabel('budget_holder')).toEqual({
      name: 'op_budget_holder',
      label: 'Budget holder',
    });
    expect(new Set(BUYING_ROLES.map((r) => buyingRoleLabel(r).label)).size).toBe(
      BUYING_ROLES.length,
    );
  });
});

describe('planning a property change', () => {
  const wanted = property('enum', {
    options: ['a', 'b', 'c'].map((value) => ({ value, label: { en: value, de: value } })),
  });

  it('creates a missing property', () => {
    expect(planProperty(wanted, undefined)).toEqual({ action: 'create', definition: wanted });
  });

  it('leaves a property that is already as wanted', () => {
    expect(planProperty(wanted, { ...wanted, options: wanted.options! })).toEqual({
      action: 'unchanged',
    });
  });

  it('reports a type conflict instead of changing the type', () => {
    expect(planProperty(wanted, { name: 'op_x', label: 'X', type: 'string', options: [] })).toEqual(
      {
        action: 'conflict',
        reason: 'op_x is "string" in HubSpot, the product needs "enumeration"',
      },
    );
  });

  it('only ever adds options: every existing option survives, every wanted one is present', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'x', 'y', 'z'), { maxLength: 6 }),
        fc.string(),
        (values, label) => {
          const existing: ExistingProperty = {
            name: 'op_x',
            label,
            type: 'enumeration',
            options: values.map((value, index) => ({
              value,
              label: `old ${value}`,
              displayOrder: index,
            })),
          };
          const plan = planProperty(wanted, existing);
          const options =
            plan.action === 'update' && plan.update.options
              ? plan.update.options
              : existing.options;
          const after = options.map((o) => o.value);
          expect(after.slice(0, values.length)).toEqual(values);
          for (const option of wanted.options!) expect(after).toContain(option.value);
          // existing labels are kept as the portal has them
          for (const value of values) {
            expect(options.find((o) => o.value === value)?.label).toBe(`old ${value}`);
          }
          if (plan.action === 'update' && plan.update.label !== undefined) {
            expect(plan.update.label).toBe('X');
          }
        },
      ),
    );
  });
});
