// The associations of one portal (v4): HubSpot-defined types and user-defined labels, both
// directions of every edge, the unlabeled default implied by a labeled association.
// https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
import {
  HUBSPOT_DEFINED_TYPES,
  findDefaultType,
  listHubSpotDefinedTypes,
  type AssociationTypeKey,
} from '../crm/association-types.ts';
import {
  createConflictError,
  createNotFoundError,
  createValidationError,
} from '../crm/hubspot-error.ts';
import { SINGULAR_NAMES, type CrmObjectType } from '../crm/object-types.ts';
import { resolveType, type PortalContext } from './context.ts';
import type { RecordStore } from './records.ts';
import type {
  AssociationLabel,
  PortalData,
  AssociationSpecInput,
  AssociationTypeView,
  PortalState,
} from './types.ts';

/** An association type resolved from a spec, with its inverse. */
export interface ResolvedAssociationType {
  to: CrmObjectType;
  typeId: number;
  inverseTypeId: number;
  category: AssociationTypeKey['category'];
}

/** The association operations of PortalState on records. */
export type EdgeMethods = Pick<
  PortalState,
  'associate' | 'removeAssociations' | 'listAssociations'
>;

/** The association label operations of PortalState. */
export type LabelMethods = Pick<
  PortalState,
  | 'listAssociationTypes'
  | 'createAssociationLabel'
  | 'updateAssociationLabel'
  | 'removeAssociationLabel'
>;

/** The association operations of PortalState. */
export type AssociationMethods = EdgeMethods & LabelMethods;

/** What the record operations need from the associations. */
export interface AssociationInternals {
  resolveAssociationType(
    from: CrmObjectType,
    to: CrmObjectType | undefined,
    spec: AssociationSpecInput,
  ): ResolvedAssociationType | undefined;
  associate(
    fromType: CrmObjectType,
    fromId: string,
    toType: CrmObjectType | undefined,
    toId: string,
    specs: AssociationSpecInput[],
  ): void;
  /** Drops every edge of a record (it is being archived). */
  forgetRecord(type: CrmObjectType, id: string): void;
}

// Finds the association type `typeId` of category from → to, with its inverse and label.
function resolveAssociationType(
  data: PortalData,
  from: CrmObjectType,
  to: CrmObjectType | undefined,
  spec: AssociationSpecInput,
): ResolvedAssociationType | undefined {
  if (spec.associationCategory === 'HUBSPOT_DEFINED') {
    const found = HUBSPOT_DEFINED_TYPES.find(
      (type) =>
        type.from === from &&
        (to === undefined || type.to === to) &&
        type.typeId === spec.associationTypeId,
    );
    return (
      found && {
        to: found.to,
        typeId: found.typeId,
        inverseTypeId: found.inverseTypeId,
        category: 'HUBSPOT_DEFINED',
      }
    );
  }
  for (const label of data.labels) {
    // A label reads both ways: from its own end, and from the other with the inverse type id.
    const ends = [
      [label.fromType, label.toType, label.typeId, label.inverseTypeId],
      [label.toType, label.fromType, label.inverseTypeId, label.typeId],
    ] as const;
    for (const [own, other, typeId, inverseTypeId] of ends) {
      if (own === from && (to === undefined || other === to) && typeId === spec.associationTypeId)
        return { to: other, typeId, inverseTypeId, category: 'USER_DEFINED' };
    }
  }
  return undefined;
}

/** Whether a label is the association type `typeId` from `from` to `to`, either way round. */
const labelOfType =
  (from: CrmObjectType, to: CrmObjectType, typeId: number) =>
  (candidate: AssociationLabel): boolean =>
    (candidate.fromType === from && candidate.toType === to && candidate.typeId === typeId) ||
    (candidate.fromType === to && candidate.toType === from && candidate.inverseTypeId === typeId);

function typeView(
  data: PortalData,
  from: CrmObjectType,
  to: CrmObjectType,
  key: string,
): AssociationTypeView {
  const [category, id] = key.split(':') as [AssociationTypeKey['category'], string];
  const typeId = Number(id);
  if (category === 'HUBSPOT_DEFINED') {
    const found = HUBSPOT_DEFINED_TYPES.find(
      (type) => type.from === from && type.to === to && type.typeId === typeId,
    );
    return { category, typeId, label: found?.label ?? null };
  }
  const label = data.labels.find(labelOfType(from, to, typeId));
  const isInverse =
    label !== undefined &&
    label.fromType === to &&
    label.inverseTypeId === typeId &&
    !(label.fromType === from && label.typeId === typeId);
  return {
    category,
    typeId,
    label: label ? (isInverse ? (label.inverseLabel ?? label.label) : label.label) : null,
  };
}

/** Creates the association label operations of one portal. */
function createLabelMethods(context: PortalContext): LabelMethods {
  const { data } = context;
  return {
    listAssociationTypes(rawFrom, rawTo) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      const defined = listHubSpotDefinedTypes(from, to).map((type) => ({
        category: 'HUBSPOT_DEFINED' as const,
        typeId: type.typeId,
        label: type.label,
      }));
      const custom = data.labels.flatMap((label): AssociationTypeView[] => {
        // Between records of one object (contact↔contact) a paired label lists both directions.
        if (label.fromType === from && label.toType === to && from === to)
          return [
            { category: 'USER_DEFINED', typeId: label.typeId, label: label.label },
            {
              category: 'USER_DEFINED',
              typeId: label.inverseTypeId,
              label: label.inverseLabel ?? label.label,
            },
          ];
        if (label.fromType === from && label.toType === to)
          return [{ category: 'USER_DEFINED', typeId: label.typeId, label: label.label }];
        if (label.fromType === to && label.toType === from) {
          return [
            {
              category: 'USER_DEFINED',
              typeId: label.inverseTypeId,
              label: label.inverseLabel ?? label.label,
            },
          ];
        }
        return [];
      });
      return [...defined, ...custom];
    },
    createAssociationLabel(rawFrom, rawTo, input) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      if (!findDefaultType(from, to))
        throw createValidationError(
          `${SINGULAR_NAMES[from]} and ${SINGULAR_NAMES[to]} cannot be associated`,
        );
      const clash = data.labels.find(
        (label) =>
          label.name === input.name &&
          ((label.fromType === from && label.toType === to) ||
            (label.fromType === to && label.toType === from)),
      );
      if (clash)
        throw createConflictError(
          `An association label named ${input.name} already exists between ${from} and ${to}`,
        );
      const typeId = data.nextTypeId++;
      const inverseTypeId = data.nextTypeId++;
      data.labels.push({
        fromType: from,
        toType: to,
        name: input.name,
        label: input.label,
        ...(input.inverseLabel ? { inverseLabel: input.inverseLabel } : {}),
        typeId,
        inverseTypeId,
      });
      return [
        { category: 'USER_DEFINED', typeId, label: input.label },
        {
          category: 'USER_DEFINED',
          typeId: inverseTypeId,
          label: input.inverseLabel ?? input.label,
        },
      ];
    },
    updateAssociationLabel(rawFrom, rawTo, input) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      const label = data.labels.find(
        (candidate) =>
          (candidate.fromType === from &&
            candidate.toType === to &&
            candidate.typeId === input.associationTypeId) ||
          (candidate.fromType === to &&
            candidate.toType === from &&
            candidate.inverseTypeId === input.associationTypeId),
      );
      if (!label)
        throw createNotFoundError(
          `No association label with type id ${input.associationTypeId} from ${from} to ${to}`,
        );
      if (label.fromType === from && label.typeId === input.associationTypeId) {
        label.label = input.label;
        if (input.inverseLabel !== undefined) label.inverseLabel = input.inverseLabel;
      } else {
        label.inverseLabel = input.label;
        if (input.inverseLabel !== undefined) label.label = input.inverseLabel;
      }
    },
    removeAssociationLabel(rawFrom, rawTo, typeId) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      const index = data.labels.findIndex(labelOfType(from, to, typeId));
      if (index < 0)
        throw createNotFoundError(
          `No association label with type id ${typeId} from ${from} to ${to}`,
        );
      const [label] = data.labels.splice(index, 1) as [AssociationLabel];
      const dropped = new Set([
        `USER_DEFINED:${label.typeId}`,
        `USER_DEFINED:${label.inverseTypeId}`,
      ]);
      for (const edges of Object.values(data.associations)) {
        for (const key of Object.keys(edges))
          edges[key] = (edges[key] ?? []).filter((type) => !dropped.has(type));
      }
    },
  };
}

/** Creates the associations of one portal over its record store. */
export function createAssociations(
  context: PortalContext,
  records: RecordStore,
): { methods: AssociationMethods; internals: AssociationInternals } {
  const { data } = context;
  const { findRecord, requireRecord } = records;

  const addEdge = (
    from: CrmObjectType,
    fromId: string,
    to: CrmObjectType,
    toId: string,
    key: string,
  ) => {
    const edges = (data.associations[`${from}|${fromId}`] ??= {});
    const types = (edges[`${to}|${toId}`] ??= []);
    if (!types.includes(key)) types.push(key);
  };

  const associate = (
    fromType: CrmObjectType,
    fromId: string,
    toType: CrmObjectType | undefined,
    toId: string,
    specs: AssociationSpecInput[],
  ): void => {
    for (const spec of specs) {
      const type = resolveAssociationType(data, fromType, toType, spec);
      if (!type) {
        throw createValidationError(
          `${spec.associationCategory} ${spec.associationTypeId} is not a valid association type from ${SINGULAR_NAMES[fromType]}${toType ? ` to ${SINGULAR_NAMES[toType]}` : ''}`,
        );
      }
      const target = findRecord(type.to, toId);
      if (!target)
        throw createValidationError(
          `No ${SINGULAR_NAMES[type.to]} with ID ${toId} exists to associate with`,
        );
      const source = requireRecord(fromType, fromId);
      addEdge(fromType, source.id, type.to, target.id, `${type.category}:${type.typeId}`);
      addEdge(type.to, target.id, fromType, source.id, `${type.category}:${type.inverseTypeId}`);
      // A labeled association implies the unlabeled default one, as in HubSpot's UI and API.
      const fallback = findDefaultType(fromType, type.to);
      if (fallback && (type.category !== 'HUBSPOT_DEFINED' || type.typeId !== fallback.typeId)) {
        addEdge(fromType, source.id, type.to, target.id, `HUBSPOT_DEFINED:${fallback.typeId}`);
        addEdge(
          type.to,
          target.id,
          fromType,
          source.id,
          `HUBSPOT_DEFINED:${fallback.inverseTypeId}`,
        );
      }
    }
  };

  const removeEdges = (from: CrmObjectType, fromId: string, to: CrmObjectType, toId: string) => {
    delete data.associations[`${from}|${fromId}`]?.[`${to}|${toId}`];
    delete data.associations[`${to}|${toId}`]?.[`${from}|${fromId}`];
  };

  const forgetRecord = (type: CrmObjectType, id: string): void => {
    const key = `${type}|${id}`;
    for (const other of Object.keys(data.associations[key] ?? {})) {
      delete data.associations[other]?.[key];
    }
    delete data.associations[key];
  };

  const edges: EdgeMethods = {
    associate(rawFrom, fromId, rawTo, toId, types) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      requireRecord(from, fromId);
      if (types === 'default') {
        const fallback = findDefaultType(from, to);
        if (!fallback)
          throw createValidationError(
            `No default association type from ${SINGULAR_NAMES[from]} to ${SINGULAR_NAMES[to]}`,
          );
        associate(from, String(fromId), to, String(toId), [
          { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: fallback.typeId },
        ]);
        return;
      }
      associate(from, String(fromId), to, String(toId), types);
    },
    removeAssociations(rawFrom, fromId, rawTo, toId) {
      removeEdges(resolveType(rawFrom), String(fromId), resolveType(rawTo), String(toId));
    },
    listAssociations(rawFrom, fromId, rawTo) {
      const from = resolveType(rawFrom);
      const to = resolveType(rawTo);
      const edges = data.associations[`${from}|${String(fromId)}`] ?? {};
      return Object.entries(edges)
        .filter(([key, types]) => key.startsWith(`${to}|`) && types.length > 0)
        .map(([key, types]) => ({
          toObjectId: key.slice(to.length + 1),
          associationTypes: types.map((type) => typeView(data, from, to, type)),
        }))
        .sort((a, b) => Number(a.toObjectId) - Number(b.toObjectId));
    },
  };

  return {
    methods: { ...edges, ...createLabelMethods(context) },
    internals: {
      resolveAssociationType: (from, to, spec) => resolveAssociationType(data, from, to, spec),
      associate,
      forgetRecord,
    },
  };
}
