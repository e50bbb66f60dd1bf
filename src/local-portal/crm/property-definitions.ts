// Property definitions and groups in the shape of HubSpot's properties API (v3), with the standard
// builders the object type definitions (crm/objects/*.ts) declare their standard properties with.
// https://developers.hubspot.com/docs/api/crm/properties
// Default contact properties: https://knowledge.hubspot.com/properties/hubspots-default-contact-properties

/** A property's data type (`type` in the properties API). */
export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

/** One option of an enumeration property. */
export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

/** A property definition as GET /crm/v3/properties/{objectType}/{name} returns it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  hubspotDefined: boolean;
  formField: boolean;
  modificationMetadata: {
    archivable: boolean;
    readOnlyDefinition: boolean;
    readOnlyValue: boolean;
    readOnlyOptions?: boolean;
  };
  createdAt?: string;
  updatedAt?: string;
  archived: boolean;
  archivedAt?: string;
}

/** A property group as /crm/v3/properties/{objectType}/groups returns it. */
export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/**
 * Which `fieldType` each `type` accepts; v3 rejects other pairs since 2021-02-01.
 * https://developers.hubspot.com/docs/api/crm/properties (Property type and fieldType values)
 * https://developers.hubspot.com/changelog/crm-object-property-validattion
 */
export const FIELD_TYPES_BY_TYPE: Record<PropertyType, readonly string[]> = {
  bool: ['booleancheckbox', 'calculation_equation'],
  enumeration: ['booleancheckbox', 'checkbox', 'radio', 'select', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  string: ['file', 'text', 'textarea', 'calculation_equation', 'html', 'phonenumber'],
  number: ['number', 'calculation_equation'],
};

/** The lifecycle stages of a new portal, in their forward order (`other` stands outside it). */
export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;

const LIFECYCLE_LABELS: Record<(typeof LIFECYCLE_STAGES)[number], string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketingqualifiedlead: 'Marketing Qualified Lead',
  salesqualifiedlead: 'Sales Qualified Lead',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
  other: 'Other',
};

/** HubSpot's default lead statuses (`hs_lead_status`). */
export const LEAD_STATUSES = [
  ['NEW', 'New'],
  ['OPEN', 'Open'],
  ['IN_PROGRESS', 'In Progress'],
  ['OPEN_DEAL', 'Open Deal'],
  ['UNQUALIFIED', 'Unqualified'],
  ['ATTEMPTED_TO_CONTACT', 'Attempted to Contact'],
  ['CONNECTED', 'Connected'],
  ['BAD_TIMING', 'Bad Timing'],
] as const;

/** HubSpot's industry values the emulated portal offers (and the demo seed picks from). */
export const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'MACHINERY',
  'AUTOMOTIVE',
  'FINANCIAL_SERVICES',
  'HOSPITAL_HEALTH_CARE',
  'LOGISTICS_AND_SUPPLY_CHAIN',
  'RETAIL',
  'TELECOMMUNICATIONS',
  'MANAGEMENT_CONSULTING',
];

/** Builds option objects from `[value, label]` pairs, in order. */
export function buildOptions(pairs: readonly (readonly [string, string])[]): PropertyOption[] {
  return pairs.map(([value, label], index) => ({
    label,
    value,
    displayOrder: index,
    hidden: false,
  }));
}

/** A standard property as a new portal has it, before display order and metadata. */
export interface StandardSpec {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  options?: PropertyOption[];
  readOnlyValue?: boolean;
  hasUniqueValue?: boolean;
  calculated?: boolean;
}

/** Expands a standard property spec to its full definition. */
export function defineStandard(spec: StandardSpec, displayOrder: number): PropertyDefinition {
  return {
    name: spec.name,
    label: spec.label,
    type: spec.type,
    fieldType: spec.fieldType,
    description: '',
    groupName: spec.groupName,
    options: spec.options ?? [],
    displayOrder,
    calculated: spec.calculated ?? false,
    externalOptions: spec.name === 'hubspot_owner_id',
    hasUniqueValue: spec.hasUniqueValue ?? false,
    hidden: false,
    hubspotDefined: true,
    formField: false,
    modificationMetadata: {
      archivable: false,
      readOnlyDefinition: true,
      readOnlyValue: spec.readOnlyValue ?? false,
    },
    archived: false,
  };
}

/** A single-line text property. */
export const text = (name: string, label: string, groupName: string): StandardSpec => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  groupName,
});
/** A number property. */
export const num = (name: string, label: string, groupName: string, readOnlyValue = false) =>
  ({ name, label, type: 'number', fieldType: 'number', groupName, readOnlyValue }) as StandardSpec;
/** A datetime property. */
export const datetime = (name: string, label: string, groupName: string, readOnlyValue = false) =>
  ({ name, label, type: 'datetime', fieldType: 'date', groupName, readOnlyValue }) as StandardSpec;
/** A dropdown (enumeration) property. */
export const select = (name: string, label: string, groupName: string, options: PropertyOption[]) =>
  ({ name, label, type: 'enumeration', fieldType: 'select', groupName, options }) as StandardSpec;

// Every record carries these, maintained by HubSpot and not writable.
export const systemProperties = (group: string, lastModified: string): StandardSpec[] => [
  { ...num('hs_object_id', 'Record ID', group, true), hasUniqueValue: true },
  datetime('hs_createdate', 'Object create date/time', group, true),
  datetime(lastModified, 'Last Modified Date', group, true),
];

/** The record owner (`hubspot_owner_id`); its options are the portal's owners. */
export const ownerProperty = (group: string): StandardSpec =>
  select('hubspot_owner_id', 'Owner', group, []);

/** The lifecycle stage (radio), with the standard stages. */
export const lifecycleProperty = (group: string): StandardSpec =>
  ({
    ...select(
      'lifecyclestage',
      'Lifecycle Stage',
      group,
      buildOptions(LIFECYCLE_STAGES.map((stage) => [stage, LIFECYCLE_LABELS[stage]] as const)),
    ),
    fieldType: 'radio',
  }) as StandardSpec;

/** The industry dropdown. */
export const industryProperty = (group: string): StandardSpec =>
  select(
    'industry',
    'Industry',
    group,
    buildOptions(
      INDUSTRIES.map((value) => [value, value.replace(/_/g, ' ').toLowerCase()] as const),
    ),
  );
