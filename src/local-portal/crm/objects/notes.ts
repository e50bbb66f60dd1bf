// Notes. https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide
// Notes require hs_timestamp (guide above).
import { text } from '../property-definitions.ts';
import { defineActivityType } from './define.ts';

export const notes = defineActivityType({
  name: 'notes',
  singular: 'note',
  objectTypeId: '0-46',
  group: ['engagement', 'Engagement'],
  timestampLabel: 'Activity date',
  properties: [{ ...text('hs_note_body', 'Note body', 'engagement'), fieldType: 'html' }],
  associationTypeIds: { contacts: [202, 201], companies: [190, 189], deals: [214, 213] },
});
