// Deals in HubSpot's default sales pipeline.
// https://developers.hubspot.com/docs/api-reference/crm-deals-v3/guide
// Stages and win probabilities: https://knowledge.hubspot.com/object-settings/set-up-and-customize-pipelines
import {
  buildOptions,
  datetime,
  num,
  ownerProperty,
  select,
  systemProperties,
  text,
} from '../property-definitions.ts';
import { defaultPipeline, defineObjectType } from './define.ts';

const DEAL_STAGES: [string, string, string, boolean][] = [
  ['appointmentscheduled', 'Appointment Scheduled', '0.2', false],
  ['qualifiedtobuy', 'Qualified To Buy', '0.4', false],
  ['presentationscheduled', 'Presentation Scheduled', '0.6', false],
  ['decisionmakerboughtin', 'Decision Maker Bought-In', '0.8', false],
  ['contractsent', 'Contract Sent', '0.9', false],
  ['closedwon', 'Closed Won', '1.0', true],
  ['closedlost', 'Closed Lost', '0.0', true],
];

export const deals = defineObjectType({
  name: 'deals',
  singular: 'deal',
  objectTypeId: '0-3',
  groups: [['dealinformation', 'Deal information']],
  properties: [
    ...systemProperties('dealinformation', 'hs_lastmodifieddate'),
    datetime('createdate', 'Create Date', 'dealinformation'),
    text('dealname', 'Deal Name', 'dealinformation'),
    { ...num('amount', 'Amount', 'dealinformation') },
    datetime('closedate', 'Close Date', 'dealinformation'),
    select('pipeline', 'Pipeline', 'dealinformation', []),
    { ...select('dealstage', 'Deal Stage', 'dealinformation', []), fieldType: 'radio' },
    select(
      'dealtype',
      'Deal Type',
      'dealinformation',
      buildOptions([
        ['newbusiness', 'New Business'],
        ['existingbusiness', 'Existing Business'],
      ]),
    ),
    { ...text('description', 'Deal Description', 'dealinformation'), fieldType: 'textarea' },
    ownerProperty('dealinformation'),
    num('hs_deal_stage_probability', 'Deal probability', 'dealinformation', true),
    {
      ...select(
        'hs_is_closed',
        'Is Deal Closed?',
        'dealinformation',
        buildOptions([
          ['true', 'True'],
          ['false', 'False'],
        ]),
      ),
      type: 'bool',
      fieldType: 'booleancheckbox',
      readOnlyValue: true,
      calculated: true,
    },
  ],
  defaultReturned: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  alwaysReturned: ['hs_object_id', 'createdate', 'hs_lastmodifieddate'],
  lastModified: ['hs_lastmodifieddate'],
  eventType: 'deal',
  associations: [
    ['contacts', 3, 4, null, true],
    ['companies', 341, 342, null, true],
    ['companies', 5, 6, 'Primary', false],
  ],
  pipelines: {
    pipelineProperty: 'pipeline',
    stageProperty: 'dealstage',
    defaultPipelineId: 'default',
    createDefaultPipelines: () => [
      defaultPipeline(
        'default',
        'Sales Pipeline',
        DEAL_STAGES.map(([id, label, probability, isClosed]) => [
          id,
          label,
          { isClosed: String(isClosed), probability },
        ]),
      ),
    ],
    stageDerivedProperties: (stage) => ({
      hs_deal_stage_probability: stage.metadata.probability ?? '0',
      hs_is_closed: stage.metadata.isClosed ?? 'false',
    }),
  },
});
