// Hand-off that adopts an open deal made directly in HubSpot (issue 15 item 5): plain data only.
import {
  initialLeadState,
  isValidState,
  lifecyclePolicySchema,
  transition,
  type LeadState,
  type LifecycleEvent,
} from '../../../src/domain/lifecycle/index.ts';

const NOW = new Date('2026-03-02T09:30:00.000Z');
const POLICY = lifecyclePolicySchema.parse({ salesOwnerIds: ['s1', 's2'], marketingOwnerId: 'm1' });

const handOff = (
  extra: Partial<Extract<LifecycleEvent, { type: 'handOff' }>> = {},
): LifecycleEvent => ({
  type: 'handOff',
  actor: 'u1',
  salesOwner: { mode: 'explicit', ownerId: 's2' },
  ...extra,
});

const decide = (state: LeadState, event: LifecycleEvent) => {
  const result = transition(state, event, POLICY, NOW);
  if (!result.ok) throw new Error(`rejected: ${result.rejection.code}`);
  expect(isValidState(result.state)).toBe(true);
  return result;
};

describe('hand-off adopting an existing deal', () => {
  it('creates no deal and keeps the adopted deal in its stage', () => {
    // GIVEN a marketing-qualified contact with an open deal made in HubSpot
    const state: LeadState = { ...initialLeadState('c1'), stage: 'mql', companyId: 'co1' };
    // WHEN the seller adopts that deal
    const { effects, state: next } = decide(
      state,
      handOff({ adoptDeal: { id: '900', name: 'Rhein Networks – CRM rollout' } }),
    );
    // THEN nothing creates or reopens a deal, the deal gets the sales owner and the links
    expect(effects.some((effect) => effect.type === 'createDeal')).toBe(false);
    expect(effects.some((effect) => effect.type === 'reopenDeal')).toBe(false);
    expect(effects).toContainEqual({
      type: 'writeProperties',
      target: { object: 'deal', deal: { id: '900' } },
      properties: { hubspot_owner_id: 's2' },
    });
    expect(effects).toContainEqual({
      type: 'associate',
      from: { object: 'deal', deal: { id: '900' } },
      to: { object: 'contact', id: 'c1' },
    });
    expect(effects).toContainEqual({
      type: 'associate',
      from: { object: 'deal', deal: { id: '900' } },
      to: { object: 'company', id: 'co1' },
    });
    // AND the loop is about the adopted deal, its history says it was adopted
    expect(next.dealId).toBe('900');
    expect(next.dealStatus).toBe('open');
    expect(next.stage).toBe('opportunity');
    expect(next.history.at(-1)).toMatchObject({ kind: 'handoff', dealId: '900', adopted: true });
    // AND the notes name the adopted deal
    const note = effects.find((effect) => effect.type === 'addNote');
    expect(note?.type === 'addNote' && note.body.en).toContain(
      'Existing deal “Rhein Networks – CRM rollout” adopted',
    );
    expect(note?.type === 'addNote' && note.body.de).toContain('übernommen');
  });

  it('does not touch the deal owner when the owner is kept', () => {
    const state: LeadState = { ...initialLeadState('c1'), stage: 'lead', ownerId: 'o7' };
    const { effects } = decide(
      state,
      handOff({ salesOwner: { mode: 'keep' }, adoptDeal: { id: '900' } }),
    );
    expect(
      effects.some(
        (effect) => effect.type === 'writeProperties' && effect.target.object === 'deal',
      ),
    ).toBe(false);
  });

  it('adopts instead of reopening the loop’s lost deal when the seller chose so', () => {
    const state: LeadState = {
      ...initialLeadState('c1'),
      stage: 'opportunity',
      dealId: '100',
      dealStatus: 'lost',
    };
    const { effects, state: next } = decide(state, handOff({ adoptDeal: { id: '900' } }));
    expect(effects.some((effect) => effect.type === 'reopenDeal')).toBe(false);
    expect(next.dealId).toBe('900');
  });

  it('a return after adopting returns the adopted deal like its own', () => {
    const adopted = decide(
      { ...initialLeadState('c1'), stage: 'mql' },
      handOff({ adoptDeal: { id: '900' } }),
    ).state;
    const returned = decide(adopted, {
      type: 'returnToMarketing',
      actor: 'u2',
      reason: POLICY.returnReasons[0]!.code,
    });
    expect(returned.state.loopCount).toBe(1);
    expect(returned.state.history.at(-1)).toMatchObject({ kind: 'return', dealId: '900' });
    expect(
      returned.effects.some(
        (effect) =>
          effect.type === 'writeProperties' &&
          effect.target.object === 'deal' &&
          'deal' in effect.target &&
          'id' in effect.target.deal &&
          effect.target.deal.id === '900',
      ),
    ).toBe(true);
  });

  it('still refuses a contact that already has an open deal with sales', () => {
    const result = transition(
      { ...initialLeadState('c1'), stage: 'opportunity', dealId: '100', dealStatus: 'open' },
      handOff({ adoptDeal: { id: '900' } }),
      POLICY,
      NOW,
    );
    expect(result.ok).toBe(false);
  });
});
