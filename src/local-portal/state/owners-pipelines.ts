// The owners (users) and pipelines of one portal.
// https://developers.hubspot.com/docs/api-reference/crm-owners-v3/guide
// https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide
import { createValidationError } from '../crm/hubspot-error.ts';
import type { CrmObjectType } from '../crm/object-types.ts';
import { definitionOf, resolveType, type PortalContext } from './context.ts';
import type { Owner, Pipeline, PortalState } from './types.ts';

/** The owner and pipeline operations of PortalState. */
export type OwnerPipelineMethods = Pick<
  PortalState,
  'listOwners' | 'getOwner' | 'addOwner' | 'listPipelines' | 'getPipeline'
>;

/** Creates the owner and pipeline operations of one portal. */
export function createOwnersAndPipelines(context: PortalContext): OwnerPipelineMethods {
  const { data, clock, allocateId } = context;

  // The object types with pipelines are those whose definition says so (crm/objects/*.ts).
  const pipelinesOf = (raw: CrmObjectType | string): Pipeline[] => {
    const type = resolveType(raw);
    if (!definitionOf(type).pipelines)
      throw createValidationError(`Object type ${type} has no pipelines`);
    return (data.pipelines[type] ??= []);
  };

  return {
    listOwners(options = {}) {
      const archived = options.archived ?? false;
      return data.owners.filter((owner) => owner.archived === archived);
    },
    getOwner(id) {
      return data.owners.find((owner) => owner.id === String(id));
    },
    addOwner(input) {
      const now = clock();
      const id = allocateId();
      const owner: Owner = {
        id: String(id),
        email: input.email.toLowerCase(),
        firstName: input.firstName,
        lastName: input.lastName,
        userId: id + 5_000_000,
        teams: (input.teams ?? []).map((team, index) => ({ ...team, primary: index === 0 })),
        createdAt: now,
        updatedAt: now,
        archived: false,
      };
      data.owners.push(owner);
      return owner;
    },
    listPipelines: (rawType) => pipelinesOf(rawType),
    getPipeline: (rawType, pipelineId) =>
      pipelinesOf(rawType).find((pipeline) => pipeline.id === pipelineId),
  };
}
