// Property definitions and groups in the shape of HubSpot's properties API (v3), with the standard
// properties a new portal has for each object type the local portal emulates.
// https://developers.hubspot.com/docs/api/crm/properties
// Default contact properties: https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
import type { CrmObjectType } from './object-types.ts';

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

const INDUSTRIES = [
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

interface StandardSpec {
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

function defineStandard(spec: StandardSpec, displayOrder: number): PropertyDefinition {
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

const text = (name: string, label: string, groupName: string): StandardSpec => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  groupName,
});
const num = (name: string, label: string, groupName: string, readOnlyValue = false) =>
  ({ name, label, type: 'number', fieldType: 'number', groupName, readOnlyValue }) as StandardSpec;
const datetime = (name: string, label: string, groupName: string, readOnlyValue = false) =>
  ({ name, label, type: 'datetime', fieldType: 'date', groupName, readOnlyValue }) as StandardSpec;
const select = (name: string, label: string, groupName: string, options: PropertyOption[]) =>
  ({ name, label, type: 'enumeration', fieldType: 'select', groupName, options }) as StandardSpec;

// Every record carries these, maintained by HubSpot and not writable.
const systemProperties = (group: string, lastModified: string): StandardSpec[] => [
  { ...num('hs_object_id', 'Record ID', group, true), hasUniqueValue: true },
  datetime('hs_createdate', 'Object create date/time', group, true),
  datetime(lastModified, 'Last Modified Date', group, true),
];

const ownerProperty = (group: string): StandardSpec =>
  select('hubspot_owner_id', 'Owner', group, []);

const lifecycleProperty = (group: string): StandardSpec =>
  ({
    ...select(
      'lifecyclestage',
      'Lifecycle Stage',
      group,
      buildOptions(LIFECYCLE_STAGES.map((stage) => [stage, LIFECYCLE_LABELS[stage]] as const)),
    ),
    fieldType: 'radio',
  }) as StandardSpec;

const industryProperty = (group: string): StandardSpec =>
  select(
    'industry',
    'Industry',
    group,
    buildOptions(
      INDUSTRIES.map((value) => [value, value.replace(/_/g, ' ').toLowerCase()] as const),
    ),
  );

const STANDARD_GROUPS: Record<CrmObjectType, [string, string][]> = {
  contacts: [
    ['contactinformation', 'Contact information'],
    ['emailinformation', 'Email information'],
    ['analyticsinformation', 'Web analytics history'],
    ['conversioninformation', 'Conversion information'],
  ],
  companies: [
    ['companyinformation', 'Company information'],
    ['analyticsinformation', 'Web analytics history'],
  ],
  deals: [['dealinformation', 'Deal information']],
  notes: [['engagement', 'Engagement']],
  leads: [['leadinformation', 'Lead information']],
  tasks: [['task', 'Task information']],
};

const STANDARD_PROPERTIES: Record<CrmObjectType, StandardSpec[]> = {
  contacts: [
    ...systemProperties('contactinformation', 'lastmodifieddate'),
    datetime('createdate', 'Create Date', 'contactinformation'),
    datetime('hs_lastmodifieddate', 'Object last modified date/time', 'contactinformation', true),
    { ...text('email', 'Email', 'contactinformation'), hasUniqueValue: true },
    text('firstname', 'First Name', 'contactinformation'),
    text('lastname', 'Last Name', 'contactinformation'),
    text('jobtitle', 'Job Title', 'contactinformation'),
    text('company', 'Company Name', 'contactinformation'),
    { ...text('phone', 'Phone Number', 'contactinformation'), fieldType: 'phonenumber' },
    text('country', 'Country/Region', 'contactinformation'),
    text('city', 'City', 'contactinformation'),
    text('website', 'Website URL', 'contactinformation'),
    select(
      'numemployees',
      'Number of Employees',
      'contactinformation',
      buildOptions(
        ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'].map(
          (range) => [range, range] as const,
        ),
      ),
    ),
    text('annualrevenue', 'Annual Revenue', 'contactinformation'),
    industryProperty('contactinformation'),
    lifecycleProperty('contactinformation'),
    select('hs_lead_status', 'Lead Status', 'sales_properties', buildOptions(LEAD_STATUSES)),
    ownerProperty('contactinformation'),
    num('hs_analytics_num_page_views', 'Number of Pageviews', 'analyticsinformation', true),
    num('hs_analytics_num_visits', 'Number of Sessions', 'analyticsinformation', true),
    datetime('hs_analytics_last_visit_timestamp', 'Time of Last Session', 'analyticsinformation'),
    num('num_conversion_events', 'Number of Form Submissions', 'conversioninformation', true),
    datetime('recent_conversion_date', 'Recent Conversion Date', 'conversioninformation', true),
    datetime('first_conversion_date', 'First Conversion Date', 'conversioninformation', true),
    datetime('hs_email_last_open_date', 'Last marketing email open date', 'emailinformation'),
    datetime('hs_email_last_click_date', 'Last marketing email click date', 'emailinformation'),
    datetime('hs_email_last_send_date', 'Last marketing email send date', 'emailinformation'),
    num('num_associated_deals', 'Number of Associated Deals', 'contactinformation', true),
    datetime('hs_lifecyclestage_customer_date', 'Became a Customer Date', 'contactinformation'),
  ],
  companies: [
    ...systemProperties('companyinformation', 'hs_lastmodifieddate'),
    datetime('createdate', 'Create Date', 'companyinformation'),
    text('name', 'Company name', 'companyinformation'),
    text('domain', 'Company Domain Name', 'companyinformation'),
    text('country', 'Country/Region', 'companyinformation'),
    text('city', 'City', 'companyinformation'),
    { ...text('phone', 'Phone Number', 'companyinformation'), fieldType: 'phonenumber' },
    num('numberofemployees', 'Number of Employees', 'companyinformation'),
    num('annualrevenue', 'Annual Revenue', 'companyinformation'),
    industryProperty('companyinformation'),
    lifecycleProperty('companyinformation'),
    ownerProperty('companyinformation'),
    { ...text('description', 'Description', 'companyinformation'), fieldType: 'textarea' },
    num('hs_analytics_num_page_views', 'Number of Pageviews', 'analyticsinformation', true),
    num('hs_analytics_num_visits', 'Number of Sessions', 'analyticsinformation', true),
  ],
  deals: [
    ...systemProperties('dealinformation', 'hs_lastmodifieddate'),
    datetime('createdate', 'Create Date', 'dealinformation'),
    text('dealname', 'Deal Name', 'dealinformation'),
    { ...num('amount', 'Amount', 'dealinformation') },
    datetime('closedate', 'Close Date', 'dealinformation'),
    select('pipeline', 'Pipeline', 'dealinformation', []),
    { ...select('dealstage', 'Deal Stage', 'dealinformation', []), fieldType: 'radio' },
    select(
      'dealtype',
      'Deal Type',
      'dealinformation',
      buildOptions([
        ['newbusiness', 'New Business'],
        ['existingbusiness', 'Existing Business'],
      ]),
    ),
    { ...text('description', 'Deal Description', 'dealinformation'), fieldType: 'textarea' },
    ownerProperty('dealinformation'),
    num('hs_deal_stage_probability', 'Deal probability', 'dealinformation', true),
    {
      ...select(
        'hs_is_closed',
        'Is Deal Closed?',
        'dealinformation',
        buildOptions([
          ['true', 'True'],
          ['false', 'False'],
        ]),
      ),
      type: 'bool',
      fieldType: 'booleancheckbox',
      readOnlyValue: true,
      calculated: true,
    },
  ],
  notes: [
    ...systemProperties('engagement', 'hs_lastmodifieddate'),
    datetime('hs_timestamp', 'Activity date', 'engagement'),
    { ...text('hs_note_body', 'Note body', 'engagement'), fieldType: 'html' },
    ownerProperty('engagement'),
  ],
  leads: [
    ...systemProperties('leadinformation', 'hs_lastmodifieddate'),
    text('hs_lead_name', 'Lead name', 'leadinformation'),
    select('hs_pipeline', 'Pipeline', 'leadinformation', []),
    select('hs_pipeline_stage', 'Lead stage', 'leadinformation', []),
    select(
      'hs_lead_type',
      'Lead type',
      'leadinformation',
      buildOptions([
        ['NEW_BUSINESS', 'New Business'],
        ['UPSELL', 'Upsell'],
        ['RE_ATTEMPTING', 'Re-attempting'],
      ]),
    ),
    ownerProperty('leadinformation'),
  ],
  // Task properties: https://developers.hubspot.com/docs/api-reference/latest/crm/activities/tasks/guide
  tasks: [
    ...systemProperties('task', 'hs_lastmodifieddate'),
    datetime('hs_timestamp', 'Due date', 'task'),
    text('hs_task_subject', 'Task Title', 'task'),
    { ...text('hs_task_body', 'Notes', 'task'), fieldType: 'html' },
    select(
      'hs_task_status',
      'Task Status',
      'task',
      buildOptions([
        ['NOT_STARTED', 'Not started'],
        ['IN_PROGRESS', 'In progress'],
        ['WAITING', 'Waiting'],
        ['COMPLETED', 'Completed'],
        ['DEFERRED', 'Deferred'],
      ]),
    ),
    select(
      'hs_task_priority',
      'Priority',
      'task',
      buildOptions([
        ['NONE', 'None'],
        ['LOW', 'Low'],
        ['MEDIUM', 'Medium'],
        ['HIGH', 'High'],
      ]),
    ),
    select(
      'hs_task_type',
      'Task Type',
      'task',
      buildOptions([
        ['CALL', 'Call'],
        ['EMAIL', 'Email'],
        ['TODO', 'To-do'],
      ]),
    ),
    datetime('hs_task_reminders', 'Reminder', 'task'),
    ownerProperty('task'),
  ],
};

/** The groups a new portal has for `objectType`. */
export function createStandardGroups(objectType: CrmObjectType): PropertyGroup[] {
  const groups = STANDARD_GROUPS[objectType].map(([name, label], index) => ({
    name,
    label,
    displayOrder: index,
    archived: false,
  }));
  if (objectType === 'contacts') {
    groups.push({
      name: 'sales_properties',
      label: 'Sales properties',
      displayOrder: 4,
      archived: false,
    });
  }
  return groups;
}

/** The properties a new portal has for `objectType` (fresh copies the caller may own). */
export function createStandardProperties(objectType: CrmObjectType): PropertyDefinition[] {
  return STANDARD_PROPERTIES[objectType].map((spec, index) => defineStandard(spec, index));
}

/** The properties returned when a read names none (HubSpot's defaults per object type). */
export const DEFAULT_RETURNED_PROPERTIES: Record<CrmObjectType, readonly string[]> = {
  // https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm (defaults table)
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  leads: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** The properties HubSpot always adds to a read that names properties. */
export const ALWAYS_RETURNED_PROPERTIES: Record<CrmObjectType, readonly string[]> = {
  contacts: ['hs_object_id', 'createdate', 'lastmodifieddate'],
  companies: ['hs_object_id', 'createdate', 'hs_lastmodifieddate'],
  deals: ['hs_object_id', 'createdate', 'hs_lastmodifieddate'],
  notes: ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'],
  leads: ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'],
  tasks: ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'],
};
