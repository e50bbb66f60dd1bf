// Issue 15 item 7: a returned contact goes back to its owner before the hand-off by default;
// otherwise the configured marketing owner, or the team member whose turn it is.
import {
  lifecyclePolicySchema,
  transition,
  type LeadState,
} from '../../../src/domain/lifecycle/index.ts';

const NOW = new Date('2026-12-02T01:00:00Z');
const lead: LeadState = {
  contactId: 'c1',
  stage: 'lead',
  ownerId: 'm7',
  dealStatus: 'none',
  loopCount: 0,
  history: [],
};

function handedOff(policyInput: Record<string, unknown>) {
  const policy = lifecyclePolicySchema.parse(policyInput);
  const handed = transition(
    lead,
    { type: 'handOff', actor: 'u1', salesOwner: { mode: 'explicit', ownerId: 's2' } },
    policy,
    NOW,
  );
  if (!handed.ok) throw new Error(handed.rejection.code);
  return { policy, state: { ...handed.state, dealId: 'd1' } };
}

function ownerAfterReturn(policyInput: Record<string, unknown>, extra = {}) {
  const { policy, state } = handedOff(policyInput);
  const returned = transition(
    state,
    {
      type: 'returnToMarketing',
      actor: 's2',
      reason: 'no_budget',
      names: { people: { m7: 'Anna Schmidt', m1: 'Jonas Wolf', t3: 'Lea Berg' } },
      ...extra,
    },
    policy,
    NOW,
  );
  if (!returned.ok) throw new Error(returned.rejection.code);
  const setOwner = returned.effects.find((effect) => effect.type === 'setOwner');
  const note = returned.effects.find((effect) => effect.type === 'addNote');
  return {
    ownerId: returned.state.ownerId,
    setOwner: setOwner && 'ownerId' in setOwner ? setOwner.ownerId : undefined,
    note: note && note.type === 'addNote' ? note.body : undefined,
  };
}

describe('return ownership', () => {
  it('records the owner before the hand-off in the loop history', () => {
    const { state } = handedOff({});
    expect(state.history.at(-1)).toMatchObject({ kind: 'handoff', previousOwnerId: 'm7' });
  });

  it('gives the contact back to its owner before the hand-off by default, by name', () => {
    const result = ownerAfterReturn({ marketingOwnerId: 'm1' });
    expect(result).toMatchObject({ ownerId: 'm7', setOwner: 'm7' });
    expect(result.note?.en).toContain('Owner: Anna Schmidt (the owner before the hand-off).');
    expect(result.note?.de).toContain('Kontaktinhaber: Anna Schmidt');
  });

  it('uses the configured marketing owner when asked to', () => {
    const result = ownerAfterReturn({
      marketingOwnerId: 'm1',
      returnOwner: { mode: 'configured' },
    });
    expect(result).toMatchObject({ ownerId: 'm1', setOwner: 'm1' });
    expect(result.note?.en).toContain('Owner: Jonas Wolf (marketing).');
  });

  it('uses the team member whose turn it is, else the marketing owner', () => {
    const team = { marketingOwnerId: 'm1', returnOwner: { mode: 'team_round_robin', teamId: '9' } };
    expect(ownerAfterReturn(team, { teamOwnerId: 't3' })).toMatchObject({ setOwner: 't3' });
    expect(ownerAfterReturn(team).setOwner).toBe('m1');
  });

  it('refuses the configured mode without a marketing owner', () => {
    expect(lifecyclePolicySchema.safeParse({ returnOwner: { mode: 'configured' } }).success).toBe(
      false,
    );
  });
});
