// The whole product in-process for the browser tests, wired as `npm start` wires it: a seeded local
// portal (with the app's webhook subscriptions and the card preview), a backend against it on its
// own port, and the app installed into the demo portal through the real OAuth flow.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalPortal } from '../../src/local-portal/server.ts';
import type { LocalPortal } from '../../src/local-portal/server.ts';
import { seedDemoPortal } from '../../src/local-portal/seed.ts';
import type { HistoryOptions } from '../../src/local-portal/seed-history.ts';
import type { SeedSummary } from '../../src/local-portal/seed.ts';
import { createBackend } from '../../src/server/backend.ts';
import type { Backend } from '../../src/server/backend.ts';
import { parseConfig } from '../../src/runtime/config.ts';
import { createLogger } from '../../src/runtime/logger.ts';

/** A running local portal + backend. */
export interface Stack {
  portal: LocalPortal;
  portalUrl: string;
  backend: Backend;
  backendUrl: string;
  seed: SeedSummary;
  /** Calls the card API as a card does, through HubSpot's signing proxy. */
  card<T>(method: string, path: string, body?: unknown): Promise<{ ok: boolean; data?: T }>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts the stack; `webhookSubscriptions` are the app's (from webhooks-hsmeta.json). */
export async function startStack(options: {
  webhookSubscriptions: { subscriptionType: string; propertyName?: string }[];
  contacts?: number;
  /** Seed months of loop history (see src/local-portal/seed-history.ts). */
  history?: HistoryOptions;
  /** Whether the demo portal has HubSpot's Leads object (default: it has). */
  leadsObject?: boolean;
}): Promise<Stack> {
  const backendServer = createServer();
  const backendUrl = await listen(backendServer);
  const portal = createLocalPortal({
    publicBaseUrl: backendUrl,
    webhookPath: '/hubspot/webhooks',
    seed: 7,
    rateLimit: { perTenSeconds: 100_000, searchPerSecond: 10_000 },
    ...(options.leadsObject === undefined
      ? {}
      : { leadsObject: { enabledByDefault: options.leadsObject } }),
  });
  const seed = seedDemoPortal(portal.registry.ensure(portal.demoPortalId), {
    seed: 42,
    contacts: options.contacts ?? 30,
    ...(options.history === undefined ? {} : { history: options.history }),
  });
  for (const subscription of options.webhookSubscriptions) portal.appCaller.subscribe(subscription);
  const portalHandle = await portal.listen(0);
  const config = parseConfig({
    PUBLIC_BASE_URL: backendUrl,
    HUBSPOT_API_BASE_URL: portalHandle.url,
    HUBSPOT_AUTHORIZE_URL: `${portalHandle.url}/oauth/authorize`,
    DATABASE_URL: ':memory:',
    LOG_LEVEL: 'silent',
  });
  // The portal's limits are raised above (the story is not a load test): raise the backend's own
  // per-portal budget alike, so webhooks are not deferred for budget (that is tested elsewhere).
  const backend = await createBackend(config, {
    logger: createLogger('silent'),
    // Tests count HubSpot calls: no background scoring after install.
    scoreOnInstall: false,
    rateLimits: { maxRequests: 100_000, maxSearchRequests: 10_000 },
    // The story checks each step right after HubSpot's delivery: the answer waits for the work.
    webhookAck: 'processed',
  });
  backendServer.on('request', backend.app);
  const install = await fetch(`${backendUrl}/oauth/install?portal_id=${portal.demoPortalId}`);
  if (!install.ok) {
    throw new Error(`Installing the app failed: HTTP ${install.status} ${await install.text()}`);
  }
  // Events of the seeding and the install are not part of the story.
  await portal.appCaller.flushWebhooks();
  return {
    portal,
    portalUrl: portalHandle.url,
    backend,
    backendUrl,
    seed,
    async card(method, path, body) {
      const response = await portal.appCaller.proxyFetch({
        url: `${backendUrl}${path}`,
        method,
        ...(body === undefined ? {} : { body }),
        portalId: portal.demoPortalId,
        userId: 501,
        userEmail: 'e2e@example.com',
      });
      if (response.status !== 200) {
        throw new Error(`card API answered ${response.status}: ${response.body}`);
      }
      return JSON.parse(response.body);
    },
    async close() {
      await new Promise<void>((resolve) => backendServer.close(() => resolve()));
      backendServer.closeAllConnections();
      await portalHandle.close();
      await backend.close();
    },
  };
}

/** The parts of a Playwright page the plan-card helpers use (kept structural: no import needed). */
interface PlanPage {
  getByTestId(testId: string): {
    getAttribute(name: string): Promise<string | null>;
    click(): Promise<void>;
    waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden' }): Promise<void>;
  };
}

/** Opens a plan section's accordion on the deal card (a no-op when it is open already). */
export async function openPlanSection(page: PlanPage, section: string): Promise<void> {
  const toggle = page.getByTestId(`plan-section-${section}-toggle`);
  await toggle.waitFor();
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Saves the plan card's changes from its one Save bar and waits until the bar is gone. */
export async function savePlan(page: PlanPage): Promise<void> {
  await page.getByTestId('plan-save').click();
  await page.getByTestId('plan-bar').waitFor({ state: 'detached' });
}
