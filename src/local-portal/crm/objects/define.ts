// What the local portal needs to know about one CRM object type, in one place. Each object type
// is one file in this folder that calls `defineObjectType`; `index.ts` lists them. Everything else
// (path aliases, standard properties and groups, default association types, pipelines, change
// events, the properties a read returns) is derived from these definitions.
// How to add an object type: docs/local-portal.md ("Adding a CRM object type").
import {
  datetime,
  ownerProperty,
  systemProperties,
  type StandardSpec,
} from '../property-definitions.ts';

/** A pipeline stage; metadata values are strings as HubSpot returns them. */
export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
  archived: boolean;
}

/** A pipeline of an object type with stages (deals, leads, tickets …). */
export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: PipelineStage[];
  archived: boolean;
}

/** A pipeline of a new portal: `stages` in display order, `[id, label, metadata]` each. */
export function defaultPipeline(
  id: string,
  label: string,
  stages: readonly (readonly [id: string, label: string, metadata: Record<string, string>])[],
): Pipeline {
  return {
    id,
    label,
    displayOrder: 0,
    archived: false,
    stages: stages.map(([stageId, stageLabel, metadata], index) => ({
      id: stageId,
      label: stageLabel,
      displayOrder: index,
      archived: false,
      metadata,
    })),
  };
}

/** How an object type's records sit in pipelines. */
export interface PipelineSpec {
  /** The property holding the pipeline id (`pipeline` on deals, `hs_pipeline` on leads). */
  pipelineProperty: string;
  /** The property holding the stage id (`dealstage`, `hs_pipeline_stage`). */
  stageProperty: string;
  /** The pipeline a record is created in when the write names none. */
  defaultPipelineId: string;
  /** The stage a record is created in when the write names none (none: the stage stays empty). */
  defaultStageId?: string;
  /** The pipelines a new portal has. */
  createDefaultPipelines(): Pipeline[];
  /** Properties HubSpot computes from the stage, set whenever the pipeline or stage changes. */
  stageDerivedProperties?(stage: PipelineStage): Record<string, string>;
}

/**
 * A HubSpot-defined association type from this object type to another, with its inverse:
 * `[toType, typeId, inverseTypeId, label, isDefault]` (`label` null for the unlabeled default).
 * https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide (association type id values)
 */
export type AssociationPairSpec = readonly [
  to: string,
  typeId: number,
  inverseTypeId: number,
  label: string | null,
  isDefault: boolean,
];

/** The object types whose changes raise HubSpot's legacy webhook events, by their event name. */
export type EventObjectType = 'contact' | 'company' | 'deal';

/** One CRM object type the local portal emulates. */
export interface CrmObjectDefinition<Name extends string = string> {
  /** The plural API name (`contacts`), used in paths and as the type's key everywhere. */
  name: Name;
  /** The singular name HubSpot uses in association type names (`contact_to_company`). */
  singular: string;
  /** HubSpot's object type id (`0-1`). */
  objectTypeId: string;
  /** The standard property groups of a new portal, `[name, label]`, in display order. */
  groups: readonly (readonly [string, string])[];
  /** The standard properties of a new portal, in display order. */
  properties: readonly StandardSpec[];
  /** The properties returned when a read names none. */
  defaultReturned: readonly string[];
  /** The properties always added to a read that names properties. */
  alwaysReturned: readonly string[];
  /** The last-modified properties HubSpot stamps on every change. */
  lastModified: readonly string[];
  /** The properties a create must set (HubSpot answers REQUIRED_PROPERTY otherwise). */
  requiredOnCreate?: readonly string[];
  /** A lifecycle-stage property that only moves forward on a plain write. */
  forwardOnlyLifecycleProperty?: string;
  /** The webhook event name, if changes to this type raise webhook events. */
  eventType?: EventObjectType;
  /** HubSpot-defined association types from this type (the inverse direction is derived). */
  associations?: readonly AssociationPairSpec[];
  /** Pipelines, if records of this type sit in pipelines. */
  pipelines?: PipelineSpec;
}

/** What a read returns and HubSpot stamps for the types whose create date is `hs_createdate`
 * (notes, tasks, leads: engagements and newer objects), where contacts have `createdate`. */
export const HS_CREATEDATE_READS = {
  defaultReturned: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  alwaysReturned: ['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate'],
  lastModified: ['hs_lastmodifieddate'],
} as const satisfies Pick<
  CrmObjectDefinition,
  'defaultReturned' | 'alwaysReturned' | 'lastModified'
>;

/** Declares an object type; keeps `name` as a literal so `CrmObjectType` is the union of names. */
export function defineObjectType<const Name extends string>(
  definition: CrmObjectDefinition<Name>,
): CrmObjectDefinition<Name> {
  return definition;
}

/** The object types every activity has a HubSpot-defined default association to. */
const ACTIVITY_TARGETS = ['contacts', 'companies', 'deals'] as const;

/** What an activity type's file declares; `defineActivityType` adds what all activities share. */
export interface ActivityDefinition<Name extends string> {
  name: Name;
  singular: string;
  objectTypeId: string;
  /** The activity's one property group, `[name, label]`. */
  group: readonly [string, string];
  /** The label of `hs_timestamp`, the activity's time (a task's due date). */
  timestampLabel: string;
  /** The properties between `hs_timestamp` and the owner, in display order. */
  properties: readonly StandardSpec[];
  /** The unlabeled default association type to each target, `[typeId, inverseTypeId]`. */
  associationTypeIds: Record<
    (typeof ACTIVITY_TARGETS)[number],
    readonly [typeId: number, inverseTypeId: number]
  >;
}

/**
 * Declares an activity (engagement) type such as notes and tasks: its properties in one group (the
 * system properties, the required `hs_timestamp`, the type's own, the owner), `hs_createdate` reads
 * and an unlabeled default association to each of contacts, companies and deals.
 */
export function defineActivityType<const Name extends string>(
  activity: ActivityDefinition<Name>,
): CrmObjectDefinition<Name> {
  const [group] = activity.group;
  return defineObjectType({
    name: activity.name,
    singular: activity.singular,
    objectTypeId: activity.objectTypeId,
    groups: [activity.group],
    properties: [
      ...systemProperties(group, 'hs_lastmodifieddate'),
      datetime('hs_timestamp', activity.timestampLabel, group),
      ...activity.properties,
      ownerProperty(group),
    ],
    ...HS_CREATEDATE_READS,
    requiredOnCreate: ['hs_timestamp'],
    associations: ACTIVITY_TARGETS.map((to) => {
      const [typeId, inverseTypeId] = activity.associationTypeIds[to];
      return [to, typeId, inverseTypeId, null, true] as const;
    }),
  });
}
