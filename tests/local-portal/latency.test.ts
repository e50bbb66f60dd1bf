// The latency model: seeded log-normal draws with the configured median and tail, per class of
// endpoint, applied before the answer. Every wait goes through an injected sleep; nothing here
// reads or asserts the wall clock.
import request from 'supertest';
import {
  applyLatencyOverrides,
  classifyCall,
  createLatencySampler,
  HUBSPOT_LATENCY_PROFILE,
  latencyOverridesSchema,
  logNormalParameters,
  type LatencyClass,
  type LatencyProfile,
} from '../../src/local-portal/latency.ts';
import { createManualClock } from '../../src/local-portal/clock.ts';
import { createLocalPortal } from '../../src/local-portal/server.ts';

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function draws(profile: LatencyProfile, latencyClass: LatencyClass, count: number, inputs = 0) {
  const sampler = createLatencySampler(profile, 7);
  return Array.from({ length: count }, () => sampler.draw(latencyClass, inputs)).sort(
    (a, b) => a - b,
  );
}

describe('the latency distribution', () => {
  it.each(['read', 'search', 'oauth', 'write'] as const)(
    'draws %s latencies whose median and p95 match the profile within 5 %%',
    (latencyClass) => {
      // GIVEN the HubSpot profile WHEN 20,000 latencies are drawn
      const sorted = draws(HUBSPOT_LATENCY_PROFILE, latencyClass, 20_000);
      const wanted = HUBSPOT_LATENCY_PROFILE.classes[latencyClass];
      // THEN the empirical median and p95 are the configured ones
      expect(quantile(sorted, 0.5)).toBeGreaterThan(wanted.medianMs * 0.95);
      expect(quantile(sorted, 0.5)).toBeLessThan(wanted.medianMs * 1.05);
      expect(quantile(sorted, 0.95)).toBeGreaterThan(wanted.p95Ms! * 0.95);
      expect(quantile(sorted, 0.95)).toBeLessThan(wanted.p95Ms! * 1.05);
    },
  );

  it('makes a batch write of 100 take about a second at the median, scaling the tail with it', () => {
    const sorted = draws(HUBSPOT_LATENCY_PROFILE, 'batchWrite', 20_000, 100);
    expect(quantile(sorted, 0.5)).toBeGreaterThan(950);
    expect(quantile(sorted, 0.5)).toBeLessThan(1050);
    // p95/median is the class's 330/150 = 2.2.
    expect(quantile(sorted, 0.95) / quantile(sorted, 0.5)).toBeGreaterThan(2.0);
    expect(quantile(sorted, 0.95) / quantile(sorted, 0.5)).toBeLessThan(2.4);
  });

  it('takes the tail as p99 when that is what is given', () => {
    const profile = applyLatencyOverrides(HUBSPOT_LATENCY_PROFILE, {
      search: { medianMs: 500, p99Ms: 3000 },
    });
    const sorted = draws(profile, 'search', 40_000);
    expect(quantile(sorted, 0.99)).toBeGreaterThan(3000 * 0.93);
    expect(quantile(sorted, 0.99)).toBeLessThan(3000 * 1.07);
    expect(logNormalParameters({ medianMs: 200 }).sigma).toBe(0);
  });

  it('repeats the same draws for the same seed and differs for another', () => {
    const first = createLatencySampler(HUBSPOT_LATENCY_PROFILE, 11);
    const again = createLatencySampler(HUBSPOT_LATENCY_PROFILE, 11);
    const other = createLatencySampler(HUBSPOT_LATENCY_PROFILE, 12);
    const take = (sampler: typeof first) => Array.from({ length: 5 }, () => sampler.draw('read'));
    const sequence = take(first);
    expect(take(again)).toEqual(sequence);
    expect(take(other)).not.toEqual(sequence);
  });

  it('never draws beyond the cap', () => {
    const profile = { ...HUBSPOT_LATENCY_PROFILE, maxMs: 500 };
    expect(Math.max(...draws(profile, 'search', 5_000))).toBeLessThanOrEqual(500);
  });

  it('refuses overrides that name an unknown class or a tail below the median', () => {
    expect(latencyOverridesSchema.safeParse({ serach: { medianMs: 1 } }).success).toBe(false);
    const result = latencyOverridesSchema.safeParse({ read: { medianMs: 300, p95Ms: 100 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['read']);
  });
});

describe('classifying HubSpot calls', () => {
  it.each([
    ['GET', '/crm/v3/objects/contacts/101', 'read'],
    ['GET', '/crm/objects/2026-09/deals/5', 'read'],
    ['PATCH', '/crm/v3/objects/deals/5', 'write'],
    ['POST', '/crm/v3/objects/contacts/search', 'search'],
    ['POST', '/crm/objects/2026-09/contacts/search', 'search'],
    ['POST', '/crm/v3/objects/contacts/batch/read', 'batchRead'],
    ['POST', '/crm/v4/associations/deals/contacts/batch/read', 'batchRead'],
    ['POST', '/crm/v3/objects/contacts/batch/update', 'batchWrite'],
    ['POST', '/crm/v4/associations/deals/contacts/batch/create', 'batchWrite'],
    ['POST', '/crm/v3/properties/deals', 'schema'],
    ['POST', '/crm/v4/associations/deals/contacts/labels', 'schema'],
    ['POST', '/oauth/v1/token', 'oauth'],
    ['POST', '/oauth/2026-09/token/introspect', 'oauth'],
  ])('%s %s is a %s call', (method, path, wanted) => {
    expect(classifyCall(method, path)).toBe(wanted);
  });

  it('leaves the authorize page, the control API and the preview alone', () => {
    expect(classifyCall('GET', '/oauth/authorize')).toBeUndefined();
    expect(classifyCall('GET', '/_local/counters')).toBeUndefined();
    expect(classifyCall('GET', '/preview')).toBeUndefined();
  });
});

describe('the latency middleware in the local portal', () => {
  it('holds each answer back by a draw of its class, and only HubSpot calls', async () => {
    // GIVEN a portal with the HubSpot profile and a sleep that records what it was asked to wait
    const waits: number[] = [];
    const clock = createManualClock();
    const portal = createLocalPortal({
      clock: clock.now,
      latency: HUBSPOT_LATENCY_PROFILE,
      latencyTiming: {
        sleep: async (ms) => {
          waits.push(ms);
        },
        // A fixed monotonic time: the portal's own processing time is not subtracted.
        now: () => 0,
      },
      seed: 3,
    });
    const token = portal.oauth.issueTokens({ portalId: portal.demoPortalId }).access_token;
    const auth = { authorization: `Bearer ${token}` };
    const created = await request(portal.app)
      .post('/crm/v3/objects/contacts')
      .set(auth)
      .send({ properties: { email: 'latency@example.com' } });
    expect(created.status).toBe(201);
    // WHEN 200 searches and 200 reads are made
    for (let index = 0; index < 200; index += 1) {
      await request(portal.app)
        .post('/crm/v3/objects/contacts/search')
        .set(auth)
        .send({ limit: 1 });
      await request(portal.app).get(`/crm/v3/objects/contacts/${created.body.id}`).set(auth);
    }
    await request(portal.app).get('/_local/counters');
    // THEN every HubSpot call waited once, the control call did not, and the classes' medians differ
    const stats = portal.latency!.stats();
    expect(stats.calls).toBe(401);
    expect(stats.byClass).toEqual({ write: 1, search: 200, read: 200 });
    expect(waits).toHaveLength(401);
    const searches = waits.filter((_, index) => index % 2 === 1).sort((a, b) => a - b);
    const reads = waits.filter((_, index) => index > 0 && index % 2 === 0).sort((a, b) => a - b);
    expect(quantile(searches, 0.5)).toBeGreaterThan(300);
    expect(quantile(searches, 0.5)).toBeLessThan(520);
    expect(quantile(reads, 0.5)).toBeGreaterThan(130);
    expect(quantile(reads, 0.5)).toBeLessThan(240);
    expect(portal.latencyProfile).toBe('hubspot');
  });

  it('is off by default: nothing is held back', async () => {
    const portal = createLocalPortal({ clock: createManualClock().now });
    expect(portal.latency).toBeUndefined();
    expect(portal.latencyProfile).toBe('off');
  });
});
