// Webhook batches against the local portal: concurrent batches about the same contacts promote
// each once (per-record locks, shared with the card and workflow paths), a batch naming records
// that are gone is still acknowledged, and a record locked past the deadline defers with 429.
// On the embedded sqlite store by default; on PostgreSQL (advisory locks) with TEST_DATABASE_URL.
import { randomInt } from 'node:crypto';
import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import type { WebhookEvent } from '../../src/local-portal/app-caller.ts';
import { contactLockKey } from '../../src/server/effects/record-locks.ts';
import { startHarness, type Harness } from './harness.ts';

/** A short lock budget (webhooks and cards), so a deliberately held lock defers without a long wait. */
const LOCK_WAIT_MS = 300;

let h: Harness;
// A PostgreSQL database keeps the seen event ids between runs: start each run somewhere new.
let nextEventId = randomInt(1_000_000, 1_000_000_000);

beforeAll(async () => {
  h = await startHarness({
    overrides: { webhookLockWaitMs: LOCK_WAIT_MS, cardDeadlineMs: LOCK_WAIT_MS },
    ...(process.env.TEST_DATABASE_URL ? { databaseUrl: process.env.TEST_DATABASE_URL } : {}),
  });
  expect(await h.install(h.demoPortalId)).toMatch(/^200 /);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const portalState = () => h.portal.registry.get(h.demoPortalId)!;

/** Leads hot enough to cross the MQL threshold on their next scoring. */
function hotLeads(count: number, tag: string): string[] {
  return Array.from(
    { length: count },
    (_, index) =>
      portalState().createObject('contacts', {
        email: `${tag}${index}@example.com`,
        lifecyclestage: 'lead',
        jobtitle: 'CEO',
        numemployees: '1000+',
        country: 'Germany',
        industry: 'COMPUTER_SOFTWARE',
        annualrevenue: '50000000',
      }).id,
  );
}

function contactEvent(objectId: string, propertyName: string): WebhookEvent {
  return {
    eventId: (nextEventId += 1),
    subscriptionId: 2,
    portalId: h.demoPortalId,
    appId: h.portal.appId,
    occurredAt: Date.now(),
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: Number(objectId),
    propertyName,
    propertyValue: 'x',
    changeSource: 'CRM_UI',
  } as WebhookEvent;
}

/** Delivers a batch as HubSpot does: again after a non-2xx answer (up to 10 attempts). */
async function deliver(batch: WebhookEvent[]): Promise<{ status: number; attempts: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await h.portal.appCaller.sendWebhookBatch(batch);
    if (response.status < 300 || attempt >= 10)
      return { status: response.status, attempts: attempt };
  }
}

const promotedEntries = (contactId: string) =>
  (
    JSON.parse(
      (portalState().getObject('contacts', contactId)!.properties[
        CONTACT_PROPERTIES.loopHistory.name
      ] as string | null) ?? '[]',
    ) as { kind: string }[]
  ).filter((entry) => entry.kind === 'promoted');

describe('webhook batches and per-record locks', () => {
  it('promotes each contact once when three batches about the same contacts arrive at once', async () => {
    // GIVEN 8 leads past the MQL threshold
    const ids = hotLeads(8, 'concurrent');
    // WHEN three batches with different events for the same contacts arrive together
    const batches = ['jobtitle', 'country', 'industry'].map((property) =>
      ids.map((id) => contactEvent(id, property)),
    );
    const answers = await Promise.all(batches.map((batch) => deliver(batch)));
    // THEN every batch is acknowledged, and each contact was promoted exactly once
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    for (const id of ids) {
      expect(portalState().getObject('contacts', id)!.properties.lifecyclestage).toBe(
        'marketingqualifiedlead',
      );
      expect(promotedEntries(id)).toHaveLength(1);
      expect(portalState().listAssociations('contacts', id, 'notes')).toHaveLength(1);
    }
  });

  it('defers with 429 and Retry-After while a card holds a contact’s lock, then promotes once', async () => {
    const [id] = hotLeads(1, 'locked') as [string];
    const batch = [contactEvent(id, 'jobtitle')];
    // GIVEN a card request holding the contact's lock (the key the lifecycle handlers take)
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    const holder = h.backend.store.withLock(contactLockKey(h.demoPortalId, id), async () => {
      taken();
      await held;
    });
    await lockTaken;
    // WHEN HubSpot delivers an event for it
    const deferred = await h.portal.appCaller.sendWebhookBatch(batch);
    // THEN the batch is deferred (HubSpot honours Retry-After) and nothing was promoted
    expect(deferred.status).toBe(429);
    expect(Number(deferred.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(promotedEntries(id)).toHaveLength(0);
    // WHEN the card finishes and HubSpot redelivers THEN the contact is promoted once
    release();
    await holder;
    expect((await deliver(batch)).status).toBe(200);
    expect(promotedEntries(id)).toHaveLength(1);
    expect(portalState().listAssociations('contacts', id, 'notes')).toHaveLength(1);
  });
});

describe('a batch is never poisoned by one event', () => {
  it('drops events for a deleted deal and a deleted contact and processes the rest', async () => {
    // GIVEN a deal and a contact deleted after HubSpot queued their events, and a live lead
    const deal = portalState().createObject('deals', {
      dealname: 'Gone deal',
      pipeline: 'default',
      dealstage: 'closedwon',
    });
    const [goneContact, liveContact] = hotLeads(2, 'poison') as [string, string];
    portalState().archiveObject('deals', deal.id);
    portalState().archiveObject('contacts', goneContact);
    const batch: WebhookEvent[] = [
      {
        ...contactEvent(deal.id, 'dealstage'),
        subscriptionType: 'deal.propertyChange',
        propertyValue: 'closedwon',
      },
      contactEvent(goneContact, 'jobtitle'),
      contactEvent(liveContact, 'jobtitle'),
    ];
    // WHEN the batch is delivered
    const response = await h.portal.appCaller.sendWebhookBatch(batch);
    // THEN it is acknowledged at once, the live contact is promoted, the gone ones are counted
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).outcomes[0]).toMatchObject({
      received: 3,
      contactsScored: 1,
      contactsPromoted: 1,
      dealsDecided: 0,
      gone: 2,
      dropped: 0,
    });
    expect(promotedEntries(liveContact)).toHaveLength(1);
  });
});

describe('card requests and record locks', () => {
  it('answers “being changed, retry in N s” instead of waiting past the card’s deadline', async () => {
    const [id] = hotLeads(1, 'cardlock') as [string];
    // GIVEN another request holding the contact's lock
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    const holder = h.backend.store.withLock(contactLockKey(h.demoPortalId, id), async () => {
      taken();
      await held;
    });
    await lockTaken;
    // WHEN a seller rescores it from the card THEN the card is told to retry, in both languages
    const busy = await h.card('POST', `/api/contacts/${id}/rescore`);
    expect(busy).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: {
          en: expect.stringMatching(/being changed .* retry in \d+ s\.$/),
          de: expect.stringMatching(/in \d+ s erneut\.$/),
        },
      },
    });
    // WHEN the other request is done THEN the same card request succeeds
    release();
    await holder;
    expect(await h.card('POST', `/api/contacts/${id}/rescore`)).toMatchObject({ ok: true });
  });
});
