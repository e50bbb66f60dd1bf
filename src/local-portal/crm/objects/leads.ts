// Leads (object type id 0-136, unconfirmed), their default pipeline and stages (ids unconfirmed).
// https://developers.hubspot.com/docs/api-reference/crm-leads-v3/guide
import {
  buildOptions,
  ownerProperty,
  select,
  systemProperties,
  text,
} from '../property-definitions.ts';
import { defaultPipeline, defineObjectType, HS_CREATEDATE_READS } from './define.ts';

const LEAD_STAGES: [string, string][] = [
  ['new-stage-id', 'New'],
  ['attempting-stage-id', 'Attempting'],
  ['connected-stage-id', 'Connected'],
  ['qualified-stage-id', 'Qualified'],
  ['unqualified-stage-id', 'Disqualified'],
];

export const leads = defineObjectType({
  name: 'leads',
  singular: 'lead',
  objectTypeId: '0-136',
  groups: [['leadinformation', 'Lead information']],
  properties: [
    ...systemProperties('leadinformation', 'hs_lastmodifieddate'),
    text('hs_lead_name', 'Lead name', 'leadinformation'),
    select('hs_pipeline', 'Pipeline', 'leadinformation', []),
    select('hs_pipeline_stage', 'Lead stage', 'leadinformation', []),
    select(
      'hs_lead_type',
      'Lead type',
      'leadinformation',
      buildOptions([
        ['NEW_BUSINESS', 'New Business'],
        ['UPSELL', 'Upsell'],
        ['RE_ATTEMPTING', 'Re-attempting'],
      ]),
    ),
    ownerProperty('leadinformation'),
  ],
  ...HS_CREATEDATE_READS,
  // Lead associations (unconfirmed ids): lead → primary contact 578, lead → company 610.
  associations: [
    ['contacts', 578, 579, 'Primary', true],
    ['companies', 610, 611, null, true],
    // Lead → deal (unconfirmed ids; the product links them with the `default` endpoint, no id needed).
    ['deals', 583, 584, null, true],
  ],
  pipelines: {
    pipelineProperty: 'hs_pipeline',
    stageProperty: 'hs_pipeline_stage',
    defaultPipelineId: 'lead-pipeline-id',
    defaultStageId: 'new-stage-id',
    createDefaultPipelines: () => [
      defaultPipeline(
        'lead-pipeline-id',
        'Lead pipeline',
        LEAD_STAGES.map(([id, label]) => [
          id,
          label,
          { isClosed: String(id === 'qualified-stage-id' || id === 'unqualified-stage-id') },
        ]),
      ),
    ],
  },
});
