// Request and response shapes of the 2026-09 HubSpot operations the gateway calls, written from
// HubSpot's published specs (vendor/hubspot-openapi/2026-09/*.json; schema names in the comments).
// Responses are zod-parsed with only the fields the product relies on (unknown fields pass), so a
// change of shape fails loudly at the gateway instead of as `undefined` deep in a handler.
import { z } from 'zod';

/** crm-*.json SimplePublicObject: `id` and `properties` (values string or null). */
export const simpleObjectSchema = z
  .object({
    id: z.coerce.string(),
    properties: z.record(z.string(), z.string().nullable()),
  })
  .loose();

/** CollectionResponseAssociatedId: `{ results: [{ id, type }] }` (type = association type name). */
const associatedIdsSchema = z
  .object({ results: z.array(z.object({ id: z.coerce.string(), type: z.string() }).loose()) })
  .loose();

/** crm-deals.json SimplePublicObjectWithAssociations (GET …/{objectId}?associations=…). */
export const objectWithAssociationsSchema = simpleObjectSchema.extend({
  associations: z.record(z.string(), associatedIdsSchema).optional(),
});

/** StandardError, as batch responses list it under `errors`. */
const standardErrorSchema = z
  .object({
    message: z.string(),
    category: z.string().optional(),
    context: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

/** BatchResponseSimplePublicObject (200, or 207 with `errors`). */
export const batchObjectsSchema = z
  .object({
    status: z.string(),
    results: z.array(simpleObjectSchema),
    errors: z.array(standardErrorSchema).optional(),
  })
  .loose();

/** CollectionResponseWithTotalSimplePublicObject (search). */
/** POST /crm/objects/2026-09/{type}/batch/upsert — BatchResponseSimplePublicUpsertObject (`new`). */
export const batchUpsertSchema = z
  .object({
    status: z.string(),
    results: z.array(simpleObjectSchema.extend({ new: z.boolean() })),
    errors: z.array(standardErrorSchema).optional(),
  })
  .loose();

export const searchResponseSchema = z
  .object({
    total: z.number().int(),
    results: z.array(simpleObjectSchema),
    paging: z.object({ next: z.object({ after: z.string() }).loose().optional() }).optional(),
  })
  .loose();

/** AssociationSpecWithLabel. */
const associationSpecWithLabelSchema = z
  .object({
    category: z.string(),
    typeId: z.number().int(),
    label: z.string().nullish(),
  })
  .loose();

/** BatchResponsePublicAssociationMultiWithLabel (POST /crm/associations/2026-09/{from}/{to}/batch/read). */
export const associationsBatchReadSchema = z
  .object({
    results: z.array(
      z
        .object({
          from: z.object({ id: z.coerce.string() }),
          to: z.array(
            z
              .object({
                toObjectId: z.coerce.string(),
                associationTypes: z.array(associationSpecWithLabelSchema),
              })
              .loose(),
          ),
          paging: z.object({ next: z.object({ after: z.string() }).loose().optional() }).optional(),
        })
        .loose(),
    ),
    errors: z.array(standardErrorSchema).optional(),
  })
  .loose();

/** CollectionResponseAssociationSpecWithLabelNoPaging (GET/POST …/labels). */
export const associationLabelsSchema = z
  .object({ results: z.array(associationSpecWithLabelSchema) })
  .loose();

/** crm-properties.json PropertyGroup (only the name matters to the product). */
export const propertyGroupsSchema = z
  .object({ results: z.array(z.object({ name: z.string() }).loose()) })
  .loose();

/** crm-properties.json Property. */
export const propertySchema = z
  .object({
    name: z.string(),
    label: z.string(),
    type: z.string(),
    fieldType: z.string().optional(),
    groupName: z.string().optional(),
    hidden: z.boolean().optional(),
    options: z
      .array(
        z
          .object({
            label: z.string(),
            value: z.string(),
            hidden: z.boolean().optional(),
            displayOrder: z.number().optional(),
          })
          .loose(),
      )
      .optional()
      .default([]),
  })
  .loose();

export const propertiesSchema = z.object({ results: z.array(propertySchema) }).loose();

/** BatchResponseProperty (200, or 207 with `errors`). */
export const propertiesBatchSchema = z
  .object({ results: z.array(propertySchema), errors: z.array(standardErrorSchema).optional() })
  .loose();

/** crm-owners.json CollectionResponsePublicOwnerForwardPaging. */
export const ownersPageSchema = z
  .object({
    results: z.array(
      z
        .object({
          id: z.coerce.string(),
          email: z.string().nullish(),
          firstName: z.string().nullish(),
          lastName: z.string().nullish(),
          userId: z.number().int().nullish(),
          // PublicOwner.teams: PublicTeam { id, name, primary } (crm-owners.json 2026-09).
          teams: z
            .array(
              z.object({ id: z.coerce.string(), name: z.string(), primary: z.boolean() }).loose(),
            )
            .nullish(),
        })
        .loose(),
    ),
    paging: z.object({ next: z.object({ after: z.string() }).loose().optional() }).optional(),
  })
  .loose();

/** crm-pipelines.json CollectionResponsePipelineNoPaging; stage `metadata` values are strings. */
export const pipelinesSchema = z
  .object({
    results: z.array(
      z
        .object({
          id: z.coerce.string(),
          label: z.string(),
          displayOrder: z.number(),
          stages: z.array(
            z
              .object({
                id: z.coerce.string(),
                label: z.string(),
                displayOrder: z.number(),
                metadata: z.record(z.string(), z.coerce.string()).default({}),
              })
              .loose(),
          ),
        })
        .loose(),
    ),
  })
  .loose();

/** The body of a HubSpot error answer (Error / StandardError), as far as the gateway reads it. */
export type HubSpotErrorBody = Record<string, unknown>;
