// How one written value becomes the string HubSpot stores, or HubSpot's error code for it:
// numbers, booleans, dates (midnight UTC), datetimes and enumeration options (owners, pipelines
// and stages included).
import type { InvalidPropertyValue } from '../crm/hubspot-error.ts';
import type { CrmObjectType } from '../crm/object-types.ts';
import {
  LIFECYCLE_STAGES,
  type PropertyDefinition,
  type PropertyType,
} from '../crm/property-definitions.ts';
import { activeProperty, definitionOf, toIso } from './context.ts';
import type { PortalData, PropertyInputValue } from './types.ts';

/** A normalised value, or the problem HubSpot names for it. */
export interface NormalizedValue {
  value: string;
  problem?: InvalidPropertyValue;
}

function parseTimestamp(raw: string): number | undefined {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? undefined : parsed;
}

// The allowed values of an enumeration: owners, pipelines and stages come from the portal.
function optionValues(
  data: PortalData,
  type: CrmObjectType,
  property: PropertyDefinition,
  record: Partial<Record<string, string>>,
): string[] {
  if (property.name === 'hubspot_owner_id')
    return data.owners.filter((o) => !o.archived).map((o) => o.id);
  const pipelines = definitionOf(type).pipelines;
  if (pipelines && property.name === pipelines.pipelineProperty)
    return (data.pipelines[type] ?? []).map((p) => p.id);
  if (pipelines && property.name === pipelines.stageProperty) {
    const pipelineId = record[pipelines.pipelineProperty] ?? pipelines.defaultPipelineId;
    const pipeline = (data.pipelines[type] ?? []).find((p) => p.id === pipelineId);
    return pipeline ? pipeline.stages.map((stage) => stage.id) : [];
  }
  return property.options.map((option) => option.value);
}

// Normalises one value to the string HubSpot stores, or names the problem with HubSpot's code.
export const normalizeValue = (
  data: PortalData,
  type: CrmObjectType,
  property: PropertyDefinition,
  raw: PropertyInputValue,
  pending: Partial<Record<string, string>>,
): NormalizedValue => {
  const value = raw === null || raw === undefined ? '' : String(raw).trim();
  if (value === '') return { value: '' };
  const name = property.name;
  const fail = (code: string, message: string): NormalizedValue => ({
    value,
    problem: { name, code, message },
  });
  switch (property.type as PropertyType) {
    case 'number': {
      const parsed = Number(value);
      if (!Number.isFinite(parsed))
        return fail('INVALID_INTEGER', `${value} is not a valid number`);
      return { value };
    }
    case 'bool':
      if (value !== 'true' && value !== 'false') {
        return fail('INVALID_BOOLEAN', `${value} is not a valid boolean value; use true or false`);
      }
      return { value };
    case 'datetime': {
      const ms = parseTimestamp(value);
      if (ms === undefined) return fail('INVALID_DATE', `${value} is not a valid datetime`);
      return { value: toIso(ms) };
    }
    case 'date': {
      // Date properties hold midnight UTC only.
      // https://developers.hubspot.com/docs/api/crm/properties (date formatting)
      const ms = parseTimestamp(value);
      if (ms === undefined) return fail('INVALID_DATE', `${value} is not a valid date`);
      if (ms % 86_400_000 !== 0) {
        return fail('INVALID_DATE', `${value} is not a valid date: dates must be at midnight UTC`);
      }
      return { value: toIso(ms).slice(0, 10) };
    }
    case 'enumeration': {
      const allowed = optionValues(data, type, property, pending);
      const values = property.fieldType === 'checkbox' ? value.split(';') : [value];
      const bad = values.find((candidate) => !allowed.includes(candidate));
      if (bad !== undefined) {
        return fail(
          'INVALID_OPTION',
          `${bad} was not one of the allowed options: [${allowed.map((option) => `label: "${option}"`).join(', ')}]`,
        );
      }
      return { value };
    }
    default:
      return { value: name === 'email' ? value.toLowerCase() : value };
  }
};

/** The position of a lifecycle stage in the forward order; undefined for `other` or unknown. */
export const lifecycleRank = (
  data: PortalData,
  type: CrmObjectType,
  property: string,
  value: string,
): number | undefined => {
  if (value === 'other') return undefined;
  const standard = (LIFECYCLE_STAGES as readonly string[]).indexOf(value);
  if (standard >= 0) return standard;
  const options = activeProperty(data, type, property)?.options ?? [];
  const custom = options.findIndex((option) => option.value === value);
  return custom >= 0 ? LIFECYCLE_STAGES.length + custom : undefined;
};
