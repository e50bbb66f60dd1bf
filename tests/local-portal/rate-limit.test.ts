import { createManualClock } from '../../src/local-portal/clock.ts';
import {
  createRateLimiter,
  createSearchSecondlyBody,
  createTenSecondlyBody,
  isSearchRequest,
} from '../../src/local-portal/rate-limit.ts';

describe('the rolling rate limits', () => {
  it('refuses the 111th request within ten seconds and admits it once the window rolls on', () => {
    // GIVEN HubSpot's default limits and a clock standing still
    const clock = createManualClock();
    const limiter = createRateLimiter({}, clock.now);
    // WHEN 110 requests are made in the same instant
    for (let call = 1; call <= 110; call += 1) {
      expect(limiter.take('1:2026001', 'standard')).toMatchObject({
        allowed: true,
        remaining: 110 - call,
      });
    }
    // THEN the 111th is refused, with the headers' values
    expect(limiter.take('1:2026001', 'standard')).toEqual({
      allowed: false,
      kind: 'standard',
      max: 110,
      remaining: 0,
      intervalMs: 10_000,
    });
    // AND a rolling window admits it again ten seconds after the first request
    clock.advance(9_999);
    expect(limiter.take('1:2026001', 'standard').allowed).toBe(false);
    clock.advance(1);
    expect(limiter.take('1:2026001', 'standard').allowed).toBe(true);
  });

  it('counts each portal separately', () => {
    const limiter = createRateLimiter({ perTenSeconds: 1 }, createManualClock().now);
    expect(limiter.take('1:1', 'standard').allowed).toBe(true);
    expect(limiter.take('1:1', 'standard').allowed).toBe(false);
    expect(limiter.take('1:2', 'standard').allowed).toBe(true);
  });

  it('limits search to five per second without spending the ten-second budget', () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ perTenSeconds: 2 }, clock.now);
    for (let call = 0; call < 5; call += 1) {
      expect(limiter.take('k', 'search').allowed).toBe(true);
    }
    expect(limiter.take('k', 'search')).toMatchObject({ allowed: false, max: 5, intervalMs: 1000 });
    expect(limiter.take('k', 'standard').allowed).toBe(true);
    clock.advance(1000);
    expect(limiter.take('k', 'search').allowed).toBe(true);
  });

  it('shrinks the windows by the scale factor and forgets counts when reconfigured', () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ perTenSeconds: 1, scale: 0.01 }, clock.now);
    expect(limiter.take('k', 'standard')).toMatchObject({ allowed: true, intervalMs: 100 });
    expect(limiter.take('k', 'standard').allowed).toBe(false);
    clock.advance(100);
    expect(limiter.take('k', 'standard').allowed).toBe(true);
    limiter.configure({ perTenSeconds: 3 });
    expect(limiter.settings()).toEqual({ perTenSeconds: 3, searchPerSecond: 5, scale: 0.01 });
    expect(limiter.take('k', 'standard').remaining).toBe(2);
  });

  it('tells search requests apart', () => {
    expect(isSearchRequest('POST', '/crm/v3/objects/contacts/search')).toBe(true);
    expect(isSearchRequest('GET', '/crm/v3/objects/contacts/search')).toBe(false);
    expect(isSearchRequest('POST', '/crm/v3/objects/contacts/batch/read')).toBe(false);
  });

  it('answers with the bodies @hubspot/api-client’s retry decorator recognises', () => {
    expect(createTenSecondlyBody(1, 7)).toMatchObject({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: expect.stringContaining('7'),
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(createSearchSecondlyBody()).toMatchObject({
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
    });
  });
});
