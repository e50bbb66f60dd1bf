// `node src/local-portal/cli.ts`: runs the local portal alone (npm run local-portal). Seeds the demo
// portal on first run, registers the project's webhook subscriptions, and stops cleanly on
// SIGINT/SIGTERM (saving its data).
import { existsSync, readFileSync } from 'node:fs';
import {
  LocalPortalConfigError,
  parseLocalPortalConfig,
  readWebhookSubscriptions,
} from './config.ts';
import { seedDemoPortal } from './seed.ts';
import { createLocalPortal } from './server.ts';

async function main(): Promise<void> {
  const config = parseLocalPortalConfig(process.env);
  const portal = createLocalPortal(config.options);

  if (!portal.restoredFromDisk) {
    seedDemoPortal(portal.registry.ensure(portal.demoPortalId), {
      seed: config.seed,
      history: {},
    });
    portal.scheduleSave();
  }
  // The demo data was there before the app: searchable at once, later writes lag.
  portal.searchIndex.catchUp();
  if (existsSync(config.webhooksConfigPath)) {
    for (const subscription of readWebhookSubscriptions(
      readFileSync(config.webhooksConfigPath, 'utf8'),
    )) {
      portal.appCaller.subscribe(subscription);
    }
  }

  const server = await portal.listen(config.port, config.host);
  console.log(`Local HubSpot portal listening on ${server.url}`);
  console.log(`Demo portal id: ${portal.demoPortalId} (app id ${portal.appId})`);
  console.log(
    `Install: ${server.url}/oauth/authorize?client_id=${encodeURIComponent(config.options.clientId ?? '')}&redirect_uri=${encodeURIComponent(`${config.options.publicBaseUrl}/oauth/callback`)}&scope=crm.objects.contacts.read`,
  );
  console.log(`Signed calls go to ${config.options.appBaseUrl}`);
  console.log(
    `Latency profile: ${portal.latencyProfile}; search lags writes by ${portal.searchIndex.lagMs()} ms`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the local portal …`);
    server.close().then(
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
  if (error instanceof LocalPortalConfigError) {
    console.error(error.message);
  } else {
    console.error('The local portal could not start:', error);
  }
  process.exit(1);
});
