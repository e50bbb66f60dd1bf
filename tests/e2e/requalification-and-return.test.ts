// Re-qualification that reaches the owner, return ownership, and names instead of ids (issue 15
// items 6, 7 and 8), end to end: the local portal (HubSpot's stand-in) delivers the real webhooks
// to the backend wired as `npm start` wires it; the card API is called as a card calls it, by a
// HubSpot user who is an owner.
import { readFileSync } from 'node:fs';
import { readWebhookSubscriptions } from '../../src/local-portal/config.ts';
import type { PortalState } from '../../src/local-portal/state.ts';
import { DEAL_PROPERTIES } from '../../src/domain/properties.ts';
import { startStack, type Stack } from './stack.ts';

jest.setTimeout(120_000);

let stack: Stack;
let portal: PortalState;

beforeAll(async () => {
  stack = await startStack({
    webhookSubscriptions: readWebhookSubscriptions(
      readFileSync('extensions/app/webhooks/webhooks-hsmeta.json', 'utf8'),
    ),
  });
  portal = stack.portal.registry.ensure(stack.portal.demoPortalId);
});

afterAll(async () => {
  await stack?.close();
});

const ownerOf = (id: string) => portal.getOwner(id)!;
const nameOf = (id: string) => `${ownerOf(id).firstName} ${ownerOf(id).lastName}`;

/** The card API as the HubSpot user behind owner `ownerId` (HubSpot's user id, not the owner id). */
async function cardAs<T>(ownerId: string, method: string, path: string, body?: unknown) {
  const response = await stack.portal.appCaller.proxyFetch({
    url: `${stack.backendUrl}${path}`,
    method,
    ...(body === undefined ? {} : { body }),
    portalId: stack.portal.demoPortalId,
    userId: ownerOf(ownerId).userId,
    userEmail: ownerOf(ownerId).email,
  });
  expect(response.status).toBe(200);
  return JSON.parse(response.body) as { ok: boolean; data?: T };
}

async function saveLifecycle(lifecycle: Record<string, unknown>): Promise<void> {
  const current = await stack.card<{ version: number; settings: Record<string, unknown> }>(
    'GET',
    '/api/settings',
  );
  const settings = current.data!.settings as { lifecycle: Record<string, unknown> };
  const saved = await stack.card('PUT', '/api/settings', {
    version: current.data!.version,
    settings: { ...settings, lifecycle: { ...settings.lifecycle, ...lifecycle } },
  });
  expect(saved.ok).toBe(true);
}

const tasksOf = (dealId: string) =>
  portal
    .listAssociations('deals', dealId, 'tasks')
    .map((association) => portal.getObject('tasks', association.toObjectId)!);

const notesOf = (type: 'deals' | 'contacts', id: string) =>
  portal
    .listAssociations(type, id, 'notes')
    .map((association) =>
      String(portal.getObject('notes', association.toObjectId)!.properties.hs_note_body ?? ''),
    );

const usedContacts = new Set<string>();
function leadContact(): string {
  const id = stack.seed.contactIds.find((candidate) => {
    const stage = portal.getObject('contacts', candidate)!.properties.lifecyclestage;
    return (
      !usedContacts.has(candidate) &&
      (stage === 'lead' || stage === 'marketingqualifiedlead' || stage === 'subscriber')
    );
  });
  if (!id) throw new Error('the seed has too few leads');
  usedContacts.add(id);
  return id;
}

function newDeal(name: string, ownerId: string): string {
  const pipeline = portal.listPipelines('deals')[0]!;
  return portal.createObject('deals', {
    dealname: name,
    pipeline: pipeline.id,
    dealstage: 'appointmentscheduled',
    hubspot_owner_id: ownerId,
  }).id;
}

const answers = ['real_opportunity', 'competitive_position', 'good_deal', 'can_win'].map(
  (question) => ({ question, value: 4, evidence: 'confirmed in the workshop' }),
);

/** Assesses the deal through the card, then moves its stage in HubSpot (the webhook is delivered). */
async function assessThenMove(dealId: string, ownerId: string, stageId: string): Promise<void> {
  const assessed = await cardAs(ownerId, 'POST', `/api/deals/${dealId}/assessments`, {
    answers,
    expectedDecisionDate: '2027-06-30',
  });
  expect(assessed.ok).toBe(true);
  expect(
    portal.getObject('deals', dealId)!.properties[DEAL_PROPERTIES.requalifyBy.name],
  ).toBeTruthy();
  // A stage change strictly after the assessment (HubSpot stamps both in ms).
  await new Promise((resolve) => setTimeout(resolve, 5));
  portal.updateObject('deals', dealId, { dealstage: stageId });
  expect((await stack.portal.appCaller.flushWebhooks()).failed).toBe(0);
}

describe('re-qualification reaches the owner', () => {
  it('GIVEN a deal whose stage changed after its assessment WHEN the daily sweep runs twice THEN its owner has one task, in the owner’s language, naming the deal', async () => {
    const ownerId = stack.seed.salesOwnerIds[2]!;
    await saveLifecycle({ ownerLanguages: { default: 'en', byOwner: { [ownerId]: 'de' } } });
    const dealId = newDeal('Rhein Networks – CRM rollout', ownerId);
    await stack.portal.appCaller.flushWebhooks();
    // WHEN the deal moves on after its assessment: the dealstage webhook makes it due today
    await assessThenMove(dealId, ownerId, 'qualifiedtobuy');
    const today = new Date().toISOString().slice(0, 10);
    const requalifyBy = portal.getObject('deals', dealId)!.properties[
      DEAL_PROPERTIES.requalifyBy.name
    ]!;
    expect(
      /^\d+$/.test(requalifyBy)
        ? new Date(Number(requalifyBy)).toISOString().slice(0, 10)
        : requalifyBy.slice(0, 10),
    ).toBe(today);
    // AND the daily sweep runs (twice: a retry, a second replica, the next schedule)
    await stack.backend.runRequalificationSweep(stack.portal.demoPortalId);
    await stack.backend.runRequalificationSweep(stack.portal.demoPortalId);
    // THEN one task for its owner, in German, naming the deal
    const tasks = tasksOf(dealId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.properties).toMatchObject({
      hubspot_owner_id: ownerId,
      hs_task_subject: 'Deal „Rhein Networks – CRM rollout“ neu qualifizieren',
    });
    expect(tasks[0]!.properties.hs_task_body).toContain('zur Neuqualifizierung fällig');
  });

  it('GIVEN a deal closed won after its assessment WHEN the sweep runs THEN no task and op_requalify_by is cleared', async () => {
    const ownerId = stack.seed.salesOwnerIds[3]!;
    const dealId = newDeal('Closed deal – no re-qualification', ownerId);
    await stack.portal.appCaller.flushWebhooks();
    await assessThenMove(dealId, ownerId, 'closedwon');
    expect(
      portal.getObject('deals', dealId)!.properties[DEAL_PROPERTIES.requalifyBy.name] ?? '',
    ).toBe('');
    await stack.backend.runRequalificationSweep(stack.portal.demoPortalId);
    expect(tasksOf(dealId)).toHaveLength(0);
  });
});

describe('return ownership and names', () => {
  it('GIVEN the default policy WHEN a seller returns a contact THEN it goes back to its owner before the hand-off, and note and toast name people and the deal', async () => {
    const marketer = stack.seed.marketingOwnerIds[1]!;
    const seller = stack.seed.salesOwnerIds[0]!;
    await saveLifecycle({
      marketingOwnerId: stack.seed.marketingOwnerIds[0],
      returnOwner: { mode: 'previous_owner' },
    });
    const contactId = leadContact();
    portal.updateObject('contacts', contactId, { hubspot_owner_id: marketer });
    await stack.portal.appCaller.flushWebhooks();

    const handedOff = await cardAs<{ dealId: string; dealName: string; dealUrl: string }>(
      marketer,
      'POST',
      `/api/contacts/${contactId}/hand-off`,
      {
        salesOwner: { mode: 'explicit', ownerId: seller },
        dealName: 'Rhein Networks – CRM rollout',
      },
    );
    expect(handedOff.ok).toBe(true);
    const { dealId } = handedOff.data!;
    // The toast's facts: the deal by name, with its record link
    expect(handedOff.data).toMatchObject({
      dealName: 'Rhein Networks – CRM rollout',
      dealUrl: `https://app.hubspot.com/contacts/${stack.portal.demoPortalId}/record/0-3/${dealId}`,
    });
    const [handOffNote] = notesOf('deals', dealId);
    expect(handOffNote).toContain(`Handed off to sales by ${nameOf(marketer)} on `);
    expect(handOffNote).toContain(`Sales owner: ${nameOf(seller)}.`);
    expect(handOffNote).not.toContain(String(ownerOf(marketer).userId));

    const returned = await cardAs(seller, 'POST', `/api/deals/${dealId}/return-to-marketing`, {
      reason: 'no_budget',
    });
    expect(returned.ok).toBe(true);
    expect(portal.getObject('contacts', contactId)!.properties.hubspot_owner_id).toBe(marketer);
    const returnNote = notesOf('contacts', contactId).find((body) => body.includes('Returned'));
    expect(returnNote).toContain(`Returned to marketing by ${nameOf(seller)} on `);
    expect(returnNote).toContain(`Owner: ${nameOf(marketer)} (the owner before the hand-off).`);
    expect(returnNote).toContain('Deal “Rhein Networks – CRM rollout” closed as lost.');
  });

  it('GIVEN team round robin WHEN two contacts are returned THEN two members of the HubSpot team own them in turn', async () => {
    const seller = stack.seed.salesOwnerIds[1]!;
    await saveLifecycle({ returnOwner: { mode: 'team_round_robin', teamId: '3001' } });
    const team = stack.seed.marketingOwnerIds;
    const owners: string[] = [];
    for (let index = 0; index < 2; index += 1) {
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
      owners.push(portal.getObject('contacts', contactId)!.properties.hubspot_owner_id!);
    }
    expect(new Set(owners).size).toBe(2);
    expect(owners.every((owner) => team.includes(owner))).toBe(true);
  });
});
