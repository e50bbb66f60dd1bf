import * as plan from '../../../src/domain/plan/index.ts';

describe('the plan module', () => {
  it('exports the whole public API from its index', () => {
    // GIVEN the names other layers import WHEN reading them from the index THEN each is defined
    const names = [
      // sections
      'SECTION_KEYS',
      'SECTION_LABELS',
      'SECTION_PROPERTY',
      'SECTION_SCHEMAS',
      'MAX_NAME_LENGTH',
      'MAX_TEXT_LENGTH',
      'MAX_LIST_ITEMS',
      'MAX_ID_LENGTH',
      'ACT_NOW_DECISIONS',
      'STEP_STATUSES',
      'ATTITUDES_TO_CHANGE',
      'OPINIONS_OF_US',
      'INFLUENCER_KINDS',
      'LEVELS',
      'isoDateSchema',
      'accountTeamSchema',
      'teamMemberSchema',
      'externalMemberSchema',
      'customerProfileSchema',
      'financialsSchema',
      'contactPointSchema',
      'opportunitySummarySchema',
      'buyingProcessSchema',
      'buyingStepSchema',
      'customerDeadlineSchema',
      'keyPeopleSchema',
      'stakeholderSchema',
      'externalInfluencerSchema',
      'competitionSchema',
      'competitorSchema',
      'getSectionSchema',
      'nextOpenStage',
      'emptyContent',
      // documents
      'CURRENT_SCHEMA_VERSION',
      'TEXTAREA_LIMIT',
      'TEXTAREA_SAFETY_MARGIN',
      'MAX_SECTION_JSON_SIZE',
      'MIGRATIONS',
      'emptySection',
      'measureUtf8Bytes',
      'serializeSection',
      'parseSection',
      'applySectionEdit',
      // completeness
      'COMPLETENESS_ITEM_IDS',
      'ALL_COMPLETENESS_ITEMS',
      'DEFAULT_SECTION_WEIGHTS',
      'sectionWeightsSchema',
      'sectionCompleteness',
      'planCompleteness',
      // stage gates
      'QUALIFICATION_VERDICTS',
      'stageGateSchema',
      'stageGatesSchema',
      'canEnterStage',
      // gate enforcement and the stage path
      'decideStageEntry',
      'stagePath',
      'nextStageOnPath',
      'openStagesInOrder',
      'gateNotice',
      'inLanguage',
      // buying roles (association labels)
      'buyingRoleChanges',
      'isNoChange',
      'mergeLabelledRoles',
      'stakeholderIdFor',
      // mirrors and the carry-over of a won plan
      'planContents',
      'planMirrors',
      'carryOverDocument',
    ];
    const exported = plan as Record<string, unknown>;
    for (const name of names) expect([name, exported[name]]).toEqual([name, expect.anything()]);
    expect(Object.keys(plan).sort()).toEqual([...names].sort());
  });
});
