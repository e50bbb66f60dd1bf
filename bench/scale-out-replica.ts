// One backend replica for the scale-out bench (bench/scale-out-bench.ts forks three): the real
// backend (src/server/backend.ts) from the environment — REDIS_URL (one budget per portal across
// replicas and the CLI), DATABASE_URL (one store for all), HUBSPOT_API_BASE_URL (the local portal),
// PUBLIC_BASE_URL (the load balancer HubSpot calls) — behind its own HTTP server. Driven over IPC:
// `stats` (its webhook queue and memory), `idle` (the queue has run every batch), `close`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../src/runtime/config.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { createBackend } from '../src/server/backend.ts';
import { startLoopDelayMonitor } from './loop-delay.ts';

export type ReplicaRequest = { id: number; op: 'stats' | 'idle' | 'close' };

// The bench died or was stopped (even while this replica was starting): do not outlive it.
process.on('disconnect', () => process.exit(0));

const backend = await createBackend(parseConfig(process.env), {
  logger: createLogger('warn'),
  // The bench installs hundreds of portals: no first scoring of each.
  scoreOnInstall: false,
});
backend.startBackgroundWork();
const server = createServer(backend.app);
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const loopDelay = startLoopDelayMonitor();

/** Heap and RSS after a full collection (the child runs with --expose-gc). */
function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
}

async function answer(request: ReplicaRequest): Promise<unknown> {
  switch (request.op) {
    case 'stats':
      return {
        queue: backend.webhookQueue?.stats() ?? null,
        memory: memory(),
        loopDelay: loopDelay.takeSummary(),
      };
    case 'idle':
      await backend.webhookQueue?.idle();
      return true;
    case 'close':
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
      process.exit(0);
  }
}

process.on('message', (message: ReplicaRequest) => {
  answer(message).then(
    (value) => process.send?.({ id: message.id, ok: true, value }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) }),
  );
});
process.send?.({ ready: true, url });
