// Starts a local portal on an ephemeral port with a manual clock, and builds official clients.
import { Client } from '@hubspot/api-client';
import { createManualClock } from '../../src/local-portal/clock.ts';
import type { ManualClock } from '../../src/local-portal/clock.ts';
import { createLocalPortal } from '../../src/local-portal/server.ts';
import type { LocalPortal, LocalPortalOptions } from '../../src/local-portal/server.ts';

export interface RunningPortal {
  portal: LocalPortal;
  url: string;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function startPortal(options: LocalPortalOptions = {}): Promise<RunningPortal> {
  const clock = createManualClock();
  const portal = createLocalPortal({ clock: clock.now, ...options });
  const server = await portal.listen(0);
  return { portal, url: server.url, clock, close: server.close };
}

/**
 * The official client pointed at the local portal. Its decorators live in a process-wide singleton
 * that is read when an API object is first touched, so the APIs are touched here, at once.
 */
export function createOfficialClient(url: string, accessToken: string, retries = 0): Client {
  const client = new Client({ accessToken, basePath: url, numberOfApiCallRetries: retries });
  void client.crm.contacts.basicApi;
  void client.crm.contacts.searchApi;
  void client.crm.contacts.batchApi;
  return client;
}
