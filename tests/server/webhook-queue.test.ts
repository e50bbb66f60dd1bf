// The webhook inbox (src/server/routes/webhook-queue.ts): a batch is answered once durably
// recorded and runs after the answer; a process that dies after the answer leaves it pending, and
// another worker (handed it by the background resumer) runs it — every event once, none lost.
// Unit tests on the embedded sqlite store with a recording processor; one integration test through
// the backend's webhook route against the local portal.
import { randomBytes } from 'node:crypto';
import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import { HubSpotRateLimitError } from '../../src/hubspot/errors.ts';
import type { WebhookEvent as PortalWebhookEvent } from '../../src/local-portal/app-caller.ts';
import { OperationIncompleteError } from '../../src/runtime/operations.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { contactLockKey } from '../../src/server/effects/record-locks.ts';
import {
  createWebhookQueue,
  resumeWebhookBatch,
  webhookBatchOperationId,
  type WebhookProcessor,
  type WebhookQueue,
} from '../../src/server/routes/webhook-queue.ts';
import type { WebhookEvent, WebhookOutcome } from '../../src/server/routes/webhooks.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { startHarness } from './harness.ts';

const PORTAL = 77;
const logger = createLogger('silent');

function event(id: number, objectId = id): WebhookEvent {
  return {
    eventId: String(id),
    portalId: PORTAL,
    occurredAt: 1,
    subscriptionType: 'contact.propertyChange',
    objectId: String(objectId),
    propertyName: 'jobtitle',
  } as WebhookEvent;
}

const outcomeOf = (events: WebhookEvent[], fresh: string[]): WebhookOutcome => ({
  received: events.length,
  duplicates: events.length - fresh.length,
  contactsScored: fresh.length,
  contactsWritten: 0,
  contactsPromoted: 0,
  dealsDecided: 0,
  erased: 0,
  gone: 0,
  dropped: 0,
});

/** A processor that dedupes, records the event ids it ran, and finishes. */
function recording(ran: string[][]): WebhookProcessor {
  return async (_portalId, events, dedupe) => {
    const fresh = await dedupe(events.map((e) => e.eventId));
    ran.push(fresh);
    return outcomeOf(events, fresh);
  };
}

/** A processor whose process "dies" right after the dedupe: it never returns. */
const dyingAfterDedupe: WebhookProcessor = async (_portalId, events, dedupe) => {
  await dedupe(events.map((e) => e.eventId));
  return new Promise<never>(() => undefined);
};

let store: Store;
const queues: WebhookQueue[] = [];
const queue = (retryBaseMs = 1) => {
  const created = createWebhookQueue({ store, logger, retryBaseMs });
  queues.push(created);
  return created;
};

beforeEach(() => {
  store = createSqliteStore({
    path: ':memory:',
    cipher: createTokenCipher([{ kid: 't', key: randomBytes(32) }]),
  });
});

afterEach(async () => {
  // Dead queues (their processor never returns) are abandoned, as a dead process is.
  queues.length = 0;
  await store.close();
});

/** What the background resumer does for every pending batch: hands it to `to`. */
async function resumePending(to: WebhookQueue): Promise<number> {
  const pending = await store.listPendingOperations({});
  for (const operation of pending)
    expect(() => resumeWebhookBatch(operation, to)).toThrow(OperationIncompleteError);
  return pending.length;
}

/** Waits until the recorded operation of `events` is no longer pending (the worker is async). */
async function untilRecorded(events: WebhookEvent[], progressKey: 'fresh' | 'marking') {
  const id = webhookBatchOperationId(events);
  for (;;) {
    const operation = await store.getOperation(PORTAL, id);
    if ((operation?.progress as Record<string, unknown> | null)?.[progressKey] !== undefined)
      return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('the webhook queue', () => {
  it('records a batch before it runs and runs it after the enqueue resolved', async () => {
    const ran: string[][] = [];
    const inbox = queue();
    inbox.start(recording(ran));
    const batch = [event(1), event(2)];
    await inbox.enqueue(PORTAL, batch);
    // THEN the batch is recorded pending, and has not run yet (it runs after the answer)
    expect(ran).toEqual([]);
    const recorded = await store.getOperation(PORTAL, webhookBatchOperationId(batch));
    expect(recorded).toMatchObject({ status: 'pending', kind: 'webhookBatch' });
    await inbox.idle();
    expect(ran).toEqual([['1', '2']]);
    expect(await store.getOperation(PORTAL, webhookBatchOperationId(batch))).toMatchObject({
      status: 'done',
    });
    // AND HubSpot redelivering the same batch runs nothing again
    await inbox.enqueue(PORTAL, [event(2), event(1)]);
    await inbox.idle();
    expect(ran).toHaveLength(1);
  });

  it('drops an event a later batch delivers again', async () => {
    const ran: string[][] = [];
    const inbox = queue();
    inbox.start(recording(ran));
    await inbox.enqueue(PORTAL, [event(1), event(2)]);
    await inbox.enqueue(PORTAL, [event(2), event(3)]);
    await inbox.idle();
    expect(ran).toEqual([['1', '2'], ['3']]);
    expect(inbox.stats().outcome).toMatchObject({ received: 4, duplicates: 1 });
  });

  it('runs a deferred batch again until it completes', async () => {
    let calls = 0;
    const inbox = queue();
    inbox.start(async (_portalId, events, dedupe) => {
      calls += 1;
      if (calls === 1) throw new HubSpotRateLimitError('budget used up', { retryAfterMs: 1 });
      return outcomeOf(events, await dedupe(events.map((e) => e.eventId)));
    });
    await inbox.enqueue(PORTAL, [event(1)]);
    await inbox.idle();
    expect(calls).toBe(2);
    expect(inbox.stats()).toMatchObject({ batches: 1, retries: 1 });
  });

  it('loses nothing when the process dies after marking the events: the resumer runs them', async () => {
    // GIVEN a worker that dies after it marked and recorded the batch's events as seen
    const dead = queue();
    dead.start(dyingAfterDedupe);
    const batch = [event(10), event(11)];
    await dead.enqueue(PORTAL, batch);
    await untilRecorded(batch, 'fresh');
    // WHEN another process's background round hands the pending batch to its worker
    const ran: string[][] = [];
    const live = queue();
    live.start(recording(ran));
    expect(await resumePending(live)).toBe(1);
    await live.idle();
    // THEN both events ran (the seen-mark of the dead attempt does not drop them), once
    expect(ran).toEqual([['10', '11']]);
    expect(await store.getOperation(PORTAL, webhookBatchOperationId(batch))).toMatchObject({
      status: 'done',
    });
    expect(await resumePending(live)).toBe(0);
  });

  it('runs every event again when the process died between marking and recording the mark', async () => {
    // GIVEN a store on which the process dies while recording which events it marked
    const dying: Store = {
      ...store,
      saveOperationProgress: (portalId, operationId, progress, options) =>
        (progress as { fresh?: unknown }).fresh
          ? new Promise<never>(() => undefined)
          : store.saveOperationProgress(portalId, operationId, progress, options),
    };
    const dead = createWebhookQueue({ store: dying, logger });
    dead.start(recording([]));
    const batch = [event(20), event(21)];
    await dead.enqueue(PORTAL, batch);
    await untilRecorded(batch, 'marking');
    expect(await store.markEventsSeen(PORTAL, ['20', '21'])).toEqual([]);
    // WHEN the resumer hands it to a live worker THEN every event runs (none lost)
    const ran: string[][] = [];
    const live = queue();
    live.start(recording(ran));
    await resumePending(live);
    await live.idle();
    expect(ran).toEqual([['20', '21']]);
  });
});

describe('the webhook route with the queue (production default)', () => {
  it('acknowledges before the work, then promotes once when the contact’s lock is free', async () => {
    const h = await startHarness({ overrides: { webhookAck: 'queued' } });
    try {
      expect(await h.install(h.demoPortalId)).toMatch(/^200 /);
      const portal = h.portal.registry.get(h.demoPortalId)!;
      const id = portal.createObject('contacts', {
        email: 'queued@example.com',
        lifecyclestage: 'lead',
        jobtitle: 'CEO',
        numemployees: '1000+',
        country: 'Germany',
        industry: 'COMPUTER_SOFTWARE',
        annualrevenue: '50000000',
      }).id;
      // GIVEN a card request holding the contact's lock
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let taken!: () => void;
      const lockTaken = new Promise<void>((resolve) => (taken = resolve));
      const holder = h.backend.store.withLock(contactLockKey(h.demoPortalId, id), async () => {
        taken();
        await held;
      });
      await lockTaken;
      const batch: PortalWebhookEvent[] = [
        {
          eventId: 930001,
          subscriptionId: 2,
          portalId: h.demoPortalId,
          appId: h.portal.appId,
          occurredAt: Date.now(),
          subscriptionType: 'contact.propertyChange',
          attemptNumber: 0,
          objectId: Number(id),
          propertyName: 'jobtitle',
          propertyValue: 'CEO',
          changeSource: 'CRM_UI',
        },
      ];
      // WHEN HubSpot delivers an event for it THEN the answer is 200 at once: the work waits
      const answer = await h.portal.appCaller.sendWebhookBatch(batch);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: true, queued: 1 });
      expect(portal.getObject('contacts', id)!.properties.lifecyclestage).toBe('lead');
      // WHEN the card finishes THEN the queue promotes the contact once, with one note
      release();
      await holder;
      await h.backend.webhookQueue!.idle();
      const contact = portal.getObject('contacts', id)!.properties;
      expect(contact.lifecyclestage).toBe('marketingqualifiedlead');
      expect(contact[CONTACT_PROPERTIES.totalScore.name]).not.toBeNull();
      expect(portal.listAssociations('contacts', id, 'notes')).toHaveLength(1);
      // AND a redelivery of the batch is answered and changes nothing
      expect((await h.portal.appCaller.sendWebhookBatch(batch)).status).toBe(200);
      await h.backend.webhookQueue!.idle();
      expect(portal.listAssociations('contacts', id, 'notes')).toHaveLength(1);
    } finally {
      await h.close();
    }
  }, 30_000);
});
