// Tasks (0-27): required hs_timestamp (the due date), subject, body, status, priority, type, owner.
// https://developers.hubspot.com/docs/api-reference/latest/crm/activities/tasks/guide
// Association type ids task → contact 204, → company 192, → deal 216 (and back 203, 191, 215):
// https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
import {
  buildOptions,
  datetime,
  ownerProperty,
  select,
  systemProperties,
  text,
} from '../property-definitions.ts';
import { defineObjectType, HS_CREATEDATE_READS } from './define.ts';

export const tasks = defineObjectType({
  name: 'tasks',
  singular: 'task',
  objectTypeId: '0-27',
  groups: [['task', 'Task information']],
  properties: [
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
  ...HS_CREATEDATE_READS,
  requiredOnCreate: ['hs_timestamp'],
  associations: [
    ['contacts', 204, 203, null, true],
    ['companies', 192, 191, null, true],
    ['deals', 216, 215, null, true],
  ],
});
