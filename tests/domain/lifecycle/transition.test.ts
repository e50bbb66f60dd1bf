import type {
  Effect,
  LeadState,
  LifecycleEvent,
  LifecyclePolicy,
  TransitionResult,
} from '../../../src/domain/lifecycle/index.ts';
import {
  DEFAULT_LIFECYCLE_POLICY,
  REJECTION_CODES,
  initialLeadState,
  formatDealName,
  isValidState,
  lifecyclePolicySchema,
  serializeLoopHistory,
  transition,
} from '../../../src/domain/lifecycle/index.ts';

const NOW = new Date('2026-03-02T09:30:00.000Z');
const AT = '2026-03-02T09:30:00.000Z';
const EARLIER = '2026-02-01T08:00:00.000Z';
/** AT as each language writes it in a note. */
const AT_TEXT = { en: 'Mar 2, 2026, 09:30 UTC', de: '02.03.2026, 09:30 UTC' };

/**
 * Sales owners s1–s3 in the round robin, m1 owns returned contacts. HubSpot's Leads object is off
 * here (its step is tested in lead-object.test.ts), so the lists below are the lifecycle's own.
 */
const POLICY = lifecyclePolicySchema.parse({
  salesOwnerIds: ['s1', 's2', 's3'],
  marketingOwnerId: 'm1',
  leadsObject: { mode: 'off' },
});
const SCORE = { total: 72, grade: 'A2', band: 'mql' as const };
const SCORE_TEXT = {
  en: 'Score at that moment: 72 (A2, mql).',
  de: 'Score zu diesem Zeitpunkt: 72 (A2, mql).',
};

const stateWith = (overrides: Partial<LeadState>): LeadState => ({
  ...initialLeadState('c1'),
  ...overrides,
});

/** Runs the transition and insists it was accepted. */
function accept(
  state: LeadState,
  event: LifecycleEvent,
  policy: LifecyclePolicy = POLICY,
): { state: LeadState; effects: Effect[] } {
  const result = transition(state, event, policy, NOW);
  if (!result.ok) throw new Error(`rejected: ${result.rejection.code}`);
  expect(isValidState(result.state)).toBe(true);
  return result;
}

const historyWrite = (state: LeadState, extra: Record<string, string> = {}): Effect => ({
  type: 'writeProperties',
  target: { object: 'contact', id: 'c1' },
  properties: { ...extra, op_loop_history: serializeLoopHistory(state.history) },
});

describe('transition: scoreChanged', () => {
  const scored = (band: 'lead' | 'mql' | 'sql'): LifecycleEvent => ({
    type: 'scoreChanged',
    actor: 'system',
    total: 72,
    fit: 40,
    engagement: 32,
    grade: 'A2',
    band,
  });

  it('GIVEN a lead WHEN its score reaches the MQL band THEN it is promoted to MQL with a note', () => {
    const { state, effects } = accept(stateWith({ stage: 'lead' }), scored('mql'));

    expect(state).toEqual({
      ...stateWith({ stage: 'mql' }),
      score: SCORE,
      history: [{ kind: 'promoted', at: AT, by: 'system', score: 72 }],
    });
    expect(effects).toEqual([
      {
        type: 'setLifecycleStage',
        object: 'contact',
        id: 'c1',
        value: 'marketingqualifiedlead',
        clearFirst: false,
      },
      historyWrite(state),
      {
        type: 'addNote',
        target: { object: 'contact', id: 'c1' },
        language: 'en',
        body: {
          en: `Promoted to marketing-qualified lead by the system on ${AT_TEXT.en}. ${SCORE_TEXT.en}`,
          de: `Zum Marketing-qualifizierten Lead befördert vom System am ${AT_TEXT.de}. ${SCORE_TEXT.de}`,
        },
      },
    ]);
  });

  it('GIVEN a subscriber WHEN the score is in the SQL band THEN it goes to MQL only (hand-off is a decision)', () => {
    const { state, effects } = accept(stateWith({ stage: 'subscriber' }), scored('sql'));

    expect(state.stage).toBe('mql');
    expect(effects[0]).toEqual({
      type: 'setLifecycleStage',
      object: 'contact',
      id: 'c1',
      value: 'marketingqualifiedlead',
      clearFirst: false,
    });
  });

  it('maps the stage through the portal’s stageMap', () => {
    const policy = lifecyclePolicySchema.parse({ stageMap: { mql: 'custom_mql_stage' } });
    const { effects } = accept(stateWith({ stage: 'lead' }), scored('mql'), policy);

    expect(effects[0]).toMatchObject({ type: 'setLifecycleStage', value: 'custom_mql_stage' });
  });

  it.each<[string, Partial<LeadState>, 'lead' | 'mql' | 'sql', boolean]>([
    ['a lead whose score stays in the lead band', { stage: 'lead' }, 'lead', true],
    ['a lead when auto-promotion is off', { stage: 'lead' }, 'sql', false],
    ['an MQL (never promoted further)', { stage: 'mql' }, 'sql', true],
    ['an SQL whose score drops (never demoted)', { stage: 'sql' }, 'lead', true],
    [
      'an opportunity',
      { stage: 'opportunity', dealId: 'd1', dealStatus: 'open', ownerId: 's1' },
      'lead',
      true,
    ],
    ['a customer', { stage: 'customer', dealId: 'd1', dealStatus: 'won' }, 'sql', true],
    ['a contact in "other"', { stage: 'other' }, 'mql', true],
  ])('GIVEN %s WHEN re-scored THEN only the remembered score changes', (_, start, band, auto) => {
    const before = stateWith(start);
    const policy = lifecyclePolicySchema.parse({ autoPromoteToMql: auto });
    const { state, effects } = accept(before, scored(band), policy);

    expect(effects).toEqual([]);
    expect(state).toEqual({ ...before, score: { total: 72, grade: 'A2', band } });
  });
});

describe('transition: handOff', () => {
  it('GIVEN an MQL without a deal WHEN handed off to a named owner THEN it becomes an opportunity via SQL with a new deal', () => {
    const before = stateWith({ stage: 'mql', companyId: 'co1', ownerId: 'm1', score: SCORE });
    const { state, effects } = accept(before, {
      type: 'handOff',
      actor: 'u7',
      salesOwner: { mode: 'explicit', ownerId: 's9' },
      companyName: 'Acme GmbH',
      contactName: 'Jane Doe',
    });

    expect(state).toEqual({
      ...before,
      stage: 'opportunity',
      ownerId: 's9',
      dealStatus: 'open',
      handedOffAt: AT,
      history: [
        { kind: 'handoff', at: AT, by: 'u7', ownerId: 's9', previousOwnerId: 'm1', score: 72 },
      ],
    });
    expect(state.dealId).toBeUndefined();
    const body = {
      en: `Handed off to sales by user u7 on ${AT_TEXT.en}. Sales owner: s9. New deal: “Acme GmbH – Jane Doe”. ${SCORE_TEXT.en}`,
      de: `An den Vertrieb übergeben von Benutzer u7 am ${AT_TEXT.de}. Deal-Inhaber im Vertrieb: s9. Neuer Deal: „Acme GmbH – Jane Doe“. ${SCORE_TEXT.de}`,
    };
    expect(effects).toEqual([
      {
        type: 'setLifecycleStage',
        object: 'contact',
        id: 'c1',
        value: 'salesqualifiedlead',
        clearFirst: false,
      },
      {
        type: 'setLifecycleStage',
        object: 'contact',
        id: 'c1',
        value: 'opportunity',
        clearFirst: false,
      },
      { type: 'setOwner', object: 'contact', id: 'c1', ownerId: 's9' },
      { type: 'setLeadStatus', contactId: 'c1', value: 'OPEN_DEAL' },
      {
        type: 'createDeal',
        name: 'Acme GmbH – Jane Doe',
        pipelineId: 'default',
        stageId: 'appointmentscheduled',
        ownerId: 's9',
        contactId: 'c1',
        companyId: 'co1',
      },
      historyWrite(state, { op_handed_off_at: AT }),
      { type: 'addNote', target: { object: 'contact', id: 'c1' }, body, language: 'en' },
      {
        type: 'addNote',
        target: { object: 'deal', deal: { ref: 'newDeal' } },
        body,
        language: 'en',
      },
    ]);
  });

  it('GIVEN a returned lead with a lost deal WHEN handed off by round robin THEN the deal is reopened and the cursor advances last', () => {
    const before = stateWith({
      stage: 'lead',
      companyId: 'co1',
      ownerId: 'm1',
      dealId: 'd1',
      dealStatus: 'lost',
      loopCount: 1,
      lastReturnReason: 'bad_timing',
      returnedAt: EARLIER,
    });
    const { state, effects } = accept(before, {
      type: 'handOff',
      actor: 'system',
      salesOwner: { mode: 'round_robin', cursor: 4 },
    });

    // cursor 4 over three owners picks index 1 (s2); the next hand-off starts at index 2.
    expect(state).toEqual({
      ...before,
      stage: 'opportunity',
      ownerId: 's2',
      dealStatus: 'open',
      handedOffAt: AT,
      history: [
        {
          kind: 'handoff',
          at: AT,
          by: 'system',
          ownerId: 's2',
          previousOwnerId: 'm1',
          dealId: 'd1',
        },
      ],
    });
    const body = {
      en: `Handed off to sales by the system on ${AT_TEXT.en}. Sales owner: s2. Deal d1 reopened; its plan is kept. Score at that moment: unknown.`,
      de: `An den Vertrieb übergeben vom System am ${AT_TEXT.de}. Deal-Inhaber im Vertrieb: s2. Deal d1 wieder geöffnet; sein Plan bleibt erhalten. Score zu diesem Zeitpunkt: unbekannt.`,
    };
    expect(effects).toEqual([
      {
        type: 'setLifecycleStage',
        object: 'contact',
        id: 'c1',
        value: 'salesqualifiedlead',
        clearFirst: false,
      },
      {
        type: 'setLifecycleStage',
        object: 'contact',
        id: 'c1',
        value: 'opportunity',
        clearFirst: false,
      },
      { type: 'setOwner', object: 'contact', id: 'c1', ownerId: 's2' },
      { type: 'setLeadStatus', contactId: 'c1', value: 'OPEN_DEAL' },
      { type: 'reopenDeal', deal: { id: 'd1' }, stageId: 'appointmentscheduled', ownerId: 's2' },
      {
        type: 'associate',
        from: { object: 'deal', deal: { id: 'd1' } },
        to: { object: 'contact', id: 'c1' },
      },
      {
        type: 'associate',
        from: { object: 'deal', deal: { id: 'd1' } },
        to: { object: 'company', id: 'co1' },
      },
      historyWrite(state, { op_handed_off_at: AT }),
      { type: 'addNote', target: { object: 'contact', id: 'c1' }, body, language: 'en' },
      { type: 'addNote', target: { object: 'deal', deal: { id: 'd1' } }, body, language: 'en' },
    ]);
  });

  it('GIVEN a returned lead whose deal stayed open WHEN handed off THEN that deal is reopened (the plan survives)', () => {
    const before = stateWith({ stage: 'lead', ownerId: 'm1', dealId: 'd1', dealStatus: 'open' });
    const { effects } = accept(before, {
      type: 'handOff',
      actor: 'u1',
      salesOwner: { mode: 'round_robin', cursor: 2 },
    });

    expect(effects.filter((e) => e.type === 'reopenDeal' || e.type === 'createDeal')).toEqual([
      { type: 'reopenDeal', deal: { id: 'd1' }, stageId: 'appointmentscheduled', ownerId: 's3' },
    ]);
    // The store advanced the cursor when the hand-off started: no effect stores it afterwards.
    expect(effects.map((e) => e.type)).not.toContain('advanceRoundRobin');
  });

  it('GIVEN an SQL without a deal WHEN handed off keeping its owner THEN only the opportunity stage is written and no owner change', () => {
    const before = stateWith({ stage: 'sql', ownerId: 's1' });
    const { state, effects } = accept(before, {
      type: 'handOff',
      actor: 'u1',
      salesOwner: { mode: 'keep' },
      dealName: '  Big rollout  ',
    });

    expect(state.ownerId).toBe('s1');
    expect(effects.map((e) => e.type)).toEqual([
      'setLifecycleStage',
      'setLeadStatus',
      'createDeal',
      'writeProperties',
      'addNote',
      'addNote',
    ]);
    expect(effects[0]).toMatchObject({ value: 'opportunity', clearFirst: false });
    expect(effects[2]).toEqual({
      type: 'createDeal',
      name: 'Big rollout',
      pipelineId: 'default',
      stageId: 'appointmentscheduled',
      ownerId: 's1',
      contactId: 'c1',
    });
  });

  it('GIVEN an opportunity whose deal was lost WHEN handed off again THEN no lifecycle write, the deal is reopened', () => {
    const before = stateWith({
      stage: 'opportunity',
      ownerId: 's1',
      dealId: 'd1',
      dealStatus: 'lost',
    });
    const { state, effects } = accept(before, {
      type: 'handOff',
      actor: 'u1',
      salesOwner: { mode: 'explicit', ownerId: 's2' },
    });

    expect(state).toMatchObject({ stage: 'opportunity', dealStatus: 'open', dealId: 'd1' });
    expect(effects.map((e) => e.type)).toEqual([
      'setOwner',
      'setLeadStatus',
      'reopenDeal',
      'associate',
      'writeProperties',
      'addNote',
      'addNote',
    ]);
  });

  it('uses the configured pipeline, stage and lead status', () => {
    const policy = lifecyclePolicySchema.parse({
      newDeal: { pipelineId: 'p2', stageId: 'discovery', namePattern: 'Opportunity {contact}' },
      handOffLeadStatus: 'IN_PROGRESS',
    });
    const configured = accept(
      stateWith({ stage: 'lead' }),
      {
        type: 'handOff',
        actor: 'u1',
        salesOwner: { mode: 'explicit', ownerId: 's1' },
        contactName: 'Jane',
      },
      policy,
    ).effects;

    expect(configured).toContainEqual({
      type: 'setLeadStatus',
      contactId: 'c1',
      value: 'IN_PROGRESS',
    });
    expect(configured).toContainEqual({
      type: 'createDeal',
      name: 'Opportunity Jane',
      pipelineId: 'p2',
      stageId: 'discovery',
      ownerId: 's1',
      contactId: 'c1',
    });
  });

  it.each([
    [{ companyName: 'Acme', contactName: 'Jane' }, 'Acme – Jane'],
    [{ contactName: 'Jane' }, 'Jane'],
    [{ companyName: '  ', contactName: ' Jane ' }, 'Jane'],
    [{ companyName: 'Acme' }, 'Acme – c1'],
    [{}, 'c1'],
  ])('names a new deal from the default pattern: %j → %s', (names, expected) => {
    const { effects } = accept(stateWith({ stage: 'lead' }), {
      type: 'handOff',
      actor: 'u1',
      salesOwner: { mode: 'explicit', ownerId: 's1' },
      ...names,
    });

    expect(effects.find((e) => e.type === 'createDeal')).toMatchObject({ name: expected });
  });
});

describe('formatDealName', () => {
  it.each([
    ['{company} – {contact}', { company: 'Acme', contact: 'Jane' }, 'Acme – Jane'],
    ['{company} | {contact}', { contact: 'Jane' }, 'Jane'],
    ['{contact} @ {company}', { company: 'Acme', contact: 'Jane' }, 'Jane @ Acme'],
    ['{company}', { contact: 'Jane' }, 'Jane'],
    ['{contact}', { contact: 'x'.repeat(300) }, 'x'.repeat(200)],
  ])('fills %s with %j → %s', (pattern, values, expected) => {
    expect(formatDealName(pattern, values)).toBe(expected);
  });
});

describe('transition: returnToMarketing', () => {
  const opportunity = stateWith({
    stage: 'opportunity',
    companyId: 'co1',
    ownerId: 's1',
    dealId: 'd1',
    dealStatus: 'open',
    handedOffAt: EARLIER,
    score: SCORE,
  });

  it('GIVEN an opportunity with an open deal WHEN returned for no budget THEN it goes back to lead, marketing owns it, the deal is closed lost and the loop is counted', () => {
    const { state, effects } = accept(opportunity, {
      type: 'returnToMarketing',
      actor: 'u3',
      reason: 'no_budget',
      note: '  Budget frozen until Q3  ',
    });

    expect(state).toEqual({
      ...opportunity,
      stage: 'lead',
      ownerId: 'm1',
      dealStatus: 'lost',
      loopCount: 1,
      lastReturnReason: 'no_budget',
      returnedAt: AT,
      history: [
        {
          kind: 'return',
          at: AT,
          by: 'u3',
          reason: 'no_budget',
          note: 'Budget frozen until Q3',
          ownerId: 'm1',
          dealId: 'd1',
          score: 72,
        },
      ],
    });
    const body = {
      en: `Returned to marketing by user u3 on ${AT_TEXT.en}. Reason: No budget. Note: “Budget frozen until Q3” Return number 1. Owner: m1 (marketing). Deal d1 closed as lost. ${SCORE_TEXT.en}`,
      de: `An das Marketing zurückgegeben von Benutzer u3 am ${AT_TEXT.de}. Grund: Kein Budget. Notiz: „Budget frozen until Q3“ Rückgabe Nr. 1. Kontaktinhaber: m1 (Marketing). Deal d1 als verloren geschlossen. ${SCORE_TEXT.de}`,
    };
    expect(effects).toEqual([
      { type: 'setLifecycleStage', object: 'contact', id: 'c1', value: 'lead', clearFirst: true },
      { type: 'setLeadStatus', contactId: 'c1', value: 'UNQUALIFIED' },
      { type: 'setOwner', object: 'contact', id: 'c1', ownerId: 'm1' },
      { type: 'closeDeal', deal: { id: 'd1' }, outcome: 'lost', stageId: 'closedlost' },
      historyWrite(state, {
        op_loop_count: '1',
        op_last_return_reason: 'no_budget',
        op_returned_at: AT,
      }),
      {
        type: 'writeProperties',
        target: { object: 'deal', deal: { id: 'd1' } },
        properties: { op_loop_count: '1', op_last_return_reason: 'no_budget' },
      },
      { type: 'addNote', target: { object: 'contact', id: 'c1' }, body, language: 'en' },
      { type: 'addNote', target: { object: 'deal', deal: { id: 'd1' } }, body, language: 'en' },
    ]);
  });

  it('GIVEN the policy moves returned deals to a stage WHEN returned THEN the deal stays open in that stage', () => {
    const policy = lifecyclePolicySchema.parse({
      marketingOwnerId: 'm1',
      onReturn: { mode: 'move_to_stage', stageId: 'nurture' },
    });
    const { state, effects } = accept(
      { ...opportunity, loopCount: 2 },
      { type: 'returnToMarketing', actor: 'u3', reason: 'bad_timing' },
      policy,
    );

    expect(state).toMatchObject({ stage: 'lead', dealStatus: 'open', dealId: 'd1', loopCount: 3 });
    expect(effects.slice(0, 4)).toEqual([
      { type: 'setLifecycleStage', object: 'contact', id: 'c1', value: 'lead', clearFirst: true },
      { type: 'setLeadStatus', contactId: 'c1', value: 'BAD_TIMING' },
      { type: 'setOwner', object: 'contact', id: 'c1', ownerId: 'm1' },
      { type: 'moveDealStage', deal: { id: 'd1' }, stageId: 'nurture' },
    ]);
    expect(effects.find((e) => e.type === 'addNote')).toMatchObject({
      body: {
        en: expect.stringContaining(
          'Return number 3. Owner: m1 (marketing). Deal d1 moved to stage nurture.',
        ),
        de: expect.stringContaining(
          'Rückgabe Nr. 3. Kontaktinhaber: m1 (Marketing). Deal d1 in die Phase nurture verschoben.',
        ),
      },
    });
  });

  it('GIVEN no marketing owner is configured WHEN returned THEN the owner is kept and the note says so', () => {
    const { state, effects } = accept(
      opportunity,
      { type: 'returnToMarketing', actor: 'u3', reason: 'needs_nurturing' },
      DEFAULT_LIFECYCLE_POLICY,
    );

    expect(state.ownerId).toBe('s1');
    expect(effects.some((e) => e.type === 'setOwner')).toBe(false);
    expect(effects).toContainEqual({ type: 'setLeadStatus', contactId: 'c1', value: 'OPEN' });
    const note = effects.find((e) => e.type === 'addNote');
    expect(note).toMatchObject({
      body: {
        en: expect.stringContaining('The owner was kept: no marketing owner is configured'),
        de: expect.stringContaining('Der Kontaktinhaber wurde beibehalten'),
      },
    });
  });

  it('GIVEN an SQL without a deal or owner WHEN returned THEN only the contact is written', () => {
    const before = stateWith({ stage: 'sql' });
    const { state, effects } = accept(
      before,
      { type: 'returnToMarketing', actor: 'u3', reason: 'no_need' },
      DEFAULT_LIFECYCLE_POLICY,
    );

    expect(state.ownerId).toBeUndefined();
    expect(state.history[0]).toEqual({ kind: 'return', at: AT, by: 'u3', reason: 'no_need' });
    // With the default policy the Leads object step comes last (the runner skips it in portals
    // without the object).
    expect(effects.map((e) => e.type)).toEqual([
      'setLifecycleStage',
      'setLeadStatus',
      'writeProperties',
      'addNote',
      'syncLeadObject',
    ]);
    expect(effects[0]).toMatchObject({ value: 'lead', clearFirst: true });
  });

  it('GIVEN an opportunity whose deal is already lost WHEN returned THEN the deal is not closed again but its mirrors are written', () => {
    const { state, effects } = accept(
      { ...opportunity, dealStatus: 'lost' },
      { type: 'returnToMarketing', actor: 'u3', reason: 'competitor_preferred' },
    );

    expect(state.dealStatus).toBe('lost');
    expect(effects.map((e) => e.type)).toEqual([
      'setLifecycleStage',
      'setLeadStatus',
      'setOwner',
      'writeProperties',
      'writeProperties',
      'addNote',
      'addNote',
    ]);
  });

  it('accepts "other" with a note, and without one when the policy does not require it', () => {
    const withNote = accept(opportunity, {
      type: 'returnToMarketing',
      actor: 'u3',
      reason: 'other',
      note: 'Merger pending',
    });
    expect(withNote.state.history.at(-1)).toMatchObject({
      reason: 'other',
      note: 'Merger pending',
    });
    expect(withNote.effects).toContainEqual({
      type: 'setLeadStatus',
      contactId: 'c1',
      value: 'OPEN',
    });

    const relaxed = lifecyclePolicySchema.parse({ requireNoteForOther: false });
    const without = accept(
      opportunity,
      { type: 'returnToMarketing', actor: 'u3', reason: 'other' },
      relaxed,
    );
    expect(without.state.loopCount).toBe(1);
    expect(without.state.history.at(-1)).not.toHaveProperty('note');
  });
});

describe('transition: dealWon and dealLost', () => {
  it('GIVEN an opportunity WHEN its deal is won THEN contact and company become customers and the plan carries over, without rewriting the deal stage', () => {
    const before = stateWith({
      stage: 'opportunity',
      companyId: 'co1',
      ownerId: 's1',
      dealId: 'd1',
      dealStatus: 'open',
      score: SCORE,
    });
    const { state, effects } = accept(before, { type: 'dealWon', actor: 'system', dealId: 'd1' });

    expect(state).toEqual({
      ...before,
      stage: 'customer',
      dealStatus: 'won',
      history: [{ kind: 'won', at: AT, by: 'system', dealId: 'd1', score: 72 }],
    });
    expect(effects).toEqual([
      {
        type: 'setLifecycleStage',
        object: 'contact',
        id: 'c1',
        value: 'customer',
        clearFirst: false,
      },
      {
        type: 'setLifecycleStage',
        object: 'company',
        id: 'co1',
        value: 'customer',
        clearFirst: false,
      },
      { type: 'carryOverPlan', dealId: 'd1', companyId: 'co1' },
      historyWrite(state),
      {
        type: 'addNote',
        target: { object: 'contact', id: 'c1' },
        language: 'en',
        body: {
          en: `Deal d1 won (recorded by the system on ${AT_TEXT.en}): the contact is now a customer. ${SCORE_TEXT.en}`,
          de: `Deal d1 gewonnen (erfasst vom System am ${AT_TEXT.de}): Der Kontakt ist jetzt Kunde. ${SCORE_TEXT.de}`,
        },
      },
    ]);
    expect(effects.some((e) => e.type === 'closeDeal' || e.type === 'moveDealStage')).toBe(false);
  });

  it('GIVEN a contact in "other" without company WHEN some deal is won THEN it becomes a customer (cleared first) and adopts that deal', () => {
    const { state, effects } = accept(stateWith({ stage: 'other' }), {
      type: 'dealWon',
      actor: 'u1',
      dealId: 'd9',
    });

    expect(state).toMatchObject({ stage: 'customer', dealId: 'd9', dealStatus: 'won' });
    expect(effects.map((e) => e.type)).toEqual(['setLifecycleStage', 'writeProperties', 'addNote']);
    expect(effects[0]).toMatchObject({ value: 'customer', clearFirst: true });
  });

  it('GIVEN an opportunity WHEN its deal is lost THEN the deal status is lost, the stage stays, and a note records the reason', () => {
    const before = stateWith({
      stage: 'opportunity',
      ownerId: 's1',
      dealId: 'd1',
      dealStatus: 'open',
    });
    const { state, effects } = accept(before, {
      type: 'dealLost',
      actor: 'u1',
      dealId: 'd1',
      reason: ' Went with a competitor ',
    });

    expect(state).toEqual({
      ...before,
      dealStatus: 'lost',
      history: [{ kind: 'lost', at: AT, by: 'u1', dealId: 'd1', note: 'Went with a competitor' }],
    });
    expect(effects).toEqual([
      historyWrite(state),
      {
        type: 'addNote',
        target: { object: 'contact', id: 'c1' },
        language: 'en',
        body: {
          en: `Deal d1 lost (recorded by user u1 on ${AT_TEXT.en}). Reason: Went with a competitor. Score at that moment: unknown.`,
          de: `Deal d1 verloren (erfasst von Benutzer u1 am ${AT_TEXT.de}). Grund: Went with a competitor. Score zu diesem Zeitpunkt: unbekannt.`,
        },
      },
    ]);
  });

  it('GIVEN a fresh hand-off whose new deal id is not attached yet WHEN that deal is lost THEN its id is adopted', () => {
    const before = stateWith({ stage: 'opportunity', ownerId: 's1', dealStatus: 'open' });
    const { state, effects } = accept(before, { type: 'dealLost', actor: 'system', dealId: 'd5' });

    expect(state).toMatchObject({ dealId: 'd5', dealStatus: 'lost' });
    expect(effects[1]).toMatchObject({
      body: { en: expect.not.stringContaining('Reason') },
    });
  });
});

describe('transition: rejections', () => {
  const handOff = (salesOwner: Extract<LifecycleEvent, { type: 'handOff' }>['salesOwner']) =>
    ({ type: 'handOff', actor: 'u1', salesOwner }) as const;
  const explicit = handOff({ mode: 'explicit', ownerId: 's1' });
  const returning = (reason: string, note?: string): LifecycleEvent => ({
    type: 'returnToMarketing',
    actor: 'u1',
    reason,
    ...(note === undefined ? {} : { note }),
  });
  const customer = stateWith({ stage: 'customer', dealId: 'd1', dealStatus: 'won' });
  const evangelist = stateWith({ stage: 'evangelist' });
  const openOpportunity = stateWith({
    stage: 'opportunity',
    ownerId: 's1',
    dealId: 'd1',
    dealStatus: 'open',
  });
  const noOwners = lifecyclePolicySchema.parse({});

  const cases: [string, LeadState, LifecycleEvent, LifecyclePolicy, string][] = [
    ['hand-off of a customer', customer, explicit, POLICY, 'customer_cannot_hand_off'],
    ['hand-off of an evangelist', evangelist, explicit, POLICY, 'customer_cannot_hand_off'],
    [
      'hand-off from "other"',
      stateWith({ stage: 'other' }),
      explicit,
      POLICY,
      'stage_not_eligible',
    ],
    ['hand-off of an open opportunity', openOpportunity, explicit, POLICY, 'already_opportunity'],
    [
      'hand-off of an SQL with an open deal',
      stateWith({ stage: 'sql', dealId: 'd1', dealStatus: 'open' }),
      explicit,
      POLICY,
      'already_opportunity',
    ],
    [
      'hand-off to a blank owner',
      stateWith({ stage: 'mql' }),
      handOff({ mode: 'explicit', ownerId: '  ' }),
      POLICY,
      'owner_required',
    ],
    [
      'round robin without sales owners',
      stateWith({ stage: 'mql' }),
      handOff({ mode: 'round_robin', cursor: 0 }),
      noOwners,
      'no_sales_owners',
    ],
    [
      'round robin with a negative cursor',
      stateWith({ stage: 'mql' }),
      handOff({ mode: 'round_robin', cursor: -1 }),
      POLICY,
      'invalid_cursor',
    ],
    [
      'round robin with a fractional cursor',
      stateWith({ stage: 'mql' }),
      handOff({ mode: 'round_robin', cursor: 1.5 }),
      POLICY,
      'invalid_cursor',
    ],
    [
      'keeping an owner the contact does not have',
      stateWith({ stage: 'mql' }),
      handOff({ mode: 'keep' }),
      POLICY,
      'no_owner_to_keep',
    ],
    [
      'an unknown owner choice',
      stateWith({ stage: 'mql' }),
      handOff({ mode: 'lottery' } as never),
      POLICY,
      'owner_required',
    ],
    ['return of a customer', customer, returning('no_budget'), POLICY, 'customer_cannot_return'],
    [
      'return of an evangelist',
      evangelist,
      returning('no_budget'),
      POLICY,
      'customer_cannot_return',
    ],
    [
      'return of a lead',
      stateWith({ stage: 'lead' }),
      returning('no_budget'),
      POLICY,
      'not_with_sales',
    ],
    [
      'return of an MQL',
      stateWith({ stage: 'mql' }),
      returning('no_budget'),
      POLICY,
      'not_with_sales',
    ],
    [
      'return of a subscriber',
      stateWith({ stage: 'subscriber' }),
      returning('no_budget'),
      POLICY,
      'not_with_sales',
    ],
    [
      'return from "other"',
      stateWith({ stage: 'other' }),
      returning('no_budget'),
      POLICY,
      'not_with_sales',
    ],
    [
      'return with an unknown reason',
      openOpportunity,
      returning('bored'),
      POLICY,
      'unknown_return_reason',
    ],
    [
      'return for "other" without a note',
      openOpportunity,
      returning('other'),
      POLICY,
      'note_required',
    ],
    [
      'return for "other" with a blank note',
      openOpportunity,
      returning('other', '   '),
      POLICY,
      'note_required',
    ],
    [
      'return while the new deal is being created',
      stateWith({ stage: 'opportunity', ownerId: 's1', dealStatus: 'open' }),
      returning('no_budget'),
      POLICY,
      'deal_pending',
    ],
    [
      'a win for a customer',
      customer,
      { type: 'dealWon', actor: 'system', dealId: 'd2' },
      POLICY,
      'already_customer',
    ],
    [
      'a win for an evangelist',
      evangelist,
      { type: 'dealWon', actor: 'system', dealId: 'd2' },
      POLICY,
      'already_customer',
    ],
    [
      'a loss of another deal',
      openOpportunity,
      { type: 'dealLost', actor: 'system', dealId: 'd2' },
      POLICY,
      'unknown_deal',
    ],
    [
      'a loss without any deal',
      stateWith({ stage: 'sql' }),
      { type: 'dealLost', actor: 'system', dealId: 'd2' },
      POLICY,
      'unknown_deal',
    ],
    [
      'a loss of a won deal',
      customer,
      { type: 'dealLost', actor: 'system', dealId: 'd1' },
      POLICY,
      'deal_already_won',
    ],
    [
      'a second loss',
      stateWith({ stage: 'opportunity', dealId: 'd1', dealStatus: 'lost' }),
      { type: 'dealLost', actor: 'system', dealId: 'd1' },
      POLICY,
      'deal_already_lost',
    ],
    [
      'an unknown event',
      openOpportunity,
      { type: 'promote', actor: 'u1' } as never,
      POLICY,
      'unknown_event',
    ],
  ];

  it.each(cases)('rejects %s and leaves the state unchanged', (_, state, event, policy, code) => {
    expect(isValidState(state)).toBe(true);
    const before = structuredClone(state);
    const result: TransitionResult = transition(state, event, policy, NOW);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe(code);
    expect(result.rejection.message.en.length).toBeGreaterThan(0);
    expect(result.rejection.message.de.length).toBeGreaterThan(0);
    expect(result.rejection.message.de).not.toBe(result.rejection.message.en);
    expect(state).toEqual(before);
  });

  it('names the valid codes when the return reason is unknown', () => {
    const result = transition(
      stateWith({ stage: 'sql' }),
      returning('bored'),
      DEFAULT_LIFECYCLE_POLICY,
      NOW,
    );
    expect(result).toMatchObject({
      ok: false,
      rejection: {
        message: {
          en: '"bored" is not a return reason. Use one of: no_budget, no_authority, no_need, bad_timing, competitor_preferred, not_a_good_deal, needs_nurturing, other.',
        },
      },
    });
  });

  it('rejects an invalid clock instead of throwing', () => {
    const result = transition(
      stateWith({ stage: 'sql' }),
      returning('no_budget'),
      POLICY,
      new Date(Number.NaN),
    );
    expect(result).toMatchObject({ ok: false, rejection: { code: 'invalid_clock' } });
  });

  it('uses every rejection code in the table above', () => {
    const used = new Set([...cases.map((c) => c[4]), 'invalid_clock']);
    expect([...REJECTION_CODES].sort()).toEqual([...used].sort());
  });
});
