// Schema set-up: the product's property group and properties on each object type, and the
// buying-role association labels, created (or extended) where missing. Idempotent.
import { ensureReportsToLabel } from './account.ts';
import {
  DEALS_TO_CONTACTS,
  buyingRoleTypeIds,
  createAssociationLabel,
  listAssociationLabels,
} from './association-labels.ts';
import { hubspotPaths } from '../api-version.ts';
import { PRODUCT_PROPERTIES, BUYING_ROLES, type BuyingRole } from '../../domain/properties.ts';
import { HubSpotError, HubSpotValidationError } from '../errors.ts';
import type { CrmGateway, SchemaSummary } from '../gateway.ts';
import { propertiesBatchSchema, propertiesSchema, propertyGroupsSchema } from '../hubspot-api.ts';
import {
  SCHEMA_OBJECT_TYPES,
  buyingRoleLabel,
  planProperty,
  propertyGroupDefinition,
  toHubSpotProperty,
  type HubSpotPropertyDefinition,
} from '../schema.ts';
import type { Transport } from '../transport.ts';
import { BATCH_LIMIT, batchErrors, chunk } from './common.ts';

export async function ensureSchema(t: Transport): Promise<SchemaSummary> {
  const created: string[] = [];
  const updated: string[] = [];
  const conflicts: string[] = [];
  let unchanged = 0;
  const group = propertyGroupDefinition();

  for (const objectType of SCHEMA_OBJECT_TYPES) {
    const groups = await t.call(
      'standard',
      `list property groups of ${objectType}`,
      { method: 'GET', path: hubspotPaths.propertyGroups(objectType) },
      propertyGroupsSchema,
    );
    if (!groups.results.some((existing) => existing.name === group.name)) {
      await t.call('standard', `create property group ${group.name} on ${objectType}`, {
        method: 'POST',
        path: hubspotPaths.propertyGroups(objectType),
        body: group,
      });
      created.push(`group:${objectType}.${group.name}`);
    }

    const existing = await t.call(
      'standard',
      `list properties of ${objectType}`,
      { method: 'GET', path: hubspotPaths.properties(objectType), query: { archived: 'false' } },
      propertiesSchema,
    );
    const byName = new Map(existing.results.map((property) => [property.name, property]));
    const toCreate: HubSpotPropertyDefinition[] = [];
    for (const property of PRODUCT_PROPERTIES.filter((p) => p.object === objectType)) {
      const wanted = toHubSpotProperty(property);
      const current = byName.get(property.name);
      const plan = planProperty(
        wanted,
        current && {
          name: current.name,
          label: current.label,
          type: current.type,
          options: current.options,
        },
      );
      switch (plan.action) {
        case 'create':
          toCreate.push(plan.definition);
          break;
        case 'update':
          await t.call('standard', `update property ${objectType}.${property.name}`, {
            method: 'PATCH',
            path: hubspotPaths.property(objectType, property.name),
            body: plan.update,
          });
          updated.push(`${objectType}.${property.name}`);
          break;
        case 'unchanged':
          unchanged += 1;
          break;
        case 'conflict':
          conflicts.push(`${objectType}.${plan.reason}`);
          break;
        default: {
          const never: never = plan;
          throw new Error(`unhandled plan ${String(never)}`);
        }
      }
    }
    for (const part of chunk(toCreate, BATCH_LIMIT)) {
      const response = await t.call(
        'standard',
        `create ${part.length} ${objectType} properties`,
        {
          method: 'POST',
          path: hubspotPaths.propertiesBatchCreate(objectType),
          body: { inputs: part },
        },
        propertiesBatchSchema,
      );
      const errors = batchErrors(response);
      if (errors.length > 0) {
        throw new HubSpotValidationError(
          `HubSpot refused to create ${objectType} properties: ${errors.map((e) => e.message).join('; ')}`,
          { status: 207, errors: errors.map((e) => ({ message: e.message })) },
        );
      }
      created.push(...part.map((definition) => `${objectType}.${definition.name}`));
    }
  }

  const labels = await ensureBuyingRoleLabels(t, created);
  const reportsTo = await ensureReportsToLabel(t, created);
  return { created, updated, unchanged, conflicts, labels, reportsTo };
}

export async function ensureBuyingRoleLabels(
  t: Transport,
  created: string[],
): Promise<Record<BuyingRole, number>> {
  let found = buyingRoleTypeIds(await listAssociationLabels(t, DEALS_TO_CONTACTS));
  const missing = BUYING_ROLES.filter((role) => found[role] === undefined);
  for (const role of missing) {
    const { name, label } = buyingRoleLabel(role);
    await createAssociationLabel(t, DEALS_TO_CONTACTS, { name, label });
    created.push(`label:deals_to_contacts.${name}`);
  }
  // A created label answers with the type ids of both directions; listing deal→contact again
  // tells unambiguously which id is ours.
  if (missing.length > 0) {
    found = buyingRoleTypeIds(await listAssociationLabels(t, DEALS_TO_CONTACTS));
  }
  const labels = {} as Record<BuyingRole, number>;
  for (const role of BUYING_ROLES) {
    const typeId = found[role];
    if (typeId === undefined) {
      throw new HubSpotError(
        `HubSpot did not list the association label "${buyingRoleLabel(role).label}" after ` +
          'creating it; run the schema set-up again',
      );
    }
    labels[role] = typeId;
  }
  return labels;
}

export function schemaOperations(t: Transport): Pick<CrmGateway, 'ensureSchema'> {
  return { ensureSchema: () => ensureSchema(t) };
}
