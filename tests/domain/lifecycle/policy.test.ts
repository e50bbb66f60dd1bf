import { validate } from '../../../src/domain/errors.ts';
import {
  DEFAULT_LIFECYCLE_POLICY,
  DEFAULT_RETURN_REASONS,
  DEFAULT_STAGE_MAP,
  HUBSPOT_LEAD_STATUSES,
  MAX_POLICY_LIST_ITEMS,
  classifyDealStage,
  closingStageIn,
  dealStageCatalog,
  findReturnReason,
  labelReturnReason,
  lifecyclePolicySchema,
  returnReasonSchema,
} from '../../../src/domain/lifecycle/index.ts';

describe('lifecyclePolicySchema defaults', () => {
  it('parses {} to HubSpot’s standard set-up', () => {
    expect(DEFAULT_LIFECYCLE_POLICY).toEqual({
      autoPromoteToMql: true,
      stageMap: {
        subscriber: 'subscriber',
        lead: 'lead',
        mql: 'marketingqualifiedlead',
        sql: 'salesqualifiedlead',
        opportunity: 'opportunity',
        customer: 'customer',
        evangelist: 'evangelist',
        other: 'other',
      },
      salesOwnerIds: [],
      handOffLeadStatus: 'OPEN_DEAL',
      newDeal: {
        pipelineId: 'default',
        stageId: 'appointmentscheduled',
        namePattern: '{company} – {contact}',
      },
      onReturn: { mode: 'close_lost' },
      returnOwner: { mode: 'previous_owner' },
      ownerLanguages: { default: 'en', byOwner: {} },
      wonStageIds: ['closedwon'],
      lostStageIds: ['closedlost'],
      returnReasons: DEFAULT_RETURN_REASONS,
      requireNoteForOther: true,
      leadsObject: { mode: 'auto' },
    });
    expect(DEFAULT_LIFECYCLE_POLICY).not.toHaveProperty('marketingOwnerId');
    expect(DEFAULT_LIFECYCLE_POLICY.stageMap).toEqual(DEFAULT_STAGE_MAP);
    expect(DEFAULT_RETURN_REASONS.every((r) => returnReasonSchema.safeParse(r).success)).toBe(true);
  });

  it('offers the eight default return reasons with English and German labels and HubSpot lead statuses', () => {
    expect(DEFAULT_RETURN_REASONS.map((r) => [r.code, r.leadStatus])).toEqual([
      ['no_budget', 'UNQUALIFIED'],
      ['no_authority', 'UNQUALIFIED'],
      ['no_need', 'UNQUALIFIED'],
      ['bad_timing', 'BAD_TIMING'],
      ['competitor_preferred', 'UNQUALIFIED'],
      ['not_a_good_deal', 'UNQUALIFIED'],
      ['needs_nurturing', 'OPEN'],
      ['other', 'OPEN'],
    ]);
    for (const reason of DEFAULT_RETURN_REASONS) {
      expect(HUBSPOT_LEAD_STATUSES).toContain(reason.leadStatus);
      expect(reason.label.de).not.toBe('');
      expect(reason.label.en).not.toBe('');
    }
  });

  it('fills a partial stage map and deal set-up from the defaults', () => {
    const policy = lifecyclePolicySchema.parse({
      stageMap: { sql: 'sales_accepted' },
      newDeal: { pipelineId: 'p2' },
    });
    expect(policy.stageMap.sql).toBe('sales_accepted');
    expect(policy.stageMap.mql).toBe('marketingqualifiedlead');
    expect(policy.newDeal).toEqual({
      pipelineId: 'p2',
      stageId: 'appointmentscheduled',
      namePattern: '{company} – {contact}',
    });
  });
});

describe('lifecyclePolicySchema validation', () => {
  it.each<[string, unknown, string]>([
    [
      'a duplicated reason code',
      {
        returnReasons: [
          { code: 'a', label: { en: 'A', de: 'A' }, leadStatus: 'OPEN' },
          { code: 'a', label: { en: 'B', de: 'B' }, leadStatus: 'OPEN' },
        ],
      },
      'returnReasons.1.code',
    ],
    [
      'a reason code with capitals',
      { returnReasons: [{ code: 'NoBudget', label: { en: 'A', de: 'A' }, leadStatus: 'OPEN' }] },
      'returnReasons.0.code',
    ],
    [
      'a blank German label',
      { returnReasons: [{ code: 'a', label: { en: 'A', de: ' ' }, leadStatus: 'OPEN' }] },
      'returnReasons.0.label.de',
    ],
    ['no return reasons', { returnReasons: [] }, 'returnReasons'],
    ['a new deal in a won stage', { newDeal: { stageId: 'closedwon' } }, 'newDeal.stageId'],
    [
      'a return stage that is closed',
      { onReturn: { mode: 'move_to_stage', stageId: 'closedlost' } },
      'onReturn.stageId',
    ],
    ['a return stage missing', { onReturn: { mode: 'move_to_stage' } }, 'onReturn.stageId'],
    [
      'a stage both won and lost',
      { wonStageIds: ['done'], lostStageIds: ['done'] },
      'wonStageIds.0',
    ],
    ['no lost stage', { lostStageIds: [] }, 'lostStageIds'],
    ['a blank sales owner', { salesOwnerIds: ['s1', ' '] }, 'salesOwnerIds.1'],
    [
      'too many sales owners',
      { salesOwnerIds: Array.from({ length: MAX_POLICY_LIST_ITEMS + 1 }, (_, i) => `s${i}`) },
      'salesOwnerIds',
    ],
    ['a blank stage value', { stageMap: { lead: '' } }, 'stageMap.lead'],
    ['an unknown field', { autoDemote: true }, '(root)'],
  ])('rejects %s, naming the field', (_, input, path) => {
    const result = validate(lifecyclePolicySchema, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toContain(path);
  });
});

describe('policy look-ups', () => {
  it.each([
    ['closedwon', 'won'],
    ['closedlost', 'lost'],
    ['appointmentscheduled', 'open'],
  ] as const)('classifies the deal stage %s as %s', (stageId, outcome) => {
    expect(classifyDealStage(DEFAULT_LIFECYCLE_POLICY, stageId)).toBe(outcome);
  });

  // A second pipeline whose stage ids are not closedwon/closedlost: HubSpot's metadata says which
  // stages are closed and how (probability 1 won, 0 lost).
  const pipelines = [
    {
      stages: [
        { id: 'appointmentscheduled', metadata: { isClosed: 'false', probability: '0.2' } },
        { id: 'closedwon', metadata: { isClosed: 'true', probability: '1.0' } },
        { id: 'closedlost', metadata: { isClosed: 'true', probability: '0.0' } },
      ],
    },
    {
      stages: [
        { id: '1001', metadata: { isClosed: 'false', probability: '0.5' } },
        { id: '1002', metadata: { isClosed: 'true', probability: '1.0' } },
        { id: '1003', metadata: { isClosed: 'true', probability: '0.0' } },
        { id: '1004', metadata: { isClosed: 'false', probability: '1.0' } },
      ],
    },
  ];

  it.each([
    ['1002', 'won'],
    ['1003', 'lost'],
    ['1001', 'open'],
    ['1004', 'open'],
    ['closedwon', 'won'],
    ['unknown-stage', 'open'],
  ] as const)('classifies %s of any pipeline by its metadata as %s', (stageId, outcome) => {
    const catalog = dealStageCatalog(pipelines);
    expect(classifyDealStage(DEFAULT_LIFECYCLE_POLICY, stageId, catalog)).toBe(outcome);
  });

  it('lets the settings override the pipeline metadata for the stages they name', () => {
    // GIVEN an admin who counts 1003 (closed, probability 0) as won and 1001 as lost
    const policy = lifecyclePolicySchema.parse({
      wonStageIds: ['1003'],
      lostStageIds: ['1001'],
    });
    const catalog = dealStageCatalog(pipelines);
    expect(classifyDealStage(policy, '1003', catalog)).toBe('won');
    expect(classifyDealStage(policy, '1001', catalog)).toBe('lost');
    // AND every other stage still follows the metadata
    expect(classifyDealStage(policy, '1002', catalog)).toBe('won');
  });

  it('finds return reasons and labels them, falling back to the code for retired reasons', () => {
    expect(findReturnReason(DEFAULT_LIFECYCLE_POLICY, 'bad_timing')?.leadStatus).toBe('BAD_TIMING');
    expect(findReturnReason(DEFAULT_LIFECYCLE_POLICY, 'retired')).toBeUndefined();
    expect(labelReturnReason(DEFAULT_LIFECYCLE_POLICY, 'no_need')).toEqual({
      en: 'No need',
      de: 'Kein Bedarf',
    });
    expect(labelReturnReason(DEFAULT_LIFECYCLE_POLICY, 'retired')).toEqual({
      en: 'retired',
      de: 'retired',
    });
  });
});

describe('closingStageIn', () => {
  const closed = (probability: string) => ({ isClosed: 'true', probability });
  const pipelines = [
    {
      id: 'default',
      stages: [
        { id: 'appointmentscheduled', metadata: { isClosed: 'false', probability: '0.2' } },
        { id: 'closedwon', metadata: closed('1.0') },
        { id: 'closedlost', metadata: closed('0.0') },
      ],
    },
    {
      id: 'renewals',
      stages: [
        { id: 'r-open', metadata: { isClosed: 'false', probability: '0.5' } },
        { id: 'r-won', metadata: closed('1.0') },
        { id: 'r-lost', metadata: closed('0.0') },
      ],
    },
    { id: 'no-closed', stages: [{ id: 'x-open', metadata: { isClosed: 'false' } }] },
  ];

  it.each([
    ['default', 'lost', 'closedlost', 'closedlost'],
    ['renewals', 'lost', 'closedlost', 'r-lost'],
    ['renewals', 'won', 'closedwon', 'r-won'],
    ['renewals', 'lost', 'r-lost', 'r-lost'],
    ['no-closed', 'lost', 'closedlost', 'closedlost'],
    [undefined, 'lost', 'closedlost', 'closedlost'],
    ['unknown', 'won', 'closedwon', 'closedwon'],
  ] as const)(
    'closes a deal of pipeline %s as %s: policy says %s, the deal gets %s',
    (pipelineId, outcome, preferred, expected) => {
      expect(closingStageIn(pipelines, pipelineId, outcome, preferred)).toBe(expected);
    },
  );
});
