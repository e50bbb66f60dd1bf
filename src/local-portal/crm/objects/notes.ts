// Notes. https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide
import { datetime, ownerProperty, systemProperties, text } from '../property-definitions.ts';
import { defineObjectType, HS_CREATEDATE_READS } from './define.ts';

export const notes = defineObjectType({
  name: 'notes',
  singular: 'note',
  objectTypeId: '0-46',
  groups: [['engagement', 'Engagement']],
  properties: [
    ...systemProperties('engagement', 'hs_lastmodifieddate'),
    datetime('hs_timestamp', 'Activity date', 'engagement'),
    { ...text('hs_note_body', 'Note body', 'engagement'), fieldType: 'html' },
    ownerProperty('engagement'),
  ],
  ...HS_CREATEDATE_READS,
  // Notes require hs_timestamp (guide above).
  requiredOnCreate: ['hs_timestamp'],
  associations: [
    ['contacts', 202, 201, null, true],
    ['companies', 190, 189, null, true],
    ['deals', 214, 213, null, true],
  ],
});
