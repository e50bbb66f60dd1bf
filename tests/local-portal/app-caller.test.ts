import { createAppCaller } from '../../src/local-portal/app-caller.ts';
import type { AppCaller, WebhookEvent } from '../../src/local-portal/app-caller.ts';
import { createManualClock } from '../../src/local-portal/clock.ts';
import { startAppReceiver } from './app-receiver.ts';
import type { AppReceiver } from './app-receiver.ts';

const SECRET = 'local-client-secret';

describe('HubSpot calling the app', () => {
  let receiver: AppReceiver;
  let caller: AppCaller;
  const clock = createManualClock();

  beforeEach(async () => {
    receiver = await startAppReceiver(SECRET);
    caller = createAppCaller({
      appBaseUrl: receiver.baseUrl,
      appId: 1001,
      clientSecret: SECRET,
      clock: () => Date.now(),
      seed: 7,
    });
  });
  afterEach(async () => {
    caller.close();
    await receiver.close();
  });

  function changeEmail(objectId: number, value: string) {
    caller.handlePropertyChange({
      kind: 'propertyChange',
      portalId: 2026001,
      objectType: 'contact',
      objectId,
      propertyName: 'email',
      propertyValue: value,
      occurredAt: clock.now(),
      changeSource: 'CRM_API',
    });
  }

  it('delivers subscribed property changes as one signed batch of HubSpot events', async () => {
    // GIVEN a subscription to contact email changes and three changes (one not subscribed)
    const subscription = caller.subscribe({
      subscriptionType: 'contact.propertyChange',
      propertyName: 'email',
    });
    changeEmail(11, 'a@example.com');
    changeEmail(12, 'b@example.com');
    caller.handlePropertyChange({
      kind: 'propertyChange',
      portalId: 2026001,
      objectType: 'contact',
      objectId: 13,
      propertyName: 'firstname',
      propertyValue: 'Ann',
      occurredAt: clock.now(),
      changeSource: 'CRM_API',
    });
    // WHEN the queue is flushed
    const result = await caller.flushWebhooks();
    // THEN one signed POST carried the two subscribed events
    expect(result).toMatchObject({ batches: 1, delivered: 2, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0]!;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/hubspot/webhooks',
      signatureValid: true,
    });
    const events = JSON.parse(request.body) as WebhookEvent[];
    expect(events).toEqual([
      {
        eventId: 1,
        subscriptionId: subscription.id,
        portalId: 2026001,
        appId: 1001,
        occurredAt: clock.now(),
        subscriptionType: 'contact.propertyChange',
        attemptNumber: 0,
        objectId: 11,
        propertyName: 'email',
        propertyValue: 'a@example.com',
        changeSource: 'CRM_API',
      },
      expect.objectContaining({ eventId: 2, objectId: 12 }),
    ]);
    expect(caller.pendingEvents()).toEqual([]);
  });

  it('splits more than 100 events into batches of at most 100', async () => {
    caller.subscribe({ subscriptionType: 'contact.propertyChange', propertyName: 'email' });
    for (let id = 1; id <= 250; id += 1) changeEmail(id, `c${id}@example.com`);
    const result = await caller.flushWebhooks();
    expect(result).toMatchObject({ batches: 3, delivered: 250 });
    expect(receiver.received.map((r) => (JSON.parse(r.body) as unknown[]).length)).toEqual([
      100, 100, 50,
    ]);
  });

  it('redelivers a refused batch with attemptNumber + 1', async () => {
    caller.subscribe({ subscriptionType: 'contact.propertyChange', propertyName: 'email' });
    changeEmail(21, 'x@example.com');
    receiver.statuses = [503];
    const first = await caller.flushWebhooks();
    expect(first).toMatchObject({ delivered: 0, failed: 1, requeued: 1, statuses: [503] });
    expect(caller.pendingEvents()).toEqual([
      expect.objectContaining({ eventId: 1, attemptNumber: 1 }),
    ]);
    const second = await caller.flushWebhooks();
    expect(second).toMatchObject({ delivered: 1, statuses: [200] });
    const attempts = receiver.received.map(
      (r) => (JSON.parse(r.body) as WebhookEvent[])[0]!.attemptNumber,
    );
    expect(attempts).toEqual([0, 1]);
  });

  it('can deliver some events twice and out of order, reproducibly from the seed', async () => {
    caller.subscribe({ subscriptionType: 'contact.propertyChange', propertyName: 'email' });
    for (let id = 1; id <= 10; id += 1) changeEmail(id, `r${id}@example.com`);
    await caller.flushWebhooks({ redeliver: 3, reorder: true });
    const events = JSON.parse(receiver.received[0]!.body) as WebhookEvent[];
    const ids = events.map((event) => event.eventId);
    // every event arrived, three of them twice, and not in creation order
    expect(new Set(ids)).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(ids).toHaveLength(13);
    expect(ids).not.toEqual([...ids].sort((a, b) => a - b));
    const duplicates = events.filter((event) => event.attemptNumber === 1);
    expect(duplicates).toHaveLength(3);

    // the same seed chooses the same duplicates and order
    const again = createAppCaller({
      appBaseUrl: receiver.baseUrl,
      appId: 1001,
      clientSecret: SECRET,
      clock: () => Date.now(),
      seed: 7,
    });
    again.subscribe({ subscriptionType: 'contact.propertyChange', propertyName: 'email' });
    for (let id = 1; id <= 10; id += 1) {
      again.handlePropertyChange({
        kind: 'propertyChange',
        portalId: 2026001,
        objectType: 'contact',
        objectId: id,
        propertyName: 'email',
        propertyValue: `r${id}@example.com`,
        occurredAt: clock.now(),
        changeSource: 'CRM_API',
      });
    }
    await again.flushWebhooks({ redeliver: 3, reorder: true });
    const replay = (JSON.parse(receiver.received[1]!.body) as WebhookEvent[]).map((e) => e.eventId);
    expect(replay).toEqual(ids);
  });

  it('queues creation events for lifecycle subscriptions without property fields', async () => {
    caller.subscribe({ subscriptionType: 'deal.creation' });
    caller.handlePropertyChange({
      kind: 'creation',
      portalId: 5,
      objectType: 'deal',
      objectId: 99,
      occurredAt: 1,
      changeSource: 'CRM_API',
    });
    expect(caller.pendingEvents()).toEqual([
      expect.objectContaining({ subscriptionType: 'deal.creation', objectId: 99 }),
    ]);
    expect(caller.pendingEvents()[0]).not.toHaveProperty('propertyName');
    expect(() => caller.subscribe({ subscriptionType: 'deal.propertyChange' })).toThrow(
      /propertyName/,
    );
  });

  it('calls a workflow action with HubSpot’s body, signed with v2 as HubSpot does', async () => {
    receiver.responseBody = '{"outputFields":{"hs_execution_state":"SUCCESS"}}';
    const response = await caller.callWorkflowAction({
      actionUrl: '/workflow-actions/hand-off',
      portalId: 2026001,
      actionDefinitionId: 55,
      workflowId: 77,
      callbackId: 'cb-1',
      object: { objectId: 101, objectType: 'CONTACT' },
      inputFields: { reason: 'budget' },
    });
    expect(response).toMatchObject({ status: 200, callbackId: 'cb-1' });
    expect(JSON.parse(response.body)).toEqual({ outputFields: { hs_execution_state: 'SUCCESS' } });
    const request = receiver.received[0]!;
    expect(request).toMatchObject({ signatureValid: true, signatureVersion: 'v2' });
    expect(request.headers['x-hubspot-signature-v3']).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual({
      callbackId: 'cb-1',
      origin: { portalId: 2026001, actionDefinitionId: 55, actionDefinitionVersion: 1 },
      context: { source: 'WORKFLOWS', workflowId: 77 },
      object: { objectId: 101, objectType: 'CONTACT', properties: {} },
      inputFields: { reason: 'budget' },
    });
  });

  it('proxies hubspot.fetch with appId, portalId, userId and userEmail in the signed query', async () => {
    // GIVEN a card that tries to name another portal in its own query string
    await caller.proxyFetch({
      url: '/api/cards/plan?dealId=5&portalId=999',
      method: 'POST',
      body: { section: 'competition' },
      portalId: 2026001,
      userId: 7,
      userEmail: 'seller@example.com',
      authorization: 'Bearer card-token',
    });
    await caller.proxyFetch({
      url: '/api/cards/plan?dealId=5',
      portalId: 2026001,
      userId: 7,
      userEmail: 'seller@example.com',
    });
    const [post, get] = receiver.received;
    // THEN HubSpot's values replace the card's, and both requests verify
    const query = new URL(post!.url, 'http://x').searchParams;
    expect(query.get('portalId')).toBe('2026001');
    expect(query.getAll('portalId')).toHaveLength(1);
    expect(query.get('appId')).toBe('1001');
    expect(query.get('userId')).toBe('7');
    expect(query.get('userEmail')).toBe('seller@example.com');
    expect(query.get('dealId')).toBe('5');
    expect(post).toMatchObject({
      method: 'POST',
      body: '{"section":"competition"}',
      signatureValid: true,
    });
    expect(post!.headers.authorization).toBe('Bearer card-token');
    expect(get).toMatchObject({ method: 'GET', body: '', signatureValid: true });
  });

  it('delivers on its own when automatic delivery is on', async () => {
    const auto = createAppCaller({
      appBaseUrl: receiver.baseUrl,
      appId: 1001,
      clientSecret: SECRET,
      clock: () => Date.now(),
      autoDeliver: true,
      autoFlushDelayMs: 5,
    });
    auto.subscribe({ subscriptionType: 'contact.propertyChange', propertyName: 'email' });
    auto.handlePropertyChange({
      kind: 'propertyChange',
      portalId: 1,
      objectType: 'contact',
      objectId: 3,
      propertyName: 'email',
      propertyValue: 'auto@example.com',
      occurredAt: 1,
      changeSource: 'CRM_API',
    });
    for (let wait = 0; wait < 50 && receiver.received.length === 0; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    auto.close();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.signatureValid).toBe(true);
  });
});
