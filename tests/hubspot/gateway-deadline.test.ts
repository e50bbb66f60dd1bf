// A card request has hubspot.fetch's 15 s in all: with a deadline, the gateway never sleeps past
// it (no 10 s Retry-After wait inside a card), it fails at once saying how long HubSpot asked for.
// Paths are matched loosely: the cases are about waiting, not about which API version is called.
import nock from 'nock';
import { HubSpotRateLimitError } from '../../src/hubspot/errors.ts';
import { createHubSpotGateway } from '../../src/hubspot/hubspot-gateway.ts';
import { createRateLimiter, DEFAULT_RATE_LIMITS } from '../../src/hubspot/rate-limiter.ts';

const BASE = 'https://api.hubapi.test';
const CONTACT_7 = /\/crm\/.*contacts\/7/;

/** A gateway on a fake clock; every wait (limiter or retry) advances it and is recorded. */
function setup() {
  const clock = { now: 1_000_000, waits: [] as number[] };
  const sleep = async (ms: number) => {
    clock.waits.push(ms);
    clock.now += ms;
  };
  const limiter = createRateLimiter({ now: () => clock.now, sleep });
  const gateway = createHubSpotGateway({
    portalId: 123,
    basePath: BASE,
    getAccessToken: async () => 'token-123',
    limiter,
    retry: { maxAttempts: 4, baseDelayMs: 100 },
    sleep,
    now: () => clock.now,
    random: () => 0.5,
  });
  return { gateway, clock, limiter };
}

const tenSecondly = {
  status: 'error',
  message: 'You have reached your ten_secondly_rolling limit.',
  errorType: 'RATE_LIMIT',
  policyName: 'TEN_SECONDLY_ROLLING',
};
const contact = {
  id: '7',
  properties: { email: 'a@x.test' },
  createdAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  archived: false,
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('HubSpot gateway with a deadline', () => {
  it('fails at once on a 429 whose Retry-After would pass the deadline, without sleeping', async () => {
    // GIVEN a card request with 10 s left and HubSpot answering 429, Retry-After 10 s
    const { gateway, clock } = setup();
    const scope = nock(BASE)
      .get(CONTACT_7)
      .query(true)
      .reply(429, tenSecondly, { 'Retry-After': '10' });
    // WHEN the card reads the contact
    const error = await gateway
      .withDeadline(clock.now + 10_000)
      .getContact('7', ['email'])
      .catch((failure: unknown) => failure);
    // THEN it fails now, saying how long to wait, having called HubSpot once and slept never
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 10_000, policyName: 'TEN_SECONDLY_ROLLING' });
    expect(clock.waits).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('still retries a 429 whose wait fits before the deadline', async () => {
    const { gateway, clock } = setup();
    const scope = nock(BASE)
      .get(CONTACT_7)
      .query(true)
      .reply(429, tenSecondly, { 'Retry-After': '1' })
      .get(CONTACT_7)
      .query(true)
      .reply(200, contact);
    const read = await gateway.withDeadline(clock.now + 10_000).getContact('7', ['email']);
    expect(read.properties.email).toBe('a@x.test');
    expect(clock.waits).toEqual([1_000]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('does not queue behind the budget past the deadline (no HubSpot call)', async () => {
    // GIVEN a budget used up for the next 10.25 s (10 s and the margin)
    const { gateway, clock, limiter } = setup();
    for (let i = 0; i < 110; i += 1) await limiter.acquire('standard', 'interactive');
    // WHEN a card with 10 s left reads THEN it is refused at once with the time until a slot frees
    const error = await gateway
      .withDeadline(clock.now + 10_000)
      .getContact('7', ['email'])
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(error).toMatchObject({
      policyName: 'LOCAL_BUDGET',
      retryAfterMs: 10_000 + DEFAULT_RATE_LIMITS.jitterMarginMs,
    });
    expect(clock.waits).toEqual([]);
  });

  it('without a deadline waits out the same 429 (background work may)', async () => {
    const { gateway, clock } = setup();
    const scope = nock(BASE)
      .get(CONTACT_7)
      .query(true)
      .reply(429, tenSecondly, { 'Retry-After': '10' })
      .get(CONTACT_7)
      .query(true)
      .reply(200, contact);
    await gateway.getContact('7', ['email']);
    expect(clock.waits).toEqual([10_000]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
