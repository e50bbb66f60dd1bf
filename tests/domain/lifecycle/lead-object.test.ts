import {
  initialLeadState,
  lifecyclePolicySchema,
  transition,
  type Effect,
  type LeadState,
} from '../../../src/domain/lifecycle/index.ts';

const NOW = new Date('2026-03-02T09:30:00.000Z');
const auto = lifecyclePolicySchema.parse({ salesOwnerIds: ['s1', 's2'], marketingOwnerId: 'm1' });
const off = lifecyclePolicySchema.parse({
  salesOwnerIds: ['s1', 's2'],
  marketingOwnerId: 'm1',
  leadsObject: { mode: 'off' },
});
const mql: LeadState = { ...initialLeadState('c1'), stage: 'mql' };

function effectsOf(
  state: LeadState,
  event: Parameters<typeof transition>[1],
  policy = auto,
): Effect[] {
  const result = transition(state, event, policy, NOW);
  if (!result.ok) throw new Error(result.rejection.message.en);
  return result.effects;
}

describe('the Leads object step of hand-off and return', () => {
  it('GIVEN a hand-off that opens a deal THEN the contact’s lead is qualified and linked to the new deal', () => {
    const effects = effectsOf(mql, {
      type: 'handOff',
      actor: 'u1',
      salesOwner: { mode: 'explicit', ownerId: 's1' },
    });
    const sync = effects.find((effect) => effect.type === 'syncLeadObject');
    expect(sync).toEqual({
      type: 'syncLeadObject',
      contactId: 'c1',
      lifecycleStage: 'opportunity',
      move: { to: 'qualified', deal: { ref: 'newDeal' } },
    });
    // after the deal exists
    expect(effects.indexOf(sync!)).toBeGreaterThan(
      effects.findIndex((e) => e.type === 'createDeal'),
    );
  });

  it('GIVEN a round-robin hand-off THEN the Leads step comes last', () => {
    const effects = effectsOf(mql, {
      type: 'handOff',
      actor: 'u1',
      salesOwner: { mode: 'round_robin', cursor: 1 },
    });
    expect(effects.map((e) => e.type).at(-1)).toBe('syncLeadObject');
  });

  it('GIVEN a return THEN a marketing lead carries the reason and the contact’s stage is lead', () => {
    const opportunity: LeadState = {
      ...mql,
      stage: 'opportunity',
      dealId: 'd1',
      dealStatus: 'open',
      ownerId: 's1',
    };
    const effects = effectsOf(opportunity, {
      type: 'returnToMarketing',
      actor: 'u1',
      reason: 'no_budget',
      note: ' next year ',
    });
    expect(effects.at(-1)).toEqual({
      type: 'syncLeadObject',
      contactId: 'c1',
      lifecycleStage: 'lead',
      move: {
        to: 'returned',
        reasonCode: 'no_budget',
        reason: { en: 'No budget', de: 'Kein Budget' },
        note: 'next year',
      },
    });
  });

  it('GIVEN the setting off THEN neither hand-off nor return touches leads', () => {
    const handOff = effectsOf(
      mql,
      { type: 'handOff', actor: 'u1', salesOwner: { mode: 'explicit', ownerId: 's1' } },
      off,
    );
    expect(handOff.some((e) => e.type === 'syncLeadObject')).toBe(false);
    const returned = effectsOf(
      { ...mql, stage: 'sql' },
      { type: 'returnToMarketing', actor: 'u1', reason: 'no_need' },
      off,
    );
    expect(returned.some((e) => e.type === 'syncLeadObject')).toBe(false);
  });

  it('GIVEN a rejected return THEN there is no lead step either', () => {
    const result = transition(
      mql,
      { type: 'returnToMarketing', actor: 'u1', reason: 'no_need' },
      auto,
      NOW,
    );
    expect(result.ok).toBe(false);
  });
});
