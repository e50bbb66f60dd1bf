// Scale-out rows of `npm run bench` (registered in bench/run.ts as `scale-out`):
//   a. three backend replicas (bench/scale-out-replica.ts, each the real backend in its own process)
//      behind a round-robin load balancer, plus the rescore CLI (src/jobs/rescore-cli.ts) in its own
//      process, against one local portal process at HubSpot's limits with the latency model on, all
//      drawing from ONE per-portal budget in Redis. The CLI rescores 30,000 contacts while HubSpot
//      streams webhook batches about the same portal to the replicas, so demand exceeds the budget:
//      the row prints HTTP 429s (must be 0) and the general-budget requests per 10 s vs 110.
//   b. many installed portals (1,000 by default) each sending a webhook batch of 100 events to the
//      three replicas (up to 10 requests at once, as HubSpot does) → acknowledgement p50/p99 as
//      HubSpot measures it (in the portal process) and HubSpot calls per event;
//   c. backend memory per installed portal: heap and RSS after a full GC, over the replicas, before
//      and after those portals were installed and served (gateways, limiters, caches warm).
// Redis comes from TEST_REDIS_URL or REDIS_URL (default redis://127.0.0.1:6379/12); the store is
// PostgreSQL from TEST_DATABASE_URL or DATABASE_URL when it is one, else a shared sqlite file. Every
// child is killed on any exit path (they also exit when the bench's IPC channel closes).
import { fork, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createStore, createTokenCipher, parseEncryptionKeys } from '../src/store/index.ts';
import { parseConfig } from '../src/runtime/config.ts';
import { DEFAULT_SETTINGS } from '../src/domain/settings.ts';
import type { Store } from '../src/store/store.ts';
import { HUBSPOT_LATENCY_PROFILE } from '../src/local-portal/latency.ts';
import type { LoopDelay } from './loop-delay.ts';
import type { WebhookDelivery, WebhookPlan } from './portal-process.ts';
import type { ReplicaRequest } from './scale-out-replica.ts';
import { openPortal, prepare, type PortalProcess } from './run.ts';

const REPLICAS = 3;
const CLI_CONTACTS = 30_000;
/** The general budget HubSpot grants an OAuth app per portal: 110 requests per rolling 10 s. */
const GENERAL_PER_10_S = 110;
const PORTALS = Number(process.env.SCALE_OUT_PORTALS ?? 1_000);

const log = (line: string) => process.stdout.write(`  scale-out: ${line}\n`);
const children = new Set<ChildProcess>();
const killAll = () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
};
process.on('exit', killAll);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
const round1 = (value: number) => Math.round(value * 10) / 10;

/** Where the shared budget lives, or why the rows cannot run. */
async function reachableRedis(): Promise<{ url: string } | { skipped: string }> {
  const url = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/12';
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return { url };
  } catch (error) {
    return { skipped: `Redis unreachable at ${url}: ${String(error)}` };
  } finally {
    redis.disconnect();
  }
}

/** The one store of every replica and the CLI; opened once here so its schema exists first. */
async function sharedDatabase(): Promise<{ url: string; kind: string; cleanup: () => void }> {
  const candidate = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
  if (/^postgres(ql)?:\/\//.test(candidate))
    return { url: candidate, kind: 'postgres', cleanup() {} };
  const directory = mkdtempSync(join(tmpdir(), 'scale-out-'));
  return {
    url: join(directory, 'store.sqlite'),
    kind: 'sqlite file',
    cleanup: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** Runs `fn` with the shared store open (the bench's own connection). */
async function withStore<T>(databaseUrl: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = parseConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const store = await createStore({
    databaseUrl,
    cipher: createTokenCipher(parseEncryptionKeys(config.tokenEncryptionKeys)),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A round-robin HTTP load balancer in front of the replicas (what HubSpot calls). */
async function openBalancer(): Promise<{
  url: string;
  setTargets(urls: string[]): void;
  close(): Promise<void>;
}> {
  let targets: URL[] = [];
  let next = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server: Server = createServer((req, res) => {
    const target = targets[next++ % targets.length];
    if (!target) {
      res.writeHead(503).end();
      return;
    }
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      log(`load balancer: ${target.host} failed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  // Longer than any idle gap of HubSpot's keep-alive connections, so none is closed under it.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setTargets(urls) {
      targets = urls.map((url) => new URL(url));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

interface Replica {
  url: string;
  request<T>(op: ReplicaRequest['op']): Promise<T>;
}

async function startReplica(env: NodeJS.ProcessEnv): Promise<Replica> {
  const child = fork(new URL('./scale-out-replica.ts', import.meta.url), [], {
    env,
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let nextId = 1;
  const waiting = new Map<
    number,
    (message: { ok: boolean; value?: unknown; error?: string }) => void
  >();
  child.once('exit', (code, signal) => {
    // A replica that dies fails what waits on it (and says so) instead of hanging the bench.
    log(`replica ${child.pid} exited (code ${code}, signal ${signal})`);
    for (const settle of waiting.values())
      settle({ ok: false, error: `replica exited (code ${code}, signal ${signal})` });
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}`)));
    child.on('message', (message: { ready?: boolean; url?: string; id?: number }) => {
      if (message.ready) resolve(message.url!);
      else waiting.get(message.id!)?.(message as { ok: boolean });
    });
  });
  return {
    url,
    request<T>(op: ReplicaRequest['op']) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, (message) => {
          waiting.delete(id);
          if (message.ok) resolve(message.value as T);
          else reject(new Error(message.error));
        });
        child.send({ id, op });
      });
    },
  };
}

async function closeReplicas(replicas: Replica[]): Promise<void> {
  await Promise.allSettled(replicas.map((replica) => replica.request('close')));
  killAll();
}

/** Installs the app into a portal through the load balancer (HubSpot's OAuth flow). */
async function install(balancerUrl: string, portalId: number): Promise<void> {
  const response = await fetch(`${balancerUrl}/oauth/install?portal_id=${portalId}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`install of ${portalId} answered ${response.status}: ${text}`);
}

/** Installs the app into a portal without OAuth: the callback's installation, seeded directly. */
async function seedInstallation(portal: PortalProcess, store: Store, portalId: number) {
  const tokens = await portal.request<{
    access_token: string;
    refresh_token: string;
    expires_in: number;
    scopes: string[];
  }>({ op: 'tokens', portalId });
  await store.saveInstallation({
    portalId,
    scopes: tokens.scopes,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: Date.now() + tokens.expires_in * 1000,
  });
}

/** General-budget calls (every call but searches, which have their own budget) of `portalId`. */
async function generalCalls(portal: PortalProcess, portalId: number) {
  const snapshot = await portal.request<{
    byPortal: Record<string, number>;
    byStatus: Record<string, number>;
    byPortalRoute: Record<string, number>;
    byStatusRoute: Record<string, number>;
  }>({ op: 'counters' });
  const rateLimitedByRoute = Object.fromEntries(
    Object.entries(snapshot.byStatusRoute).filter(([key]) => key.startsWith('429 ')),
  );
  let searches = 0;
  for (const [route, count] of Object.entries(snapshot.byPortalRoute))
    if (route.startsWith(`${portalId} `) && route.endsWith('/search')) searches += count;
  return {
    general: (snapshot.byPortal[String(portalId)] ?? 0) - searches,
    searches,
    rateLimited: snapshot.byStatus['429'] ?? 0,
    rateLimitedByRoute,
  };
}

/** Runs the rescore CLI for a portal in its own process; resolves with its exit code. */
function runCli(env: NodeJS.ProcessEnv, portalId: number): Promise<number> {
  const child = fork(
    new URL('../src/jobs/rescore-cli.ts', import.meta.url),
    ['--portal', String(portalId), '--restart'],
    { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  children.add(child);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code ?? 1);
    }),
  );
}

/** One portal process, a load balancer and three replicas on one store and one Redis budget. */
async function openCluster(latency: boolean, redisUrl: string, databaseUrl: string) {
  const balancer = await openBalancer();
  const portal = await openPortal(latency, 1, balancer.url);
  const env = {
    ...process.env,
    PUBLIC_BASE_URL: balancer.url,
    HUBSPOT_API_BASE_URL: portal.url,
    HUBSPOT_AUTHORIZE_URL: `${portal.url}/oauth/authorize`,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'warn',
  };
  const replicas: Replica[] = [];
  try {
    for (let index = 0; index < REPLICAS; index += 1) replicas.push(await startReplica(env));
  } catch (error) {
    await closeReplicas(replicas);
    await portal.close();
    await balancer.close();
    throw error;
  }
  balancer.setTargets(replicas.map((replica) => replica.url));
  return {
    portal,
    replicas,
    env,
    balancerUrl: balancer.url,
    idle: () => Promise.all(replicas.map((replica) => replica.request('idle'))),
    async close() {
      await closeReplicas(replicas);
      await portal.close();
      await balancer.close();
    },
  };
}

/** Row a: three replicas and the CLI share one portal's budget. */
async function sharedBudgetRow(redisUrl: string, databaseUrl: string) {
  log(`starting the local portal (latency on) and ${REPLICAS} replicas …`);
  const cluster = await openCluster(true, redisUrl, databaseUrl);
  try {
    const { portal } = cluster;
    const portalId = 8_000_000 + randomInt(0, 900_000);
    log(`seeding ${CLI_CONTACTS} contacts, installing through the load balancer …`);
    await prepare(portal, portalId, CLI_CONTACTS, 1, 77);
    await install(cluster.balancerUrl, portalId);
    // Scoring only: promotions (a note each, under locks) would make the webhook work per batch
    // long and latency-bound instead of budget-bound.
    await withStore(databaseUrl, (store) =>
      store.putSettings(
        portalId,
        {
          ...DEFAULT_SETTINGS,
          lifecycle: { ...DEFAULT_SETTINGS.lifecycle, autoPromoteToMql: false },
        },
        { expectedVersion: 0, updatedBy: 'scale-out bench' },
      ),
    );
    log('CLI rescore + webhook stream on one budget …');
    // The install's calls are in HubSpot's window and in the shared budget: let both drain.
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    await portal.request({ op: 'resetCounters' });
    await portal.request({ op: 'refusals' });
    await portal.request<LoopDelay>({ op: 'loopDelay' });
    await Promise.all(cluster.replicas.map((replica) => replica.request<ReplicaStats>('stats')));
    const samples: { at: number; general: number }[] = [];
    const started = performance.now();
    let running = true;
    const sampler = (async () => {
      while (running) {
        const { general } = await generalCalls(portal, portalId);
        samples.push({ at: performance.now() - started, general });
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })();
    const plan: WebhookPlan = {
      portalIds: [portalId],
      batchesPerPortal: 250,
      eventsPerBatch: 100,
      concurrency: 3,
      intervalMs: 200,
    };
    let webhooksEndedAt = Infinity;
    const webhooks = portal.request<WebhookDelivery>({ op: 'webhooks', ...plan }).then((done) => {
      webhooksEndedAt = performance.now() - started;
      return done;
    });
    const cliExit = await runCli(cluster.env, portalId);
    const cliEndedAt = performance.now() - started;
    const delivery = await webhooks;
    await cluster.idle();
    running = false;
    await sampler;
    const totals = await generalCalls(portal, portalId);
    const portalLoopDelay = await portal.request<LoopDelay>({ op: 'loopDelay' });
    const refusals = await portal.request<unknown[]>({ op: 'refusals' });
    const replicaLoopDelay = (
      await Promise.all(cluster.replicas.map((replica) => replica.request<ReplicaStats>('stats')))
    ).map((stats) => stats.loopDelay);
    // Demand exceeds the budget only while the CLI and the webhook stream both run: the steady
    // state is from the end of the first window (ramp-up: it starts with a full budget and the
    // CLI's writes in flight grow) to whichever of the two ends first (ramp-down: the CLI alone
    // may take only its bulk share, the stream alone is far below the budget).
    const steadyEnd = Math.min(cliEndedAt, webhooksEndedAt);
    const from = samples.find((sample) => sample.at >= 10_000);
    const to = [...samples].reverse().find((sample) => sample.at <= steadyEnd);
    const windowMs = from && to ? to.at - from.at : 0;
    const perTenSeconds = windowMs > 0 ? ((to!.general - from!.general) / windowMs) * 10_000 : 0;
    return {
      replicas: REPLICAS,
      cli_exit_code: cliExit,
      latency: HUBSPOT_LATENCY_PROFILE.name,
      cli_contacts: CLI_CONTACTS,
      webhook_batches: delivery.latenciesMs.length,
      general_calls: totals.general,
      search_calls: totals.searches,
      rate_limited_429: totals.rateLimited,
      rate_limited_by_route: totals.rateLimitedByRoute,
      cli_s: round1(cliEndedAt / 1000),
      webhook_stream_s: round1(webhooksEndedAt / 1000),
      measured: 'steady state only: from 10 s to the end of the CLI or the stream, whichever first',
      measured_s: round1(windowMs / 1000),
      general_per_10_s: round1(perTenSeconds),
      bound_per_10_s: GENERAL_PER_10_S,
      throughput_ratio_to_bound: Math.round((perTenSeconds / GENERAL_PER_10_S) * 1000) / 1000,
      portal_event_loop_delay: portalLoopDelay,
      refusals,
      replica_event_loop_delay_max_ms: Math.max(...replicaLoopDelay.map((delay) => delay.max_ms)),
      replica_event_loop_delay_p99_ms: Math.max(...replicaLoopDelay.map((delay) => delay.p99_ms)),
    };
  } finally {
    await cluster.close();
  }
}

type ReplicaStats = {
  queue: { batches: number; retries: number } | null;
  memory: { rssBytes: number; heapUsedBytes: number };
  loopDelay: LoopDelay;
};
const memoryOf = async (replicas: Replica[]) => {
  const stats = await Promise.all(
    replicas.map((replica) => replica.request<ReplicaStats>('stats')),
  );
  return {
    heap: stats.reduce((sum, stat) => sum + stat.memory.heapUsedBytes, 0),
    rss: stats.reduce((sum, stat) => sum + stat.memory.rssBytes, 0),
    retries: stats.reduce((sum, stat) => sum + (stat.queue?.retries ?? 0), 0),
  };
};

/** Rows b and c: many installed portals each send a webhook batch; memory per portal. */
async function manyPortalsRow(redisUrl: string, databaseUrl: string) {
  // Latency off: installing and serving a thousand portals at HubSpot's latency takes too long
  // for a default run, and the acknowledgement does not wait for HubSpot anyway.
  const cluster = await openCluster(false, redisUrl, databaseUrl);
  try {
    const { portal, replicas } = cluster;
    const base = 9_000_000 + randomInt(0, 900_000);
    const ids = Array.from({ length: PORTALS + 1 }, (_, index) => base + index);
    // The warm-up portal installs through HubSpot's OAuth flow; the others are seeded directly:
    // tokens issued by the local portal, the installation saved in the shared store as the OAuth
    // callback saves it (src/server/routes/oauth-routes.ts), the schema set up by `prepare`. A
    // thousand OAuth round trips through the balancer took minutes and measure nothing here; the
    // recurring jobs an install schedules are not set up for these portals.
    const setUp = async (portalIds: number[], store?: Store) => {
      let next = 0;
      const worker = async () => {
        while (next < portalIds.length) {
          const portalId = portalIds[next++]!;
          await prepare(portal, portalId, 100, 1, portalId);
          if (store) await seedInstallation(portal, store, portalId);
          else await install(cluster.balancerUrl, portalId);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    };
    const send = (portalIds: number[]) =>
      portal.request<WebhookDelivery>({
        op: 'webhooks',
        portalIds,
        batchesPerPortal: 1,
        eventsPerBatch: 100,
        concurrency: 10,
        intervalMs: 0,
      });
    // Warm-up: one portal installed and served, so code and connections are loaded before.
    log(`installing ${PORTALS} portals …`);
    await setUp(ids.slice(0, 1));
    await send(ids.slice(0, 1));
    await cluster.idle();
    const before = await memoryOf(replicas);
    const setUpStarted = performance.now();
    await withStore(databaseUrl, (store) => setUp(ids.slice(1), store));
    const setUpMs = performance.now() - setUpStarted;
    await portal.request({ op: 'resetCounters' });
    log(`${PORTALS} portals send a batch of 100 events each …`);
    const started = performance.now();
    const delivery = await send(ids.slice(1));
    await cluster.idle();
    const wallMs = performance.now() - started;
    const after = await memoryOf(replicas);
    const snapshot = await portal.request<{ byPortal: Record<string, number> }>({
      op: 'counters',
    });
    const calls = ids.slice(1).reduce((sum, id) => sum + (snapshot.byPortal[String(id)] ?? 0), 0);
    return {
      portals: PORTALS,
      replicas: REPLICAS,
      latency: 'off',
      install: 'seeded in store + local portal (no OAuth round trips)',
      install_s: round1(setUpMs / 1000),
      events: delivery.events,
      batches: delivery.latenciesMs.length,
      statuses: delivery.statuses,
      ack_p50_ms: round1(percentile(delivery.latenciesMs, 50)),
      ack_p99_ms: round1(percentile(delivery.latenciesMs, 99)),
      processed_s: round1(wallMs / 1000),
      queue_retries: after.retries - before.retries,
      calls,
      calls_per_event: Math.round((calls / Math.max(1, delivery.events)) * 10_000) / 10_000,
      heap_kb_per_portal: round1((after.heap - before.heap) / PORTALS / 1024),
      rss_kb_per_portal: round1((after.rss - before.rss) / PORTALS / 1024),
    };
  } finally {
    await cluster.close();
  }
}

/** The scale-out rows, or the reason they were skipped. */
export async function benchScaleOut(): Promise<Record<string, unknown>> {
  const redis = await reachableRedis();
  if ('skipped' in redis) return { skipped: redis.skipped };
  const database = await sharedDatabase();
  const onSignal = () => {
    killAll();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Create the store's schema once, before three replicas and the CLI open it at the same time.
    // A PostgreSQL store outlives the run: forget earlier runs' bench portals (their pending
    // operations would be resumed against a local portal that no longer knows them).
    const forgetBenchPortals = () =>
      withStore(database.url, async (store) => {
        for (const installation of await store.listInstallations())
          if (installation.portalId >= 8_000_000 && installation.portalId < 10_000_000)
            await store.deleteInstallationData(installation.portalId);
      });
    await forgetBenchPortals();
    const shared = await sharedBudgetRow(redis.url, database.url);
    log(JSON.stringify(shared));
    // Row a's portal lives only in row a's local portal: its recurring jobs would call the next
    // local portal process, which does not know it (401s in the next row's logs).
    await forgetBenchPortals();
    const many = PORTALS > 0 ? await manyPortalsRow(redis.url, database.url) : null;
    return { store: database.kind, redis: redis.url, shared_budget: shared, many_portals: many };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    killAll();
    database.cleanup();
  }
}
