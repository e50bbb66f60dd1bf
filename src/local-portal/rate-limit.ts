// HubSpot's API limits for OAuth apps, per app and installed portal:
// https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
// - 110 requests per rolling 10 seconds ("TEN_SECONDLY_ROLLING"), the CRM search API excluded;
// - the CRM search API separately: 5 requests per second;
// - responses carry X-HubSpot-RateLimit-Max / -Remaining / -Interval-Milliseconds
//   (https://developers.hubspot.com/changelog/rate-limit-headers-will-now-appear-for-oauth-authenticated-calls);
//   search responses do not carry them (as this project's brief states; not confirmed in the stored
//   copy of the docs).
// The 429 bodies carry the fields @hubspot/api-client's retry decorator reads: `policyName`
// TEN_SECONDLY_ROLLING (waits 10 s × attempt) and the message "You have reached your secondly
// limit." for search (waits 1 s × attempt) — node_modules/@hubspot/api-client/lib/src/services/decorators/RetryDecorator.js.
import type { NextFunction, Request, Response } from 'express';
import { arrivalOf } from './arrival-edge.ts';
import type { Clock } from './clock.ts';
import { createErrorBody, sendError } from './hubspot-errors.ts';

export const TEN_SECONDS_MS = 10_000;
export const ONE_SECOND_MS = 1_000;

/** Which of HubSpot's limits a request counts against. */
export type LimitKind = 'standard' | 'search';

/** The configurable limits; `scale` multiplies the window lengths (0.01 → a 100 ms "ten seconds"). */
export interface RateLimitSettings {
  perTenSeconds: number;
  searchPerSecond: number;
  scale: number;
}

/** The outcome of counting one request. */
export interface RateLimitDecision {
  allowed: boolean;
  kind: LimitKind;
  max: number;
  remaining: number;
  intervalMs: number;
}

/** Rolling-window counters per key (one key per app and portal). */
export interface RateLimiter {
  /**
   * Counts a request for `key` if the window has room and says whether it may proceed; `at` is
   * when it arrived (default: now by the limiter's clock).
   */
  take(key: string, kind: LimitKind, at?: number): RateLimitDecision;
  /** Current settings. */
  settings(): RateLimitSettings;
  /** Changes the limits (e.g. a tiny window for tests); clears the windows. */
  configure(settings: Partial<RateLimitSettings>): RateLimitSettings;
  /** Forgets every counted request. */
  reset(): void;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  perTenSeconds: 110,
  searchPerSecond: 5,
  scale: 1,
};

/** Creates a rolling-window limiter driven by `clock`. */
export function createRateLimiter(
  settings: Partial<RateLimitSettings> = {},
  clock: Clock = Date.now,
): RateLimiter {
  let current: RateLimitSettings = { ...DEFAULT_RATE_LIMITS, ...settings };
  // Timestamps (ms) of accepted requests per `${kind}:${key}`; a rolling window, not a fixed bucket.
  const windows = new Map<string, number[]>();

  function take(key: string, kind: LimitKind, at?: number): RateLimitDecision {
    const max = kind === 'search' ? current.searchPerSecond : current.perTenSeconds;
    const intervalMs = Math.max(
      1,
      Math.round((kind === 'search' ? ONE_SECOND_MS : TEN_SECONDS_MS) * current.scale),
    );
    const now = at ?? clock();
    const windowKey = `${kind}:${key}`;
    const stamps = (windows.get(windowKey) ?? []).filter((stamp) => stamp > now - intervalMs);
    windows.set(windowKey, stamps);
    if (stamps.length >= max) {
      return { allowed: false, kind, max, remaining: 0, intervalMs };
    }
    stamps.push(now);
    return { allowed: true, kind, max, remaining: max - stamps.length, intervalMs };
  }

  return {
    take,
    settings: () => ({ ...current }),
    configure(next) {
      current = { ...current, ...next };
      windows.clear();
      return { ...current };
    },
    reset: () => windows.clear(),
  };
}

/** True for the CRM search endpoints (POST /crm/v3/objects/{type}/search), limited separately. */
export function isSearchRequest(method: string, path: string): boolean {
  return method.toUpperCase() === 'POST' && /\/search\/?$/.test(path);
}

// HubSpot's published 429 examples carry no category, but every 2026-09 spec's Error schema requires
// one; RATE_LIMITS is the category HubSpot's error-handling page lists for 429s
// (https://developers.hubspot.com/docs/api-reference/error-handling). Extra fields break no parser.
const RATE_LIMIT_CATEGORY = 'RATE_LIMITS';

/** HubSpot's 429 body for the rolling ten-second limit. */
export function createTenSecondlyBody(
  appId: number,
  portalId: number,
): ReturnType<typeof createErrorBody> {
  return createErrorBody('You have reached your ten_secondly_rolling limit.', RATE_LIMIT_CATEGORY, {
    errorType: 'RATE_LIMIT',
    policyName: 'TEN_SECONDLY_ROLLING',
    // The group names the app and portal the window belongs to (exact format unconfirmed).
    groupName: `publicapi:oauth:${appId}:${portalId}`,
  });
}

/** HubSpot's 429 body for the search API's per-second limit. */
export function createSearchSecondlyBody(): ReturnType<typeof createErrorBody> {
  return createErrorBody('You have reached your secondly limit.', RATE_LIMIT_CATEGORY, {
    errorType: 'RATE_LIMIT',
    policyName: 'SECONDLY',
    groupName: 'publicapi:crm-search',
  });
}

/**
 * Express middleware applying the limits per app and portal (portal from `res.locals.portalId`).
 * With `countAtArrival`, a request is counted at the arrival time the arrival edge stamped on it
 * (arrival-edge.ts), as HubSpot counts it, not when this middleware gets to it.
 */
export function createRateLimitMiddleware(
  limiter: RateLimiter,
  appId: number,
  options: { countAtArrival?: boolean } = {},
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const portalId = Number(res.locals.portalId);
    const kind: LimitKind = isSearchRequest(req.method, req.path) ? 'search' : 'standard';
    const at = options.countAtArrival ? arrivalOf(req.headers) : undefined;
    const decision = limiter.take(`${appId}:${portalId}`, kind, at);
    if (kind === 'standard') {
      res.setHeader('X-HubSpot-RateLimit-Max', String(decision.max));
      res.setHeader('X-HubSpot-RateLimit-Remaining', String(decision.remaining));
      res.setHeader('X-HubSpot-RateLimit-Interval-Milliseconds', String(decision.intervalMs));
    }
    if (decision.allowed) {
      next();
      return;
    }
    sendError(
      res,
      429,
      kind === 'search' ? createSearchSecondlyBody() : createTenSecondlyBody(appId, portalId),
    );
  };
}
