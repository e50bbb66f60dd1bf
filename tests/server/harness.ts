// Backend + local portal, wired over HTTP exactly as in production: HubSpot (the local portal)
// signs every call into the backend, and the backend calls HubSpot's API paths on the portal.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalPortal, type LocalPortal } from '../../src/local-portal/server.ts';
import { seedDemoPortal, type SeedSummary } from '../../src/local-portal/seed.ts';
import type { HistoryOptions } from '../../src/local-portal/seed-history.ts';
import { createBackend, type Backend, type BackendOverrides } from '../../src/server/backend.ts';
import { parseConfig } from '../../src/runtime/config.ts';
import { createLogger } from '../../src/runtime/logger.ts';

export interface Harness {
  backendUrl: string;
  portal: LocalPortal;
  backend: Backend;
  demoPortalId: number;
  seed: SeedSummary;
  /** Calls the card API as a card would: through HubSpot's signing proxy. */
  card<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    portalId?: number,
  ): Promise<{
    ok: boolean;
    data?: T;
    error?: {
      code: string;
      message: { en: string; de: string };
      fields?: { path: string; message: string }[];
      current?: unknown;
      changedFields?: string[];
    };
  }>;
  install(portalId: number): Promise<string>;
  /**
   * Saves the demo portal's hand-off rules through the settings API: the seed's first marketing
   * owner, its first two sales owners for round robin, and `extra` lifecycle settings.
   */
  setHandOffRules(extra?: Record<string, unknown>): Promise<{ ok: boolean }>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts a local portal (seeded) and a backend against it; installs the app into the demo portal. */
export async function startHarness(
  options: {
    /** Keep HubSpot's rate limits (110 requests / 10 s per portal) in the backend and the portal. */
    hubspotLimits?: boolean;
    contacts?: number;
    /** Seed months of loop history (src/local-portal/seed-history.ts). */
    history?: HistoryOptions;
    overrides?: BackendOverrides;
    databaseUrl?: string;
    /** The local portal's clock (tests that move the backend's clock move HubSpot's with it). */
    portalClock?: () => number;
  } = {},
): Promise<Harness> {
  const backendServer = createServer();
  const backendUrl = await listen(backendServer);
  const portal = createLocalPortal({
    publicBaseUrl: backendUrl,
    webhookPath: '/hubspot/webhooks',
    seed: 7,
    ...(options.portalClock ? { clock: options.portalClock } : {}),
    rateLimit: options.hubspotLimits
      ? { perTenSeconds: 110, searchPerSecond: 5 }
      : { perTenSeconds: 100_000, searchPerSecond: 10_000 },
  });
  const seed = seedDemoPortal(portal.registry.ensure(portal.demoPortalId), {
    seed: 42,
    contacts: options.contacts ?? 30,
    ...(options.history === undefined ? {} : { history: options.history }),
  });
  const portalHandle = await portal.listen(0);
  const config = parseConfig({
    PUBLIC_BASE_URL: backendUrl,
    HUBSPOT_API_BASE_URL: portalHandle.url,
    HUBSPOT_AUTHORIZE_URL: `${portalHandle.url}/oauth/authorize`,
    DATABASE_URL: options.databaseUrl ?? ':memory:',
    LOG_LEVEL: 'silent',
  });
  // The backend's own per-portal budget is HubSpot's 110 / 10 s; tests raise it (like the local
  // portal's) unless they measure behaviour at HubSpot's real limits.
  const backend = await createBackend(config, {
    logger: createLogger('silent'),
    // Tests count HubSpot calls: no background scoring after install.
    scoreOnInstall: false,
    // Tests assert right after a delivery: the answer waits for the work unless a test (or the
    // bench) asks for the production default, `queued`.
    webhookAck: 'processed',
    ...(options.hubspotLimits
      ? {}
      : { rateLimits: { maxRequests: 100_000, maxSearchRequests: 10_000 } }),
    ...options.overrides,
  });
  backendServer.on('request', backend.app);
  const harness: Harness = {
    backendUrl,
    portal,
    backend,
    demoPortalId: portal.demoPortalId,
    seed,
    async card(method, path, body, portalId = portal.demoPortalId) {
      const response = await portal.appCaller.proxyFetch({
        url: `${backendUrl}${path}`,
        method,
        ...(body === undefined ? {} : { body }),
        portalId,
        userId: 501,
        userEmail: 'seller@example.com',
      });
      if (response.status !== 200)
        throw new Error(`card API answered ${response.status}: ${response.body}`);
      return JSON.parse(response.body);
    },
    async setHandOffRules(extra = {}) {
      const current = await harness.card<{ version: number; settings: Record<string, unknown> }>(
        'GET',
        '/api/settings',
      );
      if (!current.ok) return current;
      const settings = current.data!.settings as { lifecycle: Record<string, unknown> };
      return harness.card('PUT', '/api/settings', {
        version: current.data!.version,
        settings: {
          ...settings,
          lifecycle: {
            ...settings.lifecycle,
            marketingOwnerId: seed.marketingOwnerIds[0],
            salesOwnerIds: seed.salesOwnerIds.slice(0, 2),
            ...extra,
          },
        },
      });
    },
    async install(portalId) {
      const response = await fetch(`${backendUrl}/oauth/install?portal_id=${portalId}`);
      return `${response.status} ${await response.text()}`;
    },
    async close() {
      await new Promise<void>((resolve) => backendServer.close(() => resolve()));
      backendServer.closeAllConnections();
      await portalHandle.close();
      await backend.close();
    },
  };
  return harness;
}
