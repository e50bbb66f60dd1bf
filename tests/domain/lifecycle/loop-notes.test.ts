// Notes name people and deals, not ids, in the owner's language (issue 15 item 8).
import {
  initialLeadState,
  lifecyclePolicySchema,
  transition,
  type Effect,
  type LeadState,
  type LifecycleEvent,
} from '../../../src/domain/lifecycle/index.ts';

const NOW = new Date('2026-12-02T01:05:00.000Z');
const POLICY = lifecyclePolicySchema.parse({
  salesOwnerIds: ['11', '12'],
  marketingOwnerId: '21',
  leadsObject: { mode: 'off' },
  onReturn: { mode: 'move_to_stage', stageId: 'qualifiedtobuy' },
  ownerLanguages: { default: 'en', byOwner: { '12': 'de' } },
});
const NAMES = {
  people: {
    'user:501': 'Mia Marketing',
    '11': 'Sam Sales',
    '12': 'Sara Vertrieb',
    '21': 'Anna Schmidt',
  },
  deals: { '900': 'Rhein Networks – CRM rollout' },
  stages: { qualifiedtobuy: 'Qualified to buy' },
};

function notes(effects: readonly Effect[]) {
  return effects.flatMap((effect) => (effect.type === 'addNote' ? [effect] : []));
}

function decide(state: LeadState, event: LifecycleEvent) {
  const result = transition(state, event, POLICY, NOW);
  if (!result.ok) throw new Error(result.rejection.code);
  return result;
}

describe('loop notes name people and deals', () => {
  it('GIVEN names WHEN handed off THEN the note names the user, the sales owner and the reopened deal, in the owner’s language', () => {
    const state: LeadState = {
      ...initialLeadState('c1'),
      stage: 'lead',
      ownerId: '21',
      dealId: '900',
      dealStatus: 'lost',
    };
    const { effects } = decide(state, {
      type: 'handOff',
      actor: '501',
      salesOwner: { mode: 'explicit', ownerId: '12' },
      names: NAMES,
    });
    const [contactNote, dealNote] = notes(effects);
    expect(contactNote?.language).toBe('de');
    expect(dealNote?.language).toBe('de');
    expect(contactNote?.body.de).toBe(
      'An den Vertrieb übergeben von Mia Marketing am 02.12.2026, 01:05 UTC. Deal-Inhaber im Vertrieb: Sara Vertrieb. Deal „Rhein Networks – CRM rollout“ wieder geöffnet; sein Plan bleibt erhalten. Score zu diesem Zeitpunkt: unbekannt.',
    );
    expect(contactNote?.body.en).toContain('by Mia Marketing on Dec 2, 2026, 01:05 UTC');
    expect(contactNote?.body.en).not.toMatch(/\b(501|12|900)\b/);
  });

  it('GIVEN names WHEN returned THEN the note names the new owner, the deal and the stage by its label', () => {
    const state: LeadState = {
      ...initialLeadState('c1'),
      stage: 'opportunity',
      ownerId: '11',
      dealId: '900',
      dealStatus: 'open',
      history: [
        {
          kind: 'handoff',
          at: '2026-11-01T00:00:00.000Z',
          by: '501',
          ownerId: '11',
          previousOwnerId: '21',
        },
      ],
    };
    const { effects } = decide(state, {
      type: 'returnToMarketing',
      actor: '501',
      reason: 'no_budget',
      names: NAMES,
    });
    const [contactNote, dealNote] = notes(effects);
    expect(contactNote?.language).toBe('en');
    expect(contactNote?.body.en).toContain(
      'Owner: Anna Schmidt (the owner before the hand-off). Deal “Rhein Networks – CRM rollout” moved to stage “Qualified to buy”.',
    );
    // The deal's note is for the deal's (sales) owner.
    expect(dealNote?.target).toEqual({ object: 'deal', deal: { id: '900' } });
    expect(dealNote?.language).toBe('en');
  });

  it('GIVEN no names WHEN a deal is won THEN the note falls back to ids', () => {
    const state: LeadState = {
      ...initialLeadState('c1'),
      stage: 'opportunity',
      ownerId: '12',
      dealId: '900',
      dealStatus: 'open',
    };
    const { effects } = decide(state, { type: 'dealWon', actor: 'system', dealId: '900' });
    const [note] = notes(effects);
    expect(note?.language).toBe('de');
    expect(note?.body.de).toBe(
      'Deal 900 gewonnen (erfasst vom System am 02.12.2026, 01:05 UTC): Der Kontakt ist jetzt Kunde. Score zu diesem Zeitpunkt: unbekannt.',
    );
  });

  it('GIVEN a workflow action WHEN a deal is lost THEN the note says a workflow recorded it', () => {
    const state: LeadState = {
      ...initialLeadState('c1'),
      stage: 'opportunity',
      ownerId: '11',
      dealId: '900',
      dealStatus: 'open',
    };
    const { effects } = decide(state, {
      type: 'dealLost',
      actor: 'workflow',
      dealId: '900',
      names: NAMES,
    });
    expect(notes(effects)[0]?.body.en).toContain(
      'Deal “Rhein Networks – CRM rollout” lost (recorded by a HubSpot workflow on Dec 2, 2026, 01:05 UTC).',
    );
  });
});
