// hubspot.fetch as HubSpot's proxy runs it, for the card preview: HubSpot sits between a card and
// the app's backend, and it is stricter than a plain fetch. The contract, and where each part
// stands:
// Documented (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data,
// summarised in ../shared/HUBSPOT.md "hubspot.fetch"): only URLs listed in the app's
// `permittedUrls.fetch`; default timeout 15 s, at most 120 s; one automatic retry on a connection
// failure or a 5xx; request bodies of at most 1 MB; at most 20 requests in flight per portal; any
// status outside 2xx reaches the card as an error without the response; only the Authorization
// header is passed on; the request is signed (v3) so the backend can authenticate it.
// Inferred (not stated on the page): that "listed" means the URL starts with a listed URL (same
// origin, path prefix); that a timeout is not retried; that a timeout above 120 s, a body over
// 1 MB or a 21st concurrent request is refused before anything is sent rather than clamped or
// queued; that the 1 MB limit holds for the answer too; and that HubSpot adds `appId`, `portalId`
// and `userId` (and `userEmail`) to the query string before signing (HubSpot's own dev-server tests
// sign such URLs; the SDK declares `ProxyMetadata {userEmail, userId, portalId}`) — that last one is
// kept in one place, app-caller.ts `addProxyMetadata`. HTTPS and "not localhost" are documented too,
// but not enforced here: the preview's backend is the local one (`npm start`), as with HubSpot's
// own local development proxy.
import type { AppResponse, ProxyFetchCall } from '../app-caller.ts';

/** HubSpot's limits on hubspot.fetch (see the header comment). */
export const HUBSPOT_FETCH_LIMITS = {
  defaultTimeoutMs: 15_000,
  maxTimeoutMs: 120_000,
  maxBodyBytes: 1_000_000,
  maxConcurrentPerPortal: 20,
  /** Extra attempts after a 5xx or a connection failure. */
  retries: 1,
} as const;

/** Why a hubspot.fetch failed; the card never sees it, only the preview's console does. */
export type HubSpotFetchFailure =
  | 'not_permitted'
  | 'invalid_timeout'
  | 'body_too_large'
  | 'too_many_concurrent'
  | 'timeout'
  | 'connection'
  | 'http_status'
  | 'response_too_large';

/** What came of one hubspot.fetch. */
export type HubSpotFetchResult =
  | { ok: true; response: AppResponse; attempts: number }
  | { ok: false; failure: HubSpotFetchFailure; detail: string; attempts: number };

/** One hubspot.fetch as a card makes it, with who makes it (from the CRM page, never the card). */
export interface HubSpotFetchRequest {
  url: string;
  method: string;
  body?: unknown;
  timeoutMs?: number;
  authorization?: string;
  portalId: number;
  userId: number;
  userEmail: string;
}

/** Replaces `${NAME}` with the profile's variables; a variable the profile lacks is an error. */
export function resolveProfileVariables(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined)
      throw new Error(`The profile sets no variable ${name}, which permittedUrls.fetch uses.`);
    return value;
  });
}

/** `config.permittedUrls.fetch` of app-hsmeta.json's text, with the profile's variables put in. */
export function readPermittedFetchUrls(
  appMetaText: string,
  variables: Record<string, string>,
): string[] {
  const parsed = JSON.parse(appMetaText) as {
    config?: { permittedUrls?: { fetch?: unknown } };
  };
  const listed = parsed.config?.permittedUrls?.fetch;
  if (!Array.isArray(listed) || !listed.every((entry) => typeof entry === 'string'))
    throw new Error('app-hsmeta.json has no config.permittedUrls.fetch list of URLs.');
  return listed.map((entry) => resolveProfileVariables(entry, variables));
}

/** Whether `url` lies under one of the permitted URLs: same origin, and its path under theirs. */
export function isPermittedUrl(url: string, permitted: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  return permitted.some((entry) => {
    let allowed: URL;
    try {
      allowed = new URL(entry);
    } catch {
      return false;
    }
    if (allowed.origin !== target.origin) return false;
    const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return target.pathname === allowed.pathname || target.pathname.startsWith(prefix);
  });
}

/** What the proxy sends through: the local portal's signed transport (appCaller.proxyFetch). */
export type SignedFetch = (call: ProxyFetchCall) => Promise<AppResponse>;

/** The proxy, with its per-portal concurrency. */
export interface HubSpotFetchProxy {
  fetch(request: HubSpotFetchRequest): Promise<HubSpotFetchResult>;
  /** Requests now in flight for a portal. */
  inFlight(portalId: number): number;
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** Creates the proxy over a signed transport and the app's resolved permitted URLs. */
export function createHubSpotFetchProxy(options: {
  permittedUrls: readonly string[];
  send: SignedFetch;
}): HubSpotFetchProxy {
  const inFlight = new Map<number, number>();
  const limits = HUBSPOT_FETCH_LIMITS;

  async function attempt(request: HubSpotFetchRequest, timeoutMs: number) {
    return options.send({
      url: request.url,
      method: request.method,
      ...(request.body === undefined ? {} : { body: request.body }),
      portalId: request.portalId,
      userId: request.userId,
      userEmail: request.userEmail,
      ...(request.authorization ? { authorization: request.authorization } : {}),
      timeoutMs,
    });
  }

  return {
    inFlight: (portalId) => inFlight.get(portalId) ?? 0,
    async fetch(request) {
      const refuse = (failure: HubSpotFetchFailure, detail: string): HubSpotFetchResult => ({
        ok: false,
        failure,
        detail,
        attempts: 0,
      });
      if (!isPermittedUrl(request.url, options.permittedUrls))
        return refuse(
          'not_permitted',
          `${request.url} is not under the app's permittedUrls.fetch (${options.permittedUrls.join(', ')})`,
        );
      const timeoutMs = request.timeoutMs ?? limits.defaultTimeoutMs;
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > limits.maxTimeoutMs)
        return refuse(
          'invalid_timeout',
          `timeout ${timeoutMs} ms is outside 1–${limits.maxTimeoutMs} ms`,
        );
      const method = request.method.toUpperCase();
      const bodyBytes =
        method === 'GET' || request.body === undefined
          ? 0
          : Buffer.byteLength(JSON.stringify(request.body));
      if (bodyBytes > limits.maxBodyBytes)
        return refuse(
          'body_too_large',
          `the body has ${bodyBytes} bytes; at most ${limits.maxBodyBytes}`,
        );
      const running = inFlight.get(request.portalId) ?? 0;
      if (running >= limits.maxConcurrentPerPortal)
        return refuse(
          'too_many_concurrent',
          `${running} requests of portal ${request.portalId} are in flight; at most ${limits.maxConcurrentPerPortal}`,
        );

      inFlight.set(request.portalId, running + 1);
      try {
        let attempts = 0;
        for (;;) {
          attempts += 1;
          const retryLeft = attempts <= limits.retries;
          let response: AppResponse;
          try {
            response = await attempt({ ...request, method }, timeoutMs);
          } catch (error) {
            if (isTimeout(error))
              return {
                ok: false,
                failure: 'timeout',
                detail: `no answer within ${timeoutMs} ms`,
                attempts,
              };
            if (retryLeft) continue;
            return { ok: false, failure: 'connection', detail: String(error), attempts };
          }
          if (response.status >= 500 && retryLeft) continue;
          if (response.status < 200 || response.status > 299)
            return {
              ok: false,
              failure: 'http_status',
              detail: `the backend answered ${response.status}`,
              attempts,
            };
          if (Buffer.byteLength(response.body) > limits.maxBodyBytes)
            return {
              ok: false,
              failure: 'response_too_large',
              detail: `the answer has more than ${limits.maxBodyBytes} bytes`,
              attempts,
            };
          return { ok: true, response, attempts };
        }
      } finally {
        const left = (inFlight.get(request.portalId) ?? 1) - 1;
        if (left > 0) inFlight.set(request.portalId, left);
        else inFlight.delete(request.portalId);
      }
    },
  };
}
