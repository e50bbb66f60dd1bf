// Names, not ids, where a person reads (issue 15 item 8) and return ownership by team round robin
// (item 7), against the local portal: the hand-off note names the acting user, the sales owner and
// the deal in the owner's language; the answer names and links the deal for the toast; a team
// round robin takes turns over the team HubSpot's owners API lists, and a retried return keeps
// its owner and does not advance the turn.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
const portal = () => h.portal.registry.get(h.demoPortalId)!;
const used = new Set<string>();

function leadContact(): string {
  const id = h.seed.contactIds.find((candidate) => {
    const stage = portal().getObject('contacts', candidate)!.properties.lifecyclestage;
    return (
      !used.has(candidate) &&
      (stage === 'lead' || stage === 'marketingqualifiedlead' || stage === 'subscriber')
    );
  });
  if (!id) throw new Error('the seed has too few leads');
  used.add(id);
  return id;
}

const ownerOf = (id: string) => portal().getOwner(id)!;
const nameOf = (id: string) => `${ownerOf(id).firstName} ${ownerOf(id).lastName}`;

/** The card API as a HubSpot user who is an owner (HubSpot's user id, not the owner id). */
async function cardAs<T>(ownerId: string, method: string, path: string, body?: unknown) {
  const response = await h.portal.appCaller.proxyFetch({
    url: `${h.backendUrl}${path}`,
    method,
    ...(body === undefined ? {} : { body }),
    portalId: h.demoPortalId,
    userId: ownerOf(ownerId).userId,
    userEmail: ownerOf(ownerId).email,
  });
  expect(response.status).toBe(200);
  return JSON.parse(response.body) as { ok: boolean; data?: T; error?: unknown };
}

function notesOf(type: 'deals' | 'contacts', id: string): string[] {
  return portal()
    .listAssociations(type, id, 'notes')
    .map((association) => portal().getObject('notes', association.toObjectId)!)
    .map((note) => String(note.properties.hs_note_body ?? ''));
}

beforeAll(async () => {
  h = await startHarness();
  expect(await h.install(h.demoPortalId)).toMatch(/^200/);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('names in notes and toasts', () => {
  it('GIVEN a German-reading sales owner WHEN a marketer hands off THEN the deal note names them in German and the answer names and links the deal', async () => {
    const [marketer] = h.seed.marketingOwnerIds as [string];
    const [seller] = h.seed.salesOwnerIds as [string];
    expect(
      (await h.setHandOffRules({ ownerLanguages: { default: 'en', byOwner: { [seller]: 'de' } } }))
        .ok,
    ).toBe(true);
    const contactId = leadContact();
    const answer = await cardAs<{ dealId: string; dealName: string; dealUrl: string }>(
      marketer,
      'POST',
      `/api/contacts/${contactId}/hand-off`,
      {
        salesOwner: { mode: 'explicit', ownerId: seller },
        dealName: 'Rhein Networks – CRM rollout',
      },
    );
    expect(answer.ok).toBe(true);
    const { dealId, dealName, dealUrl } = answer.data!;
    expect(dealName).toBe('Rhein Networks – CRM rollout');
    expect(dealUrl).toBe(`https://app.hubspot.com/contacts/${h.demoPortalId}/record/0-3/${dealId}`);
    const [note] = notesOf('deals', dealId);
    expect(note).toContain(`An den Vertrieb übergeben von ${nameOf(marketer)} am `);
    expect(note).toContain(`Deal-Inhaber im Vertrieb: ${nameOf(seller)}.`);
    expect(note).toContain('Neuer Deal: „Rhein Networks – CRM rollout“.');
    expect(note).toMatch(/am \d\d\.\d\d\.\d{4}, \d\d:\d\d UTC/);
    // German only, and no ids where a person reads.
    expect(note).not.toContain('Handed off');
    expect(note).not.toContain(String(ownerOf(marketer).userId));
    expect(note).not.toContain(`: ${seller}.`);
  });
});

describe('return ownership by team round robin', () => {
  it('GIVEN the policy team_round_robin WHEN three contacts are returned THEN the team members take turns and a retry keeps its owner', async () => {
    const team = [...h.seed.marketingOwnerIds].sort((a, b) => Number(a) - Number(b));
    // The owners API carries the team (crm-owners.json PublicOwner.teams).
    expect(ownerOf(team[0]!).teams).toEqual([{ id: '3001', name: 'Marketing', primary: true }]);
    expect(
      (await h.setHandOffRules({ returnOwner: { mode: 'team_round_robin', teamId: '3001' } })).ok,
    ).toBe(true);
    const [seller] = h.seed.salesOwnerIds as [string];
    const owners: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const contactId = leadContact();
      const handedOff = await cardAs(seller, 'POST', `/api/contacts/${contactId}/hand-off`, {
        salesOwner: { mode: 'explicit', ownerId: seller },
      });
      expect(handedOff.ok).toBe(true);
      const operationId = `team-return-${index}-${contactId}`;
      const returned = await cardAs(
        seller,
        'POST',
        `/api/contacts/${contactId}/return-to-marketing`,
        {
          operationId,
          reason: 'no_budget',
        },
      );
      expect(returned.ok).toBe(true);
      const owner = portal().getObject('contacts', contactId)!.properties.hubspot_owner_id!;
      owners.push(owner);
      // The same return again (a retry of the card's request): replayed, same owner.
      const again = await cardAs(seller, 'POST', `/api/contacts/${contactId}/return-to-marketing`, {
        operationId,
        reason: 'no_budget',
      });
      expect(again.ok).toBe(true);
      expect(portal().getObject('contacts', contactId)!.properties.hubspot_owner_id).toBe(owner);
      const [note] = notesOf('contacts', contactId).filter((body) => body.includes('Returned'));
      expect(note).toContain(`Owner: ${nameOf(owner)} (team round robin).`);
    }
    // Three different members in turn: the retries did not advance the turn.
    expect(new Set(owners).size).toBe(3);
    expect(owners.every((owner) => team.includes(owner))).toBe(true);
    const first = team.indexOf(owners[0]!);
    expect(owners).toEqual([0, 1, 2].map((step) => team[(first + step) % team.length]));
  });
});

describe('the team round robin after a restart', () => {
  it('GIVEN one return before a restart WHEN the backend restarts on the same store THEN the next return goes to the next team member', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'op-round-robin-'));
    const databaseUrl = join(dir, 'store.sqlite');
    const returnOne = async (run: Harness) => {
      const previous = h;
      h = run;
      try {
        expect(await run.install(run.demoPortalId)).toMatch(/^200/);
        expect(
          (
            await run.setHandOffRules({
              returnOwner: { mode: 'team_round_robin', teamId: '3001' },
            })
          ).ok,
        ).toBe(true);
        const seller = run.seed.salesOwnerIds[0]!;
        const contactId = leadContact();
        expect(
          (
            await cardAs(seller, 'POST', `/api/contacts/${contactId}/hand-off`, {
              salesOwner: { mode: 'explicit', ownerId: seller },
            })
          ).ok,
        ).toBe(true);
        expect(
          (
            await cardAs(seller, 'POST', `/api/contacts/${contactId}/return-to-marketing`, {
              reason: 'no_budget',
            })
          ).ok,
        ).toBe(true);
        return portal().getObject('contacts', contactId)!.properties.hubspot_owner_id!;
      } finally {
        h = previous;
      }
    };
    try {
      const first = await startHarness({ databaseUrl });
      used.clear();
      const before = await returnOne(first).finally(() => first.close());
      // The same (deterministic) portal, a new backend process on the same store.
      const second = await startHarness({ databaseUrl });
      used.clear();
      const after = await returnOne(second).finally(() => second.close());
      const team = [...second.seed.marketingOwnerIds].sort((a, b) => Number(a) - Number(b));
      expect(after).toBe(team[(team.indexOf(before) + 1) % team.length]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
