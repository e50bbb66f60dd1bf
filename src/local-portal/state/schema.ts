// The property schema of one portal: properties and property groups per object type, with
// HubSpot's rules for names, type/fieldType pairs, options and HubSpot-defined properties.
// https://developers.hubspot.com/docs/api/crm/properties
import {
  createConflictError,
  createNotFoundError,
  createValidationError,
} from '../crm/hubspot-error.ts';
import { SINGULAR_NAMES, type CrmObjectType } from '../crm/object-types.ts';
import {
  FIELD_TYPES_BY_TYPE,
  type PropertyDefinition,
  type PropertyGroup,
  type PropertyOption,
  type PropertyType,
} from '../crm/property-definitions.ts';
import { activeProperty, resolveType, toIso, type PortalContext } from './context.ts';
import type { PortalData, PortalState, PropertyCreateInput } from './types.ts';

/** The property operations of PortalState. */
export type PropertyMethods = Pick<
  PortalState,
  'listProperties' | 'getProperty' | 'createProperty' | 'updateProperty' | 'archiveProperty'
>;

/** The property group operations of PortalState. */
export type GroupMethods = Pick<
  PortalState,
  'listGroups' | 'getGroup' | 'createGroup' | 'updateGroup' | 'archiveGroup'
>;

/** The schema operations of PortalState. */
export type SchemaMethods = PropertyMethods & GroupMethods;

/** Creates the schema operations of one portal. */
function requireCustomProperty(
  data: PortalData,
  type: CrmObjectType,
  name: string,
): PropertyDefinition {
  const property = activeProperty(data, type, name);
  if (!property)
    throw createNotFoundError(
      `Unable to find property ${name} for object type ${SINGULAR_NAMES[type]}`,
    );
  if (property.modificationMetadata.readOnlyDefinition) {
    throw createValidationError(
      `Property ${name} is a HubSpot defined property and cannot be modified`,
    );
  }
  return property;
}

function checkTypePair(type: string, fieldType: string): void {
  const allowed = FIELD_TYPES_BY_TYPE[type as PropertyType];
  if (!allowed) throw createValidationError(`Invalid property type: ${type}`);
  if (!allowed.includes(fieldType)) {
    // https://developers.hubspot.com/docs/api/crm/properties (Property type and fieldType values)
    throw createValidationError(
      `Invalid fieldType ${fieldType} for property type ${type}; valid field types are: ${allowed.join(', ')}`,
    );
  }
}

function toOptions(type: string, input: PropertyCreateInput['options']): PropertyOption[] {
  const options = (input ?? []).map((option, index) => ({
    label: option.label,
    value: option.value,
    displayOrder: option.displayOrder ?? index,
    hidden: option.hidden ?? false,
    ...(option.description !== undefined ? { description: option.description } : {}),
  }));
  if (type === 'bool' && options.length === 0) {
    return [
      { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
      { label: 'No', value: 'false', displayOrder: 1, hidden: false },
    ];
  }
  const seen = new Set<string>();
  for (const option of options) {
    if (seen.has(option.value))
      throw createValidationError(`Duplicate option value: ${option.value}`);
    seen.add(option.value);
  }
  return options;
}

function requireGroup(data: PortalData, type: CrmObjectType, name: string): PropertyGroup {
  const group = data.groups[type].find(
    (candidate) => candidate.name === name && !candidate.archived,
  );
  if (!group)
    throw createValidationError(
      `Property group ${name} does not exist for object type ${SINGULAR_NAMES[type]}`,
    );
  return group;
}

/** Creates the property operations of one portal. */
function createPropertyMethods(context: PortalContext): PropertyMethods {
  const { data, clock } = context;
  return {
    listProperties(rawType, options = {}) {
      const archived = options.archived ?? false;
      return data.properties[resolveType(rawType)].filter(
        (property) => property.archived === archived,
      );
    },
    getProperty(rawType, name) {
      return activeProperty(data, resolveType(rawType), name);
    },
    createProperty(rawType, input) {
      const type = resolveType(rawType);
      if (!/^[a-z][a-z0-9_]*$/.test(input.name)) {
        throw createValidationError(
          `Property name ${input.name} must start with a lowercase letter and contain only lowercase letters, digits and underscores`,
        );
      }
      if (data.properties[type].some((property) => property.name === input.name)) {
        // https://developers.hubspot.com/docs/api/crm/properties (a name is unique per object)
        throw createConflictError(
          `Property named '${input.name}' already exists.`,
          'OBJECT_ALREADY_EXISTS',
        );
      }
      requireGroup(data, type, input.groupName);
      checkTypePair(input.type, input.fieldType);
      if (
        input.type === 'enumeration' &&
        input.fieldType !== 'booleancheckbox' &&
        (input.options ?? []).length === 0
      ) {
        throw createValidationError(`Enumeration property ${input.name} needs at least one option`);
      }
      const now = toIso(clock());
      const property: PropertyDefinition = {
        name: input.name,
        label: input.label,
        type: input.type as PropertyType,
        fieldType: input.fieldType,
        description: input.description ?? '',
        groupName: input.groupName,
        options: toOptions(input.type, input.options),
        displayOrder: input.displayOrder ?? -1,
        calculated: false,
        externalOptions: false,
        hasUniqueValue: input.hasUniqueValue ?? false,
        hidden: input.hidden ?? false,
        hubspotDefined: false,
        formField: input.formField ?? false,
        modificationMetadata: {
          archivable: true,
          readOnlyDefinition: false,
          readOnlyValue: false,
          readOnlyOptions: false,
        },
        createdAt: now,
        updatedAt: now,
        archived: false,
      };
      data.properties[type].push(property);
      return property;
    },
    updateProperty(rawType, name, input) {
      const type = resolveType(rawType);
      const property = requireCustomProperty(data, type, name);
      const nextType = input.type ?? property.type;
      const nextFieldType = input.fieldType ?? property.fieldType;
      checkTypePair(nextType, nextFieldType);
      if (input.groupName !== undefined) requireGroup(data, type, input.groupName);
      const options =
        input.options !== undefined ? toOptions(nextType, input.options) : property.options;
      Object.assign(property, {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.groupName !== undefined ? { groupName: input.groupName } : {}),
        ...(input.displayOrder !== undefined ? { displayOrder: input.displayOrder } : {}),
        ...(input.hidden !== undefined ? { hidden: input.hidden } : {}),
        ...(input.formField !== undefined ? { formField: input.formField } : {}),
        type: nextType,
        fieldType: nextFieldType,
        options,
        updatedAt: toIso(clock()),
      });
      return property;
    },
    archiveProperty(rawType, name) {
      const type = resolveType(rawType);
      const property = requireCustomProperty(data, type, name);
      property.archived = true;
      property.archivedAt = toIso(clock());
    },
  };
}

/** Creates the property group operations of one portal. */
function createGroupMethods(context: PortalContext): GroupMethods {
  const { data } = context;
  /** The unarchived group `name`, or HubSpot's 404. */
  const liveGroup = (rawType: string, name: string) => {
    const type = resolveType(rawType);
    const group = data.groups[type].find(
      (candidate) => candidate.name === name && !candidate.archived,
    );
    if (!group)
      throw createNotFoundError(
        `Unable to find property group ${name} for object type ${SINGULAR_NAMES[type]}`,
      );
    return group;
  };
  return {
    listGroups(rawType) {
      return data.groups[resolveType(rawType)].filter((group) => !group.archived);
    },
    getGroup(rawType, name) {
      return data.groups[resolveType(rawType)].find(
        (group) => group.name === name && !group.archived,
      );
    },
    createGroup(rawType, input) {
      const type = resolveType(rawType);
      if (!/^[a-z][a-z0-9_]*$/.test(input.name)) {
        throw createValidationError(
          `Group name ${input.name} must start with a lowercase letter and contain only lowercase letters, digits and underscores`,
        );
      }
      if (data.groups[type].some((group) => group.name === input.name && !group.archived)) {
        throw createConflictError(
          `Property group named '${input.name}' already exists.`,
          'OBJECT_ALREADY_EXISTS',
        );
      }
      const group: PropertyGroup = {
        name: input.name,
        label: input.label,
        displayOrder: input.displayOrder ?? -1,
        archived: false,
      };
      data.groups[type] = data.groups[type].filter((candidate) => candidate.name !== input.name);
      data.groups[type].push(group);
      return group;
    },
    updateGroup(rawType, name, input) {
      const group = liveGroup(rawType, name);
      if (input.label !== undefined) group.label = input.label;
      if (input.displayOrder !== undefined) group.displayOrder = input.displayOrder;
      return group;
    },
    archiveGroup(rawType, name) {
      const group = liveGroup(rawType, name);
      group.archived = true;
    },
  };
}

/** Creates the schema operations of one portal. */
export function createSchema(context: PortalContext): SchemaMethods {
  return { ...createPropertyMethods(context), ...createGroupMethods(context) };
}
