// The preview's hubspot.fetch keeps HubSpot's contract: permitted URLs only, non-2xx as an opaque
// failure, one retry of a 5xx or a connection failure, 15 s default and 120 s maximum timeout,
// 1 MB bodies, 20 requests in flight per portal, Authorization as the only header passed on.
import request from 'supertest';
import type { AppResponse, ProxyFetchCall } from '../../src/local-portal/app-caller.ts';
import { createManualClock } from '../../src/local-portal/clock.ts';
import {
  createHubSpotFetchProxy,
  isPermittedUrl,
  readPermittedFetchUrls,
} from '../../src/local-portal/preview/fetch-proxy.ts';
import { loadPreviewProfile } from '../../src/local-portal/preview/fetch-route.ts';
import { createLocalPortal } from '../../src/local-portal/server.ts';

const BACKEND = 'https://backend.example.com';
const ok = (body = '{"ok":true}'): AppResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body,
});
const who = { portalId: 7, userId: 501, userEmail: 'seller@example.com' };

function proxyAnswering(...answers: (AppResponse | Error)[]) {
  const calls: ProxyFetchCall[] = [];
  const proxy = createHubSpotFetchProxy({
    permittedUrls: [BACKEND],
    send: async (call) => {
      calls.push(call);
      const next = answers.shift() ?? ok();
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return { proxy, calls };
}

describe('which URLs hubspot.fetch may reach', () => {
  it('resolves permittedUrls.fetch with the profile variables, and names a missing one', () => {
    const meta = JSON.stringify({ config: { permittedUrls: { fetch: ['${BACKEND_URL}/api'] } } });
    expect(readPermittedFetchUrls(meta, { BACKEND_URL: BACKEND })).toEqual([`${BACKEND}/api`]);
    expect(() => readPermittedFetchUrls(meta, {})).toThrow(/BACKEND_URL/);
  });

  it.each([
    [`${BACKEND}/api/deals/5/plan?x=1`, true],
    [`${BACKEND}/api`, true],
    [`${BACKEND}/apiary`, false],
    ['https://backend.example.com.evil.test/api/x', false],
    ['http://backend.example.com/api/x', false],
    ['not a url', false],
  ])('%s is permitted under /api: %s', (url, wanted) => {
    expect(isPermittedUrl(url, [`${BACKEND}/api`])).toBe(wanted);
  });

  it('reads the real app and local profile: the backend is permitted, context.variables as set', () => {
    const profile = loadPreviewProfile({
      rootDir: process.cwd(),
      profile: 'local',
      backendUrl: 'http://127.0.0.1:4567',
    });
    expect(profile.permittedFetchUrls).toEqual(['http://127.0.0.1:4567']);
    expect(profile.variables?.BACKEND_URL).toBe('http://127.0.0.1:4567');
    expect(Object.keys(profile.variables ?? {}).sort()).toEqual([
      'BACKEND_URL',
      'DOCUMENTATION_URL',
      'SUPPORT_EMAIL',
      'SUPPORT_URL',
    ]);
  });
});

describe('the hubspot.fetch proxy', () => {
  it('refuses a URL outside permittedUrls without calling anyone', async () => {
    const { proxy, calls } = proxyAnswering();
    const result = await proxy.fetch({
      url: 'https://elsewhere.example.com/x',
      method: 'GET',
      ...who,
    });
    expect(result).toMatchObject({ ok: false, failure: 'not_permitted', attempts: 0 });
    expect(calls).toHaveLength(0);
  });

  it('relays a 2xx with a 15 s default timeout and only the Authorization header', async () => {
    const { proxy, calls } = proxyAnswering(ok('{"ok":true,"data":1}'));
    const result = await proxy.fetch({
      url: `${BACKEND}/api/x`,
      method: 'post',
      body: { a: 1 },
      authorization: 'Bearer abc',
      ...who,
    });
    expect(result).toEqual({ ok: true, response: ok('{"ok":true,"data":1}'), attempts: 1 });
    expect(calls).toEqual([
      {
        url: `${BACKEND}/api/x`,
        method: 'POST',
        body: { a: 1 },
        authorization: 'Bearer abc',
        timeoutMs: 15_000,
        ...who,
      },
    ]);
  });

  it('turns a 4xx into an opaque failure, without retrying it', async () => {
    const { proxy, calls } = proxyAnswering({ status: 401, headers: {}, body: 'secret detail' });
    const result = await proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', ...who });
    expect(result).toMatchObject({ ok: false, failure: 'http_status', attempts: 1 });
    expect(JSON.stringify(result)).not.toContain('secret detail');
    expect(calls).toHaveLength(1);
  });

  it('retries a 5xx once: a second 5xx fails, a 2xx succeeds', async () => {
    const failing = proxyAnswering(
      { status: 503, headers: {}, body: '' },
      { status: 500, headers: {}, body: '' },
      ok(),
    );
    const failed = await failing.proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', ...who });
    expect(failed).toMatchObject({ ok: false, failure: 'http_status', attempts: 2 });
    expect(failing.calls).toHaveLength(2);
    const recovering = proxyAnswering({ status: 502, headers: {}, body: '' }, ok());
    const recovered = await recovering.proxy.fetch({
      url: `${BACKEND}/api/x`,
      method: 'GET',
      ...who,
    });
    expect(recovered).toMatchObject({ ok: true, attempts: 2 });
  });

  it('retries a connection failure once, but not a timeout', async () => {
    const refused = proxyAnswering(new TypeError('fetch failed'), ok());
    expect(
      await refused.proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', ...who }),
    ).toMatchObject({
      ok: true,
      attempts: 2,
    });
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    const slow = proxyAnswering(timeout, ok());
    expect(
      await slow.proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', ...who }),
    ).toMatchObject({
      ok: false,
      failure: 'timeout',
      attempts: 1,
    });
    expect(slow.calls).toHaveLength(1);
  });

  it('takes timeouts up to 120 s and refuses longer ones', async () => {
    const { proxy, calls } = proxyAnswering();
    await proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', timeoutMs: 120_000, ...who });
    expect(calls[0]?.timeoutMs).toBe(120_000);
    expect(
      await proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', timeoutMs: 120_001, ...who }),
    ).toMatchObject({ ok: false, failure: 'invalid_timeout' });
  });

  it('refuses a body over 1 MB and an answer over 1 MB', async () => {
    const { proxy, calls } = proxyAnswering(ok('x'.repeat(1_000_001)));
    const big = { text: 'x'.repeat(1_000_000) };
    expect(
      await proxy.fetch({ url: `${BACKEND}/api/x`, method: 'POST', body: big, ...who }),
    ).toMatchObject({
      ok: false,
      failure: 'body_too_large',
    });
    expect(calls).toHaveLength(0);
    expect(await proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', ...who })).toMatchObject({
      ok: false,
      failure: 'response_too_large',
    });
  });

  it('lets at most 20 requests of one portal be in flight; other portals are not held up', async () => {
    const releases: (() => void)[] = [];
    const proxy = createHubSpotFetchProxy({
      permittedUrls: [BACKEND],
      send: () => new Promise<AppResponse>((resolve) => releases.push(() => resolve(ok()))),
    });
    const running = Array.from({ length: 20 }, () =>
      proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', ...who }),
    );
    expect(proxy.inFlight(7)).toBe(20);
    expect(await proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', ...who })).toMatchObject({
      ok: false,
      failure: 'too_many_concurrent',
    });
    const other = proxy.fetch({ url: `${BACKEND}/api/x`, method: 'GET', ...who, portalId: 8 });
    for (const release of releases) release();
    expect((await Promise.all([...running, other])).every((result) => result.ok)).toBe(true);
    expect(proxy.inFlight(7)).toBe(0);
  });
});

describe('POST /_local/hubspot-fetch in the local portal', () => {
  it('signs a permitted call to the backend, and answers any failure with the same opaque 502', async () => {
    // GIVEN a portal whose preview backend is a fake app that answers 404 to /api/missing
    const seen: string[] = [];
    const portal = createLocalPortal({
      clock: createManualClock().now,
      publicBaseUrl: 'http://127.0.0.1:9',
    });
    portal.appCaller.proxyFetch = async (call) => {
      seen.push(call.url);
      return call.url.endsWith('/missing')
        ? { status: 404, headers: {}, body: 'not here' }
        : ok('{"ok":true}');
    };
    const send = (url: string) =>
      request(portal.app)
        .post('/_local/hubspot-fetch')
        .set('x-local-portal-id', String(portal.demoPortalId))
        .send({ url, method: 'GET' });
    // WHEN the card fetches a permitted URL, a missing route and a foreign host
    const answered = await send('http://127.0.0.1:9/api/settings');
    const missing = await send('http://127.0.0.1:9/api/missing');
    const foreign = await send('https://elsewhere.example.com/api/settings');
    // THEN only the permitted calls reached the backend, and failures look alike to the card
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ ok: true });
    expect(missing.status).toBe(502);
    expect(missing.text).not.toContain('not here');
    expect(foreign.status).toBe(502);
    expect(foreign.body.failure).toBe('not_permitted');
    expect(seen).toEqual(['http://127.0.0.1:9/api/settings', 'http://127.0.0.1:9/api/missing']);
  });
});
