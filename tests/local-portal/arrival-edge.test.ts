import { ARRIVAL_HEADER, startArrivalEdge } from '../../src/local-portal/arrival-edge.ts';
import type { ArrivalEdge } from '../../src/local-portal/arrival-edge.ts';
import { createManualClock } from '../../src/local-portal/clock.ts';
import { createRateLimiter } from '../../src/local-portal/rate-limit.ts';
import { startPortal } from './portal-harness.ts';
import type { RunningPortal } from './portal-harness.ts';

const SEARCH = '/crm/v3/objects/contacts/search';

describe('counting a request when it arrived', () => {
  it('counts by the arrival time it is given, not by when the limiter gets to it', () => {
    // GIVEN one search per second and a limiter whose clock reads 5,000 ms for every request
    const clock = createManualClock(5_000);
    const limiter = createRateLimiter({ searchPerSecond: 1 }, clock.now);
    // WHEN two searches that arrived 1,001 ms apart are counted in the same instant
    // THEN both pass, as HubSpot, which counts at arrival, would have let them
    expect(limiter.take('k', 'search', 3_000).allowed).toBe(true);
    expect(limiter.take('k', 'search', 4_001).allowed).toBe(true);
    // AND one without an arrival time counts now, 999 ms after the last: refused
    expect(limiter.take('k', 'search').allowed).toBe(false);
  });
});

describe('the arrival edge in front of the local portal', () => {
  let running: RunningPortal | undefined;
  let edge: ArrivalEdge | undefined;
  afterEach(async () => {
    await edge?.close();
    await running?.close();
    edge = undefined;
    running = undefined;
  });

  const post = (base: string, token: string, path: string, body: object, headers = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it('passes requests and answers through unchanged and counts searches at their arrival', async () => {
    // GIVEN a portal counting at arrival, one search per second, whose own clock stands still
    running = await startPortal({ countAtArrival: true, rateLimit: { searchPerSecond: 1 } });
    edge = await startArrivalEdge({ targetPort: Number(new URL(running.url).port) });
    const token = running.portal.oauth.issueTokens({ portalId: 2026001 }).access_token;

    // WHEN a contact is created through the edge
    const created = await post(edge.url, token, '/crm/v3/objects/contacts', {
      properties: { email: 'edge@example.com', firstname: 'Edda' },
    });
    // THEN the portal's answer comes back as it was: status, HubSpot's headers, body
    expect(created.status).toBe(201);
    expect(created.headers.get('x-hubspot-ratelimit-max')).toBe('110');
    const contact = (await created.json()) as { id: string; properties: Record<string, string> };
    expect(contact.properties.firstname).toBe('Edda');
    expect(running.portal.registry.ensure(2026001).getObject('contacts', contact.id)).toBeDefined();

    // WHEN two searches arrive a little more than a second apart (by the wall clock)
    const search = { filterGroups: [], limit: 1 };
    expect((await post(edge.url, token, SEARCH, search)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    // THEN the second passes too: counted by its arrival, not by the portal's still clock
    expect((await post(edge.url, token, SEARCH, search)).status).toBe(200);
    // AND a search straight to the portal, unstamped, is counted on that clock: refused
    expect((await post(running.url, token, SEARCH, search)).status).toBe(429);
  });

  it('counts on the portal’s own clock when it is not told to trust arrival stamps', async () => {
    // GIVEN a portal that does not count at arrival, behind the edge
    running = await startPortal({ rateLimit: { searchPerSecond: 1 } });
    edge = await startArrivalEdge({ targetPort: Number(new URL(running.url).port) });
    const token = running.portal.oauth.issueTokens({ portalId: 2026001 }).access_token;
    const search = { filterGroups: [], limit: 1 };
    // WHEN a second search claims to have arrived later
    expect((await post(edge.url, token, SEARCH, search)).status).toBe(200);
    const forged = await post(running.url, token, SEARCH, search, {
      [ARRIVAL_HEADER]: String(Date.now() + 60_000),
    });
    // THEN the claim is ignored: the portal's clock stood still, so it is refused
    expect(forged.status).toBe(429);
  });
});
