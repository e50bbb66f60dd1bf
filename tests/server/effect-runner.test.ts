import {
  initialLeadState,
  transition,
  DEFAULT_LIFECYCLE_POLICY,
} from '../../src/domain/lifecycle/index.ts';
import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import type { CrmGateway } from '../../src/hubspot/gateway.ts';
import { randomBytes } from 'node:crypto';
import { HubSpotUnavailableError } from '../../src/hubspot/errors.ts';
import {
  NOTE_SEARCH_LAG_MS,
  OperationIncompleteError,
  noteMarker,
  runEffects,
  runOperation,
} from '../../src/server/effects/effect-runner.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';

const cipher = createTokenCipher([{ kid: 'test', key: randomBytes(32) }]);
import { createLogger } from '../../src/runtime/logger.ts';

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
    // A portal without HubSpot's Leads object: the lead step reads that and changes nothing.
    leads: { isAvailable: async () => false },
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

describe('durable operations (runOperation / continueOperation)', () => {
  const now = new Date('2026-11-27T10:00:00Z');
  const returned = transition(
    { ...initialLeadState('42'), stage: 'opportunity', dealId: '900', dealStatus: 'open' },
    { type: 'returnToMarketing', actor: '9', reason: 'no_budget' },
    DEFAULT_LIFECYCLE_POLICY,
    now,
  );
  if (!returned.ok) throw new Error('the return must be accepted');

  /** A portal where the contact's stage can be left cleared, and the notes are searchable. */
  function fakePortal() {
    const contact: Record<string, string> = { lifecyclestage: 'opportunity' };
    const notes: string[] = [];
    const calls: string[] = [];
    let failSetOnce = true;
    let resetNextNote = false;
    const gateway = {
      portalId: 1,
      batchRead: async () => [{ id: '42', properties: { ...contact } }],
      setLifecycleStage: async (
        _type: string,
        _id: string,
        value: string,
        options: { clearFirst: boolean },
      ) => {
        calls.push(`stage ${value} clear=${options.clearFirst}`);
        if (options.clearFirst) contact.lifecyclestage = '';
        // HubSpot fails the second request of a backwards move once: the stage stays cleared.
        if (failSetOnce) {
          failSetOnce = false;
          throw new HubSpotUnavailableError('HubSpot failed (500)', { attempts: 4 });
        }
        contact.lifecyclestage = value;
      },
      updateObject: async (_type: string, id: string) => ({ id, properties: {} }),
      updateDeal: async (id: string) => ({ id, properties: {} }),
      // One pipeline: a closing stage from the policy needs no look-up of the deal's pipeline.
      listPipelines: async () => [{ id: 'default', label: 'Sales', displayOrder: 0, stages: [] }],
      createNote: async (input: { body: string }) => {
        notes.push(input.body);
        calls.push('note');
        if (resetNextNote) {
          resetNextNote = false;
          // Created, but the answer never arrived (a reset after HubSpot's 201).
          throw new HubSpotUnavailableError('socket hang up', { attempts: 1 });
        }
        return { id: String(notes.length), properties: {} };
      },
      search: async (
        _type: string,
        request: { filterGroups: { filters: { value: string }[] }[] },
      ) => {
        const token = request.filterGroups[0]!.filters[0]!.value.replaceAll('*', '');
        calls.push('search');
        return {
          total: 0,
          results: notes
            .filter((body) => body.includes(token))
            .map((body) => ({ id: 'n', properties: { hs_note_body: body } })),
        };
      },
      leads: { isAvailable: async () => false },
    } as unknown as CrmGateway;
    return { gateway, contact, notes, calls, resetNote: () => (resetNextNote = true) };
  }

  it('completes a return whose stage was cleared but not set, instead of reading it as "lead"', async () => {
    const store = createSqliteStore({ path: ':memory:', cipher });
    const portal = fakePortal();
    const ctx = {
      logger: createLogger('silent'),
      now,
      portalId: 1,
      gateway: portal.gateway,
      store,
    };
    const request = {
      operationId: 'op-return-1',
      kind: 'return' as const,
      subject: 'contact:42',
      plan: { effects: returned.effects, state: returned.state },
    };
    // WHEN the first attempt fails after clearing the stage
    await expect(runOperation(request, ctx)).rejects.toBeInstanceOf(OperationIncompleteError);
    expect(portal.contact.lifecyclestage).toBe('');
    expect((await store.getOperation(1, 'op-return-1'))?.status).toBe('pending');
    // AND the retry runs with the same operation id
    const result = await runOperation(request, ctx);
    // THEN it completed from where it stopped: the stage set without clearing again, each note once
    expect(portal.contact.lifecyclestage).toBe('lead');
    expect(portal.calls.filter((call) => call.startsWith('stage'))).toEqual([
      'stage lead clear=true',
      'stage lead clear=false',
    ]);
    expect(portal.notes).toHaveLength(2);
    expect(result).toMatchObject({ replayed: false, state: { stage: 'lead', loopCount: 1 } });
    // AND a third call only replays the stored result
    expect(await runOperation(request, ctx)).toMatchObject({ replayed: true });
    expect(portal.notes).toHaveLength(2);
    await store.close();
  });

  it('repeats a note whose answer was lost only after searching for its marker, once the index caught up', async () => {
    const store = createSqliteStore({ path: ':memory:', cipher });
    const portal = fakePortal();
    const base = { logger: createLogger('silent'), portalId: 1, gateway: portal.gateway, store };
    const plan = {
      effects: returned.effects.filter((effect) => effect.type === 'addNote'),
      state: returned.state,
    };
    const request = {
      operationId: 'op-notes',
      kind: 'return' as const,
      subject: 'contact:42',
      plan,
    };
    // GIVEN the first note is created but its answer is lost
    portal.resetNote();
    await expect(runOperation(request, { ...base, now })).rejects.toBeInstanceOf(
      OperationIncompleteError,
    );
    // WHEN retried before the search index can be trusted THEN it waits (no second note)
    const soon = new Date(now.getTime() + NOTE_SEARCH_LAG_MS - 1);
    await expect(runOperation(request, { ...base, now: soon })).rejects.toBeInstanceOf(
      OperationIncompleteError,
    );
    expect(portal.notes).toHaveLength(1);
    // WHEN retried after it THEN the marker is found: the first note stands, the second is written
    const later = new Date(now.getTime() + NOTE_SEARCH_LAG_MS);
    await runOperation(request, { ...base, now: later });
    expect(portal.notes).toHaveLength(2);
    expect(portal.calls).toEqual(['note', 'search', 'note']);
    expect(portal.notes[0]).toContain(noteMarker(1, 'op-notes', 0));
    await store.close();
  });
});
