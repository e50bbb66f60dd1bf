// How the product's properties (src/domain/properties.ts) become HubSpot property definitions, and
// how an existing portal is brought up to date without ever taking anything away.
// Property types and field types: https://developers.hubspot.com/docs/api/crm/properties
// Association labels: https://developers.hubspot.com/docs/api/crm/associations (v4 schema endpoints)
import {
  BUYING_ROLE_LABELS,
  PROPERTY_GROUP,
  PROPERTY_PREFIX,
  type BuyingRole,
  type CrmObject,
  type ProductProperty,
  type PropertyKind,
} from '../domain/properties.ts';

/** A property definition as HubSpot's properties API takes it (POST /crm/properties/2026-09/{objectType}). */
export interface HubSpotPropertyDefinition {
  name: string;
  label: string;
  type: 'number' | 'string' | 'datetime' | 'date' | 'bool' | 'enumeration';
  fieldType: 'number' | 'text' | 'textarea' | 'date' | 'booleancheckbox' | 'select';
  groupName: string;
  hidden?: boolean;
  /** https://developers.hubspot.com/docs/api/crm/properties (hasUniqueValue; set at creation only) */
  hasUniqueValue?: boolean;
  options?: HubSpotPropertyOption[];
}

export interface HubSpotPropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
}

/** What the portal already has for a property (the parts that matter here). */
export interface ExistingProperty {
  name: string;
  label: string;
  type: string;
  options: { label: string; value: string; displayOrder?: number; hidden?: boolean }[];
}

/** What to do about one product property. */
export type PropertyPlan =
  | { action: 'create'; definition: HubSpotPropertyDefinition }
  | { action: 'update'; update: { label?: string; options?: HubSpotPropertyOption[] } }
  | { action: 'unchanged' }
  | { action: 'conflict'; reason: string };

const TYPE_BY_KIND: Record<PropertyKind, Pick<HubSpotPropertyDefinition, 'type' | 'fieldType'>> = {
  number: { type: 'number', fieldType: 'number' },
  text: { type: 'string', fieldType: 'text' },
  // JSON documents live in a textarea; HubSpot's single-line text would cut them.
  json: { type: 'string', fieldType: 'textarea' },
  // datetime values are epoch ms; date values are midnight UTC.
  datetime: { type: 'datetime', fieldType: 'date' },
  date: { type: 'date', fieldType: 'date' },
  bool: { type: 'bool', fieldType: 'booleancheckbox' },
  enum: { type: 'enumeration', fieldType: 'select' },
};

// A booleancheckbox property needs exactly these two options.
const BOOL_OPTIONS = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

/** The object types the product writes properties on. */
export const SCHEMA_OBJECT_TYPES: readonly CrmObject[] = ['contacts', 'deals', 'companies'];

/** Turns one product property into HubSpot's definition (labels in English: HubSpot has one label). */
export function toHubSpotProperty(property: ProductProperty): HubSpotPropertyDefinition {
  const { type, fieldType } = TYPE_BY_KIND[property.kind];
  const definition: HubSpotPropertyDefinition = {
    name: property.name,
    label: property.label.en,
    type,
    fieldType,
    groupName: PROPERTY_GROUP.name,
  };
  if (property.hidden || property.kind === 'json') definition.hidden = true;
  if (property.unique) definition.hasUniqueValue = true;
  const options =
    property.kind === 'bool'
      ? BOOL_OPTIONS
      : property.kind === 'enum'
        ? (property.options ?? []).map((option) => ({
            value: option.value,
            label: option.label.en,
          }))
        : undefined;
  if (options) {
    definition.options = options.map((option, index) => ({
      ...option,
      displayOrder: index,
      hidden: false,
    }));
  }
  return definition;
}

/** Decides how to bring one property up to date: create, extend (label/options), leave, or report. */
export function planProperty(
  wanted: HubSpotPropertyDefinition,
  existing: ExistingProperty | undefined,
): PropertyPlan {
  if (!existing) return { action: 'create', definition: wanted };
  if (existing.type !== wanted.type) {
    return {
      action: 'conflict',
      reason: `${wanted.name} is "${existing.type}" in HubSpot, the product needs "${wanted.type}"`,
    };
  }
  const update: { label?: string; options?: HubSpotPropertyOption[] } = {};
  if (existing.label !== wanted.label) update.label = wanted.label;
  const known = new Set(existing.options.map((option) => option.value));
  const missing = (wanted.options ?? []).filter((option) => !known.has(option.value));
  if (missing.length > 0) {
    // HubSpot replaces the whole option list on update, so send the existing ones too: nothing is
    // ever removed, new ones go to the end.
    const kept = existing.options.map((option, index) => ({
      label: option.label,
      value: option.value,
      displayOrder: option.displayOrder ?? index,
      hidden: option.hidden ?? false,
    }));
    const next = kept.reduce((max, option) => Math.max(max, option.displayOrder), -1) + 1;
    update.options = [
      ...kept,
      ...missing.map((option, index) => ({ ...option, displayOrder: next + index })),
    ];
  }
  return Object.keys(update).length > 0 ? { action: 'update', update } : { action: 'unchanged' };
}

/** The property group every product property sits in. */
export function propertyGroupDefinition(): { name: string; label: string; displayOrder: number } {
  return { name: PROPERTY_GROUP.name, label: PROPERTY_GROUP.label.en, displayOrder: -1 };
}

/** The deal→contact association label for a buying role: `{ name: 'op_champion', label: 'Champion' }`. */
export function buyingRoleLabel(role: BuyingRole): { name: string; label: string } {
  return { name: PROPERTY_PREFIX + role, label: BUYING_ROLE_LABELS[role].en };
}
