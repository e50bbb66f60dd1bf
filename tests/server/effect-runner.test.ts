import {
  initialLeadState,
  transition,
  DEFAULT_LIFECYCLE_POLICY,
} from '../../src/domain/lifecycle/index.ts';
import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import type { CrmGateway } from '../../src/hubspot/gateway.ts';
import { runEffects } from '../../src/server/effect-runner.ts';
import { createLogger } from '../../src/server/logger.ts';

/** A gateway that records every call; with `failNotes`, HubSpot refuses the notes (a late effect). */
function recordingGateway(failNotes: boolean) {
  const calls: { method: string; args: unknown[] }[] = [];
  const gateway = {
    portalId: 1,
    setLifecycleStage: async (...args: unknown[]) =>
      void calls.push({ method: 'setLifecycleStage', args }),
    updateObject: async (...args: unknown[]) => {
      calls.push({ method: 'updateObject', args });
      return { id: String(args[1]), properties: {} };
    },
    createDeal: async (...args: unknown[]) => {
      calls.push({ method: 'createDeal', args });
      return { id: '777', properties: {} };
    },
    createNote: async (...args: unknown[]) => {
      calls.push({ method: 'createNote', args });
      if (failNotes) throw new Error('HubSpot is down');
      return { id: 'n1', properties: {} };
    },
    associate: async (...args: unknown[]) => void calls.push({ method: 'associate', args }),
  } as unknown as CrmGateway;
  return { gateway, calls };
}

describe('effect runner', () => {
  const now = new Date('2026-11-27T10:00:00Z');
  const decided = transition(
    { ...initialLeadState('42'), stage: 'mql' },
    {
      type: 'handOff',
      actor: '9',
      salesOwner: { mode: 'explicit', ownerId: '5' },
      dealName: 'Pilot',
    },
    DEFAULT_LIFECYCLE_POLICY,
    now,
  );
  if (!decided.ok) throw new Error('the hand-off must be accepted');
  const ctx = { logger: createLogger('silent'), now, portalId: 1 };

  it('writes the new deal into the loop history with the very next request after creating it', async () => {
    // GIVEN HubSpot failing on a late effect (the notes)
    const { gateway, calls } = recordingGateway(true);
    // WHEN the hand-off's effects run
    await expect(runEffects(decided.effects, decided.state, { ...ctx, gateway })).rejects.toThrow(
      'HubSpot is down',
    );
    // THEN the write right after createDeal put the deal id into the contact's history (the domain
    // orders it so; the runner fills in the id), so a retried hand-off finds and reopens this deal
    const created = calls.findIndex((call) => call.method === 'createDeal');
    const next = calls[created + 1]!;
    expect(next.method).toBe('updateObject');
    expect(next.args[0]).toBe('contacts');
    const history = JSON.parse(
      (next.args[2] as Record<string, string>)[CONTACT_PROPERTIES.loopHistory.name]!,
    );
    expect(history.at(-1)).toMatchObject({ kind: 'handoff', dealId: '777' });
  });

  it('returns the created deal id and the state that carries it', async () => {
    const { gateway } = recordingGateway(false);
    const result = await runEffects(decided.effects, decided.state, { ...ctx, gateway });
    expect(result.createdDealId).toBe('777');
    expect(result.state.dealId).toBe('777');
  });
});
