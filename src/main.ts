// `npm start`: the whole product locally, or the backend alone in production.
// Without HubSpot credentials (local mode) it starts the local portal (seeding a demo portal on
// first run, kept in ./data), the backend against it, installs the app into the demo portal
// through the real OAuth flow, and prints the URLs. With HUBSPOT_CLIENT_ID/HUBSPOT_CLIENT_SECRET
// set (and LOCAL_PORTAL unset) it starts the backend alone. Ctrl-C stops everything cleanly.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLocalPortalRealism, readWebhookSubscriptions } from './local-portal/config.ts';
import { seedDemoPortal } from './local-portal/seed.ts';
import { createLocalPortal, DEMO_PORTAL_ID } from './local-portal/server.ts';
import { DEFAULT_SETTINGS } from './domain/settings.ts';
import { createBackend } from './server/backend.ts';
import { ConfigError, parseConfig } from './runtime/config.ts';
import { createHttpServer } from './server/http/http-edges.ts';

const WEBHOOKS_CONFIG = 'extensions/app/webhooks/webhooks-hsmeta.json';

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const closers: (() => Promise<void>)[] = [];
  let localPortal:
    | {
        url: string;
        demoPortalId: number;
        teams: { marketing: string[]; sales: string[] };
        latencyProfile: string;
        searchLagMs: number;
      }
    | undefined;

  if (config.startLocalPortal) {
    mkdirSync('data', { recursive: true });
    const portal = createLocalPortal({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      publicBaseUrl: config.publicBaseUrl,
      webhookPath: '/hubspot/webhooks',
      autoDeliverWebhooks: true,
      persistPath: path.join('data', 'local-portal.sqlite'),
      // LOCAL_PORTAL_LATENCY, LOCAL_PORTAL_SEARCH_LAG_MS, … read as `npm run local-portal` reads them.
      ...parseLocalPortalRealism(process.env, DEMO_PORTAL_ID),
    });
    if (!portal.restoredFromDisk) {
      // With months of loop history, so the analytics page and the calibration tab have a past.
      seedDemoPortal(portal.registry.ensure(portal.demoPortalId), { seed: 42, history: {} });
      portal.scheduleSave();
    }
    // The demo data was there before the app: searchable at once, later writes lag.
    portal.searchIndex.catchUp();
    if (existsSync(WEBHOOKS_CONFIG)) {
      for (const subscription of readWebhookSubscriptions(readFileSync(WEBHOOKS_CONFIG, 'utf8'))) {
        portal.appCaller.subscribe(subscription);
      }
    }
    const server = await portal.listen(config.localPortalPort);
    closers.push(() => server.close());
    // The demo portal's owners come in a marketing and a sales team (see seed.ts).
    const owners = portal.registry.get(portal.demoPortalId)?.listOwners() ?? [];
    const team = (id: string) =>
      owners
        .filter((owner) => owner.teams?.some((t) => t.id === id))
        .map((owner) => String(owner.id));
    localPortal = {
      latencyProfile: portal.latencyProfile,
      searchLagMs: portal.searchIndex.lagMs(),
      url: server.url,
      demoPortalId: portal.demoPortalId,
      teams: { marketing: team('marketing'), sales: team('sales') },
    };
  }

  const backend = await createBackend(config);
  closers.unshift(() => backend.close());
  // Completes operations a failure left pending and takes over rescores of dead processes.
  backend.startBackgroundWork();
  // Server timeouts (headers, whole request, keep-alive) are set here: a peer that declares a body
  // and never sends it cannot hold a socket.
  const httpServer = createHttpServer(backend.app);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('listening', resolve);
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host);
  });
  closers.unshift(
    () =>
      new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      }),
  );

  console.log(
    `Opportunity Plan backend: ${config.publicBaseUrl} (health: ${config.publicBaseUrl}/healthz)`,
  );
  if (localPortal) {
    const installation = await backend.store.getInstallation(localPortal.demoPortalId);
    if (!installation || installation.status !== 'active') {
      const response = await fetch(
        `${config.publicBaseUrl}/oauth/install?portal_id=${localPortal.demoPortalId}`,
      );
      if (!response.ok)
        throw new Error(
          `Installing into the demo portal failed: HTTP ${response.status} ${await response.text()}`,
        );
    }
    // A demo portal works out of the box: hand-off rules name its marketing and sales teams.
    if (!(await backend.store.getSettings(localPortal.demoPortalId))) {
      const { marketing, sales } = localPortal.teams;
      await backend.store.putSettings(
        localPortal.demoPortalId,
        {
          ...DEFAULT_SETTINGS,
          lifecycle: {
            ...DEFAULT_SETTINGS.lifecycle,
            ...(marketing[0] ? { marketingOwnerId: marketing[0] } : {}),
            salesOwnerIds: sales,
          },
        },
        { expectedVersion: 0, updatedBy: 'npm start' },
      );
    }
    console.log(
      `Local HubSpot portal:       ${localPortal.url} (demo portal ${localPortal.demoPortalId}, app installed)`,
    );
    console.log(`Card preview:               ${localPortal.url}/preview`);
    console.log(
      `Portal realism:             latency ${localPortal.latencyProfile}, search lag ${localPortal.searchLagMs} ms`,
    );
    console.log(`Counters and controls:      ${localPortal.url}/_local/counters`);
  } else {
    console.log(`Install link for HubSpot:   ${config.publicBaseUrl}/oauth/install`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping …`);
    Promise.all(closers.map((close) => close())).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
