// Tasks (0-27): required hs_timestamp (the due date), subject, body, status, priority, type, owner.
// https://developers.hubspot.com/docs/api-reference/latest/crm/activities/tasks/guide
// Association type ids task → contact 204, → company 192, → deal 216 (and back 203, 191, 215):
// https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
import { buildOptions, datetime, select, text } from '../property-definitions.ts';
import { defineActivityType } from './define.ts';

export const tasks = defineActivityType({
  name: 'tasks',
  singular: 'task',
  objectTypeId: '0-27',
  group: ['task', 'Task information'],
  timestampLabel: 'Due date',
  properties: [
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
  ],
  associationTypeIds: { contacts: [204, 203], companies: [192, 191], deals: [216, 215] },
});
