import { startAppReceiver } from './app-receiver.ts';
import type { AppReceiver } from './app-receiver.ts';
import { createOfficialClient, startPortal } from './portal-harness.ts';
import type { RunningPortal } from './portal-harness.ts';

async function call(
  url: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('the local portal server', () => {
  let running: RunningPortal;
  afterEach(() => running.close());

  it('answers /healthz', async () => {
    running = await startPortal();
    const response = await fetch(`${running.url}/healthz`);
    expect(await response.json()).toMatchObject({ status: 'ok', demoPortalId: 2026001 });
  });

  it('keeps each portal’s records out of reach of another portal’s token', async () => {
    // GIVEN tokens for portals A and B, and a contact in A
    running = await startPortal();
    const tokenA = running.portal.oauth.issueTokens({ portalId: 101 }).access_token;
    const tokenB = running.portal.oauth.issueTokens({ portalId: 202 }).access_token;
    const clientA = createOfficialClient(running.url, tokenA);
    const clientB = createOfficialClient(running.url, tokenB);
    const contact = await clientA.crm.contacts.basicApi.create({
      properties: { email: 'only-a@example.com' },
      associations: [],
    });
    // WHEN B reads, lists, updates and deletes it
    await expect(clientB.crm.contacts.basicApi.getById(contact.id)).rejects.toMatchObject({
      code: 404,
    });
    const pageB = await clientB.crm.contacts.basicApi.getPage(100);
    const update = await call(running.url, tokenB, `/crm/v3/objects/contacts/${contact.id}`, {
      method: 'PATCH',
      body: { properties: { email: 'stolen@example.com' } },
    });
    await call(running.url, tokenB, `/crm/v3/objects/contacts/${contact.id}`, { method: 'DELETE' });
    // THEN B sees nothing and changes nothing
    expect(pageB.results.map((record) => record.properties.email)).not.toContain(
      'only-a@example.com',
    );
    expect(update.status).toBe(404);
    const stillA = await clientA.crm.contacts.basicApi.getById(contact.id, ['email']);
    expect(stillA.properties.email).toBe('only-a@example.com');
    // AND the portal id cannot be smuggled in through the query string
    const smuggled = await call(
      running.url,
      tokenB,
      `/crm/v3/objects/contacts/${contact.id}?portalId=101`,
    );
    expect(smuggled.status).toBe(404);
  });

  it('refuses the 111th call in ten seconds with HubSpot’s 429 body and headers', async () => {
    running = await startPortal();
    const token = running.portal.oauth.issueTokens({ portalId: 2026001 }).access_token;
    const first = await call(running.url, token, '/crm/v3/objects/contacts?limit=1');
    expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('110');
    expect(first.headers.get('x-hubspot-ratelimit-remaining')).toBe('109');
    expect(first.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    for (let index = 2; index <= 110; index += 1) {
      expect((await call(running.url, token, '/crm/v3/objects/contacts?limit=1')).status).toBe(200);
    }
    const refused = await call(running.url, token, '/crm/v3/objects/contacts?limit=1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(await refused.json()).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      category: 'RATE_LIMITS',
      errorType: 'RATE_LIMIT',
      correlationId: expect.any(String),
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: expect.any(String),
    });
    // another portal has its own window
    const other = running.portal.oauth.issueTokens({ portalId: 303 }).access_token;
    expect((await call(running.url, other, '/crm/v3/objects/contacts')).status).toBe(200);
  });

  it('lets the official client retry a ten-second 429 once the window has rolled on', async () => {
    // GIVEN a window of 3 calls, already used up
    running = await startPortal({ rateLimit: { perTenSeconds: 3 } });
    const token = running.portal.oauth.issueTokens({ portalId: 2026001 }).access_token;
    for (let index = 0; index < 3; index += 1) {
      await call(running.url, token, '/crm/v3/objects/contacts');
    }
    // AND the client's 10 s back-off (RetryDecorator: 10 s × attempt on TEN_SECONDLY_ROLLING)
    // replaced by moving the portal's clock, so the test does not wait
    const waits: number[] = [];
    const realSetTimeout = global.setTimeout;
    const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((
      handler: (...args: unknown[]) => void,
      delay?: number,
      ...rest: unknown[]
    ) => {
      if (delay === 10_000) {
        waits.push(delay);
        running.clock.advance(delay);
        return realSetTimeout(handler, 0);
      }
      return realSetTimeout(() => handler(...rest), delay);
    }) as typeof setTimeout);
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // WHEN the official client with retries calls
      const client = createOfficialClient(running.url, token, 3);
      const page = await client.crm.contacts.basicApi.getPage(10);
      // THEN it got a 429, waited the 10 s HubSpot's policy asks for, and then succeeded
      expect(page.results).toBeDefined();
      expect(waits).toEqual([10_000]);
      expect(running.portal.counters.snapshot().byStatus).toMatchObject({ '200': 4, '429': 1 });
    } finally {
      spy.mockRestore();
      quiet.mockRestore();
    }
  });

  it('limits search to 5 per second on its own, without rate-limit headers', async () => {
    running = await startPortal({ rateLimit: { perTenSeconds: 20 } });
    const token = running.portal.oauth.issueTokens({ portalId: 2026001 }).access_token;
    const search = () =>
      call(running.url, token, '/crm/v3/objects/contacts/search', {
        method: 'POST',
        body: { filterGroups: [], limit: 1 },
      });
    for (let index = 0; index < 5; index += 1) {
      const response = await search();
      expect(response.status).toBe(200);
      expect(response.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    }
    const refused = await search();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
    });
    // the ten-second budget was not spent by the searches
    const standard = await call(running.url, token, '/crm/v3/objects/contacts');
    expect(standard.headers.get('x-hubspot-ratelimit-remaining')).toBe('19');
    running.clock.advance(1000);
    expect((await search()).status).toBe(200);
  });

  it('injects faults set through /_local/faults and counts calls by route and portal', async () => {
    running = await startPortal();
    const token = running.portal.oauth.issueTokens({ portalId: 2026001 }).access_token;
    const client = createOfficialClient(running.url, token);
    // GIVEN every contacts call set to fail with 500
    const configured = await fetch(`${running.url}/_local/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed: 5,
        rules: [{ pathPrefix: '/crm/v3/objects/contacts', rate500: 1 }],
      }),
    });
    expect(configured.status).toBe(200);
    // WHEN the client calls contacts and deals
    await expect(client.crm.contacts.basicApi.getPage()).rejects.toMatchObject({ code: 500 });
    await expect(client.crm.contacts.basicApi.getPage()).rejects.toMatchObject({ code: 500 });
    expect((await call(running.url, token, '/crm/v3/objects/deals')).status).toBe(200);
    // THEN the counters saw them, by route and portal
    const counters = (await (await fetch(`${running.url}/_local/counters`)).json()) as {
      byPortal: Record<string, number>;
    };
    expect(counters).toMatchObject({
      total: 3,
      byRoute: { 'GET /crm/v3/objects/contacts': 2, 'GET /crm/v3/objects/deals': 1 },
      byStatus: { '500': 2, '200': 1 },
    });
    // faults answer before authentication, so their calls carry no portal
    expect(counters.byPortal).toEqual({ none: 2, '2026001': 1 });
    // AND a reset clears them; a bad fault config is refused naming the field
    expect((await fetch(`${running.url}/_local/counters/reset`, { method: 'POST' })).status).toBe(
      204,
    );
    const afterReset = (await (await fetch(`${running.url}/_local/counters`)).json()) as {
      total: number;
    };
    expect(afterReset.total).toBe(0);
    const bad = await fetch(`${running.url}/_local/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ rate500: 2 }] }),
    });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { errors: Array<{ path: string }> };
    expect(badBody.errors[0]!.path).toBe('rules.0.rate500');
  });

  describe('signed calls into the app', () => {
    let receiver: AppReceiver;
    beforeEach(async () => {
      receiver = await startAppReceiver('local-client-secret');
      running = await startPortal({ appBaseUrl: receiver.baseUrl });
    });
    afterEach(() => receiver.close());

    it('delivers CRM property changes made through the API to subscribed webhooks', async () => {
      // GIVEN a subscription registered through the control API
      const subscribed = await fetch(`${running.url}/_local/webhooks/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subscriptionType: 'contact.propertyChange', propertyName: 'email' }),
      });
      expect(subscribed.status).toBe(201);
      const token = running.portal.oauth.issueTokens({ portalId: 2026001 }).access_token;
      const client = createOfficialClient(running.url, token);
      // WHEN a contact's email changes through the CRM API
      const contact = await client.crm.contacts.basicApi.create({
        properties: { email: 'old@example.com' },
        associations: [],
      });
      await client.crm.contacts.basicApi.update(contact.id, {
        properties: { email: 'new@example.com' },
      });
      const flushed = await (
        await fetch(`${running.url}/_local/webhooks/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ redeliver: 1, reorder: true }),
        })
      ).json();
      // THEN the app got one signed batch naming both values, one of them twice
      expect(flushed).toMatchObject({ batches: 1, delivered: 3 });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.signatureValid).toBe(true);
      const events = JSON.parse(receiver.received[0]!.body) as Array<Record<string, unknown>>;
      expect(events).toHaveLength(3);
      expect(new Set(events.map((event) => event.propertyValue))).toEqual(
        new Set(['old@example.com', 'new@example.com']),
      );
      expect(events[0]).toMatchObject({
        portalId: 2026001,
        appId: running.portal.appId,
        subscriptionType: 'contact.propertyChange',
        objectId: Number(contact.id),
        propertyName: 'email',
      });
    });

    it('calls workflow actions and proxies hubspot.fetch through the control API', async () => {
      const workflow = await (
        await fetch(`${running.url}/_local/workflow-actions/call`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            actionUrl: '/workflow-actions/return-to-marketing',
            portalId: 2026001,
            actionDefinitionId: 9,
            workflowId: 3,
            object: { objectId: 5, objectType: 'DEAL' },
            inputFields: { reason: 'no budget' },
          }),
        })
      ).json();
      expect(workflow).toMatchObject({ status: 200, callbackId: expect.stringMatching(/^ap-/) });
      expect(receiver.received[0]).toMatchObject({
        url: '/workflow-actions/return-to-marketing',
        signatureValid: true,
      });

      const proxied = await fetch(
        `${running.url}/_local/fetch-proxy/api/cards/plan?dealId=5&portalId=1`,
        {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            'x-local-portal-id': '2026001',
            'x-local-user-id': '12',
          },
          body: JSON.stringify({ rev: 3 }),
        },
      );
      expect(proxied.status).toBe(200);
      expect(await proxied.json()).toEqual({ ok: true });
      const request = receiver.received[1]!;
      expect(request).toMatchObject({ method: 'PUT', body: '{"rev":3}', signatureValid: true });
      const query = new URL(request.url, 'http://x').searchParams;
      expect(request.url.startsWith('/api/cards/plan?')).toBe(true);
      expect([query.get('dealId'), query.get('portalId'), query.get('userId')]).toEqual([
        '5',
        '2026001',
        '12',
      ]);
    });
  });
});
