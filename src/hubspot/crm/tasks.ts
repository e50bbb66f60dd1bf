// Gateway operations on HubSpot tasks (object 0-27), taking the gateway's transport call.
// POST /crm/objects/2026-09/tasks — vendor/hubspot-openapi/2026-09/crm-tasks.json
// (SimplePublicObjectInputForCreate: `properties` + `associations`), answered with a
// SimplePublicObject. Required: `hs_timestamp` (the due date); the product also sets the subject,
// body, status NOT_STARTED, type TODO, priority and the owner. Scopes: crm.objects.contacts.write
// (HubSpot's tasks guide lists crm.objects.contacts.read/write, as the spec's security does).
// https://developers.hubspot.com/docs/api-reference/latest/crm/activities/tasks/guide
// Association type ids task → contact 204, → company 192, → deal 216 (HUBSPOT_DEFINED):
// https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
import type { CrmGateway, NoteTarget, TaskInput } from '../gateway.ts';
import type { Transport } from '../transport.ts';
import { createOne } from './common.ts';

/** HubSpot-defined association type ids from a task to each record type. */
export const TASK_ASSOCIATION_TYPE_IDS: Record<NoteTarget['objectType'], number> = {
  contacts: 204,
  companies: 192,
  deals: 216,
};

/** HubSpot caps hs_task_subject in the UI at 255 characters; longer titles are cut. */
export const MAX_TASK_SUBJECT_LENGTH = 255;

/** The request body of a task create (SimplePublicObjectInputForCreate). */
export function taskCreateBody(input: TaskInput) {
  return {
    properties: {
      hs_timestamp: new Date(input.dueAt).toISOString(),
      hs_task_subject: input.subject.slice(0, MAX_TASK_SUBJECT_LENGTH),
      hs_task_body: input.body,
      hs_task_status: 'NOT_STARTED',
      hs_task_type: 'TODO',
      hs_task_priority: input.priority ?? 'MEDIUM',
      ...(input.ownerId ? { hubspot_owner_id: input.ownerId } : {}),
    },
    associations: input.associations.map((target) => ({
      to: { id: target.id },
      types: [
        {
          associationCategory: 'HUBSPOT_DEFINED',
          associationTypeId: TASK_ASSOCIATION_TYPE_IDS[target.objectType],
        },
      ],
    })),
  };
}

/** The task operations of the CrmGateway port. */
export function taskOperations(t: Transport): Pick<CrmGateway, 'createTask'> {
  return {
    async createTask(input) {
      // A create is never retried after a lost answer: the durable operation decides (marker).
      return createOne(t, 'tasks', 'create a task', taskCreateBody(input));
    },
  };
}
