// `npm run bench` (node bench/run.ts): measures the product against the local portal and prints a
// table; the same figures go to bench/results/latest.json. Every figure comes from this one run.
//
// The local portal runs in its OWN process (bench/portal-process.ts, forked per run), so the measured
// client and the portal do not share an event loop. Rescore: N contacts with a share of outdated
// scores, rescored by src/jobs/rescore.ts through the real gateway and the product's default limiter
// (its jitter margins included) against the local portal, which enforces HubSpot's limits (110
// requests per 10 s, search 5 per s). Each size runs with latency off and with the local portal's
// HubSpot-like latency model (src/local-portal/latency.ts: search 400 ms median / 1.1 s p95, batch
// update of 100 ≈ 1 s median / 2.2 s p95, reads 180 / 450 ms, writes 250 / 600 ms).
// The naive baseline — what a custom-code workflow step does: read the contact, score it, write it
// back when its score changed (the kindest form of that approach) — runs at latency on a SAMPLE of
// contacts in a separate portal with the same budgets, and is extrapolated linearly to N.
// Sizes are chosen so a default run ends in about 15 minutes on a 2-core machine: the time is set by
// HubSpot's budgets (a 100,000-contact rescore cannot take less than 100 s), not by this machine.
import { benchCardApi, benchWebhooks } from './backend-benches.ts';
import { benchSweep } from './sweep-bench.ts';
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  storedScoreWrites,
  DEFAULT_SCORING_MODEL,
  propertiesReadBy,
  SCORE_PROPERTY_NAMES,
} from '../src/domain/scoring/index.ts';
import type { CrmGateway } from '../src/hubspot/gateway.ts';
import { createHubSpotGateway } from '../src/hubspot/hubspot-gateway.ts';
import {
  createRateLimiter,
  DEFAULT_RATE_LIMITS,
  type RateLimiter,
  type RateLimiterOptions,
} from '../src/hubspot/rate-limiter.ts';
import { DEFAULT_MAX_WRITES_IN_FLIGHT, RESCORE_JOB_KIND, runRescore } from '../src/jobs/rescore.ts';
import { HUBSPOT_LATENCY_PROFILE } from '../src/local-portal/latency.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { createTokenCipher } from '../src/store/token-cipher.ts';
import { boundMs, budgetsAtScale, lowerBoundCalls } from './bounds.ts';
import { startLoopDelayMonitor, type LoopDelay } from './loop-delay.ts';
import type { PortalRequest, Refusal } from './portal-process.ts';
import { generateContacts } from './synthetic-contacts.ts';
import { benchScaleOut } from './scale-out-bench.ts';

/** Rescore runs: contacts, the share of them with an outdated score, latency model on or off. */
const RESCORE_RUNS = [
  { contacts: 20_000, changedShare: 0.1, latency: false },
  { contacts: 20_000, changedShare: 1, latency: false },
  { contacts: 100_000, changedShare: 1, latency: false },
  { contacts: 20_000, changedShare: 0.1, latency: true },
  { contacts: 20_000, changedShare: 1, latency: true },
  { contacts: 100_000, changedShare: 0.1, latency: true },
  { contacts: 100_000, changedShare: 1, latency: true },
];
/** Contacts the naive baseline processes per run before it is extrapolated to N. */
const NAIVE_SAMPLE = 200;
/** Parallel workflow executions in the naive baseline (HubSpot runs many at once). */
const NAIVE_CONCURRENCY = 10;
/** Contacts of the crash-and-restart check (run on a fast clock: it checks correctness, not time). */
const RESTART_CONTACTS = 100_000;
/** Timers may fire a millisecond early: on a scaled clock the gateway's windows are this much (plus
 * 1 %) longer than the portal's. */
const WINDOW_MARGIN_MS = 3;
const AS_OF = Date.UTC(2026, 2, 2, 10, 0, 0);
const model = DEFAULT_SCORING_MODEL;
const budgets = budgetsAtScale(1);

interface RescoreRow {
  contacts: number;
  changed_share: number;
  latency: string;
  changed: number;
  calls: number;
  lower_bound_calls: number;
  calls_ratio_to_bound: number;
  wall_ms: number;
  bound_ms: number;
  time_ratio_to_bound: number;
  rate_limited_429: number;
  /** The 429s by HubSpot budget, and the first few with the arrivals that filled the window. */
  rate_limited_by_kind: { search: number; general: number };
  refusals: Refusal[];
  /** How late the local portal's event loop ran during the rescore (late loop = late count). */
  portal_event_loop_delay: LoopDelay;
  /** How late the rescore's own process ran (late loop = a granted request sent late). */
  client_event_loop_delay: LoopDelay;
  /** Requests that left 10 ms or more after their grant (counted from their send), and the worst. */
  late_sends: { count: number; max_ms: number };
  max_writes_in_flight: number;
  /** Last pages asked a second time because the first copy was slow (included in `calls`). */
  hedged_searches: number;
  naive_calls_extrapolated: number | null;
  naive_ms_extrapolated: number | null;
  all_contacts_scored: boolean;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A request without its id (the id is added when it is sent). */
type PortalCommand = PortalRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never;

/** The local portal in a child process, driven over IPC (bench/portal-process.ts). */
export interface PortalProcess {
  url: string;
  request<T>(request: PortalCommand): Promise<T>;
  close(): Promise<void>;
}

/**
 * Forks a local portal with HubSpot's limits (windows × `scale`), latency model on or off; its
 * OAuth redirects and signed webhooks go to `appBaseUrl` when given.
 */
export async function openPortal(
  latency: boolean,
  scale = 1,
  appBaseUrl?: string,
): Promise<PortalProcess> {
  const child: ChildProcess = fork(
    new URL('./portal-process.ts', import.meta.url),
    [JSON.stringify({ latency, scale, ...(appBaseUrl ? { appBaseUrl } : {}) })],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: (process.env.BENCH_PORTAL_EXEC_ARGV ?? '').split(' ').filter(Boolean),
    },
  );
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`local portal exited with ${code}`)));
    child.on(
      'message',
      (message: {
        ready?: boolean;
        url?: string;
        id?: number;
        ok?: boolean;
        value?: unknown;
        error?: string;
      }) => {
        if (message.ready) {
          resolve(message.url!);
          return;
        }
        const pending = waiting.get(message.id!);
        if (!pending) return;
        waiting.delete(message.id!);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(new Error(message.error));
      },
    );
  });
  child.removeAllListeners('exit');
  return {
    url,
    request<T>(request: PortalCommand) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ...request, id });
      });
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ op: 'close', id: 0 });
      await exited;
    },
  };
}

/** With BENCH_TRACE set, every grant of the rescore rows' limiter (when asked, when granted). */
let grantTrace: { kind: string; asked: number; granted: number }[] | null = null;

/** The share of the run the search budget stood idle: fewer grants in its window than allowed
 * while no reader was waiting for one (the readers' fault, not the budget's). */
function searchIdleMs(trace: typeof grantTrace & object, windowMs: number, until: number): number {
  const searches = trace.filter((grant) => grant.kind === 'search');
  let idle = 0;
  for (let at = 0; at < until; at += 10) {
    const inWindow = searches.filter((g) => g.granted <= at && g.granted > at - windowMs).length;
    const waiting = searches.some((g) => g.asked <= at && g.granted > at);
    if (inWindow < 5 && !waiting) idle += 10;
  }
  return idle;
}

/**
 * The real gateway for one portal. At HubSpot's real windows (scale 1) the product's default
 * limiter, margins included, with the whole budget for the job (no card or webhook traffic
 * competes); on a scaled clock windows 1 % + 3 ms longer than the portal's and no margin.
 */
export async function openGateway(portal: PortalProcess, portalId: number, scale = 1) {
  const token = await portal.request<string>({ op: 'token', portalId });
  const limits: RateLimiterOptions =
    scale === 1
      ? { bulkShare: 1 }
      : {
          maxRequests: 110,
          windowMs: 10_000 * scale * 1.01 + WINDOW_MARGIN_MS,
          maxSearchRequests: 5,
          searchWindowMs: 1_000 * scale * 1.01 + WINDOW_MARGIN_MS,
          jitterMarginMs: 0,
          bulkShare: 1,
        };
  let budget: RateLimiter = createRateLimiter(limits);
  const gateway = createHubSpotGateway({
    portalId,
    basePath: portal.url,
    getAccessToken: async () => token,
    limiter: {
      acquire: async (kind, lane, maxWaitMs) => {
        const asked = performance.now();
        const slot = await budget.acquire(kind, lane, maxWaitMs);
        grantTrace?.push({ kind, asked, granted: performance.now() });
        return slot;
      },
      counters: () => budget.counters(),
    },
  });
  return {
    gateway,
    /** The job's budget's counters (since the warm-up). */
    counters: () => budget.counters(),
    /** One search first (the client's first request sets up its connection), then fresh budgets. */
    async warmUp() {
      await gateway.search('contacts', { filterGroups: [], limit: 1 });
      budget = createRateLimiter(limits);
      await portal.request({ op: 'resetLimits' });
    },
  };
}

function openStore(): Store {
  return createSqliteStore({
    path: ':memory:',
    cipher: createTokenCipher([{ kid: 'bench', key: randomBytes(32) }]),
  });
}

/** Creates the product's properties in the portal (through the API) and seeds the contacts. */
export async function prepare(
  portal: PortalProcess,
  portalId: number,
  count: number,
  share: number,
  seed: number,
) {
  const setup = await openGateway(portal, portalId, 0.001);
  await setup.gateway.ensureSchema();
  const seeded = await portal.request<{ ids: string[]; changed: number }>({
    op: 'seed',
    portalId,
    count,
    changedShare: share,
    seed,
    asOf: AS_OF,
  });
  // Let the server close keep-alive sockets that idled during the synchronous seeding.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return seeded;
}

export async function callsOf(
  portal: PortalProcess,
  portalId: number,
): Promise<{ calls: number; rateLimited: number }> {
  const snapshot = await portal.request<{
    byPortal: Record<string, number>;
    byStatus: Record<string, number>;
  }>({ op: 'counters' });
  return {
    calls: snapshot.byPortal[String(portalId)] ?? 0,
    rateLimited: snapshot.byStatus['429'] ?? 0,
  };
}

async function allScored(portal: PortalProcess, portalId: number): Promise<boolean> {
  const unscored = await portal.request<string[]>({ op: 'unscored', portalId, asOf: AS_OF });
  return unscored.length === 0;
}

/** The naive baseline: one read per contact and one write per changed contact; returns when each
 * call finished (ms, ascending). */
async function runNaive(gateway: CrmGateway, ids: readonly string[]): Promise<number[]> {
  const finishedAt: number[] = [];
  const properties = [...new Set([...propertiesReadBy(model), ...SCORE_PROPERTY_NAMES])];
  const date = new Date(AS_OF);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const contact = await gateway.getContact(id, properties);
      finishedAt.push(performance.now());
      const changed = storedScoreWrites(contact.properties, model, date);
      if (changed) {
        await gateway.updateObject('contacts', id, changed);
        finishedAt.push(performance.now());
      }
    }
  };
  await Promise.all(Array.from({ length: NAIVE_CONCURRENCY }, worker));
  return finishedAt;
}

const naiveByShare = new Map<number, { contacts: number; calls: number; ms: number }>();

/**
 * The naive baseline on NAIVE_SAMPLE contacts with the given share changed, in another portal of the
 * same local HubSpot (its own budgets), timed at steady state (after the first window's burst of
 * 110 calls), as it runs during all but the first seconds over a whole portal. Once per share.
 */
async function naiveBaseline(portal: PortalProcess, changedShare: number, index: number) {
  const known = naiveByShare.get(changedShare);
  if (known) return known;
  const naivePortalId = 4_000_000 + index;
  const sample = await prepare(portal, naivePortalId, NAIVE_SAMPLE, changedShare, 100 + index);
  const naiveGateway = await openGateway(portal, naivePortalId);
  await naiveGateway.warmUp();
  await portal.request({ op: 'resetCounters' });
  const finishedAt = await runNaive(naiveGateway.gateway, sample.ids);
  const calls = (await callsOf(portal, naivePortalId)).calls;
  const burst = 110;
  if (finishedAt.length <= burst + 10) throw new Error('naive sample too small to leave the burst');
  finishedAt.sort((a, b) => a - b);
  const steadyCalls = finishedAt.length - burst;
  const steadyMs = finishedAt.at(-1)! - finishedAt[burst - 1]!;
  const measured = { contacts: NAIVE_SAMPLE, calls, ms: (calls / steadyCalls) * steadyMs };
  naiveByShare.set(changedShare, measured);
  return measured;
}

export async function benchRescore(
  run: (typeof RESCORE_RUNS)[number],
  index: number,
): Promise<RescoreRow> {
  const { contacts, changedShare, latency } = run;
  const portal = await openPortal(latency);
  try {
    const portalId = 3_000_000 + index;
    const seeded = await prepare(portal, portalId, contacts, changedShare, 100 + index);
    const ours = await openGateway(portal, portalId);
    await ours.warmUp();
    await portal.request({ op: 'resetCounters' });
    await portal.request({ op: 'refusals' });
    await portal.request({ op: 'loopDelay' });
    const store = openStore();
    grantTrace = process.env.BENCH_TRACE ? [] : null;
    const clientLoop = startLoopDelayMonitor();
    const started = performance.now();
    // With BENCH_TRACE, each search too: when asked and answered, its ranges and result count.
    const searchTrace: { asked: number; answered: number; groups: string[]; results: number }[] =
      [];
    // … and each batch update: when sent and answered, and its inputs.
    const writeTrace: { asked: number; answered: number; inputs: number }[] = [];
    const bulk = ours.gateway.withLane('bulk');
    const traced: typeof bulk = grantTrace
      ? {
          ...bulk,
          withLane: () => traced,
          // (a hedged page's second copy goes untraced: it is in the grant trace)
          withMaxWait: (ms) => bulk.withMaxWait(ms),
          batchUpdate: (async (objectType, inputs) => {
            const asked = performance.now() - started;
            const result = await bulk.batchUpdate(objectType, inputs);
            writeTrace.push({
              asked,
              answered: performance.now() - started,
              inputs: inputs.length,
            });
            return result;
          }) as typeof bulk.batchUpdate,
          search: (async (objectType, request, options) => {
            const asked = performance.now() - started;
            const page = await bulk.search(objectType, request, options);
            searchTrace.push({
              asked,
              answered: performance.now() - started,
              groups: request.filterGroups.map((group) =>
                group.filters.map((f) => `${f.operator} ${f.value ?? ''}`).join(' & '),
              ),
              results: page.results.length,
            });
            return page;
          }) as typeof bulk.search,
        }
      : ours.gateway;
    const outcome = await runRescore({
      portalId,
      gateway: traced,
      store,
      model,
      scoringDate: new Date(AS_OF),
    });
    const wallMs = performance.now() - started;
    if (grantTrace) {
      writeFileSync(`${process.env.BENCH_TRACE!}.searches.json`, JSON.stringify(searchTrace));
      writeFileSync(`${process.env.BENCH_TRACE!}.writes.json`, JSON.stringify(writeTrace));
    }
    const clientLoopDelay = clientLoop.takeSummary();
    clientLoop.stop();
    await store.close();
    const trace = grantTrace?.map((grant) => ({
      ...grant,
      asked: grant.asked - started,
      granted: grant.granted - started,
    }));
    grantTrace = null;
    if (trace) {
      const idle = searchIdleMs(trace, 1_000 + DEFAULT_RATE_LIMITS.searchJitterMarginMs, wallMs);
      console.log(
        `  search budget idle ${(idle / 1000).toFixed(1)} s of ${(wallMs / 1000).toFixed(1)} s`,
      );
      writeFileSync(process.env.BENCH_TRACE!, JSON.stringify(trace));
    }
    if (!outcome.started || outcome.progress.status !== 'completed') {
      throw new Error(`rescore did not complete: ${JSON.stringify(outcome.progress)}`);
    }
    const used = await callsOf(portal, portalId);
    const refusals = await portal.request<Refusal[]>({ op: 'refusals' });
    const portalLoop = await portal.request<LoopDelay>({ op: 'loopDelay' });
    const scored = await allScored(portal, portalId);
    const naive = latency ? await naiveBaseline(portal, changedShare, index) : null;
    const factor = naive ? contacts / naive.contacts : 0;
    const bound = lowerBoundCalls(contacts, seeded.changed);
    const timeBound = boundMs(contacts, seeded.changed, budgets);
    return {
      contacts,
      changed_share: changedShare,
      latency: latency ? HUBSPOT_LATENCY_PROFILE.name : 'off',
      changed: seeded.changed,
      calls: used.calls,
      lower_bound_calls: bound.calls,
      calls_ratio_to_bound: round(used.calls / bound.calls),
      wall_ms: Math.round(wallMs),
      bound_ms: Math.round(timeBound),
      time_ratio_to_bound: round(wallMs / timeBound),
      rate_limited_429: used.rateLimited,
      rate_limited_by_kind: {
        search: refusals.filter((refusal) => refusal.kind === 'search').length,
        general: refusals.filter((refusal) => refusal.kind === 'standard').length,
      },
      refusals: refusals.slice(0, 5),
      portal_event_loop_delay: portalLoop,
      client_event_loop_delay: clientLoopDelay,
      late_sends: {
        count: ours.counters().lateSends,
        max_ms: Math.round(ours.counters().maxSendLateMs),
      },
      max_writes_in_flight: outcome.maxWritesInFlight ?? 0,
      hedged_searches: outcome.started ? (outcome.hedgedSearches ?? 0) : 0,
      naive_calls_extrapolated: naive ? Math.round(naive.calls * factor) : null,
      naive_ms_extrapolated: naive ? Math.round(naive.ms * factor) : null,
      all_contacts_scored: scored,
    };
  } finally {
    await portal.close();
  }
}

/** Crash in the middle of a rescore, restart, and check what was rewritten and that nothing was
 * skipped. */
async function benchRestart() {
  // A fast clock: this checks correctness, not time.
  const scale = 0.01;
  const portal = await openPortal(false, scale);
  try {
    const portalId = 5_000_000;
    const seeded = await prepare(portal, portalId, RESTART_CONTACTS, 0.02, 42);
    const writes = new Map<string, number>();
    const { gateway: inner } = await openGateway(portal, portalId, scale);
    let batches = 0;
    const counting = (gateway: CrmGateway): CrmGateway => ({
      ...gateway,
      withLane: (lane) => counting(gateway.withLane(lane)),
      batchUpdate: (objectType, inputs) => {
        batches += 1;
        for (const input of inputs) writes.set(input.id, (writes.get(input.id) ?? 0) + 1);
        return gateway.batchUpdate(objectType, inputs);
      },
    });
    const gateway = counting(inner);
    const store = openStore();
    const crashAfter = Math.floor(seeded.changed / 100 / 2);
    const dying: Store = {
      ...store,
      saveJob: async (...args) => {
        if (batches >= crashAfter) throw new Error('simulated crash');
        return store.saveJob(...args);
      },
    };
    const common = { portalId, gateway, model, scoringDate: new Date(AS_OF) };
    const crashed = await runRescore({ ...common, store: dying }).then(
      () => false,
      () => true,
    );
    const afterCrash = await store.getJob(portalId, RESCORE_JOB_KIND);
    const beyond = writtenBeyond(afterCrash?.checkpoint, writes);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const resumed = await runRescore({ ...common, store, staleAfterMs: 0 });
    await store.close();
    const rewritten = [...writes.values()].filter((times) => times > 1).length;
    return {
      contacts: RESTART_CONTACTS,
      changed: seeded.changed,
      crashed_after_batches: crashAfter,
      crashed,
      written_beyond_checkpoint: beyond,
      in_flight_cap_batches: DEFAULT_MAX_WRITES_IN_FLIGHT,
      within_in_flight_batches: beyond <= DEFAULT_MAX_WRITES_IN_FLIGHT * 100,
      resumed_status: resumed.progress?.status ?? 'not started',
      every_changed_contact_written: seeded.changed === writes.size,
      contacts_rewritten: rewritten,
      all_contacts_scored: await allScored(portal, portalId),
    };
  } finally {
    await portal.close();
  }
}

/** Contacts written but not covered by the stored checkpoint (a resume may write them again). */
function writtenBeyond(checkpoint: unknown, writes: Map<string, number>): number {
  const stored = (checkpoint ?? { afterId: null }) as {
    afterId: string | null;
    partitions?: { lo: string | null; afterId: string | null }[];
  };
  const ranges = stored.partitions ?? [{ lo: null, afterId: stored.afterId }];
  let count = 0;
  for (const id of writes.keys()) {
    const covered = ranges.some(
      (range) =>
        range.afterId !== null &&
        (range.lo === null || BigInt(id) > BigInt(range.lo)) &&
        BigInt(id) <= BigInt(range.afterId),
    );
    if (!covered) count += 1;
  }
  return count;
}

/** Contacts scored per second on one core (evaluate + the change check), default model. */
function benchScoring() {
  const contacts = generateContacts({
    count: 20_000,
    changedShare: 0.5,
    seed: 9,
    asOf: AS_OF,
    model,
  });
  const date = new Date(AS_OF);
  let scored = 0;
  const started = performance.now();
  while (performance.now() - started < 3_000) {
    for (const contact of contacts) {
      storedScoreWrites(contact, model, date);
    }
    scored += contacts.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    contacts_per_second: Math.round(scored / seconds),
    contacts_scored: scored,
    model: 'default',
  };
}

/** Runs the lead's benchmark module when it exists; null (printed "not measured") otherwise. */
function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row.map((cell, column) => cell.padStart(widths[column]!)).join(' | ');
  return [
    line(cells[0]!),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...cells.slice(1).map(line),
  ].join('\n');
}

async function main() {
  const startedAt = performance.now();
  const machine = {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    portal: 'own process',
    load_average_at_start: loadavg().map((value) => round(value, 1)),
    latency_profile: HUBSPOT_LATENCY_PROFILE.name,
    limits: { general: '110 requests per 10 s', search: '5 requests per 1 s' },
    limiter: {
      jitter_margin_ms: DEFAULT_RATE_LIMITS.jitterMarginMs,
      search_jitter_margin_ms: DEFAULT_RATE_LIMITS.searchJitterMarginMs,
    },
  };
  log(
    'Local portal in its own process; HubSpot limits (110 requests per 10 s, search 5 per s); ' +
      `latency rows use the '${HUBSPOT_LATENCY_PROFILE.name}' model (search 400 / 1,100 ms median / p95, ` +
      'batch update of 100 ≈ 1 s / 2.2 s, search lag 3 s).',
  );

  const scoring = selected('scoring') ? benchScoring() : null;
  if (scoring) log(`scoring: ${scoring.contacts_per_second} contacts/s on one core`);
  const rescore: RescoreRow[] = [];
  for (const [index, run] of RESCORE_RUNS.entries()) {
    if (!selected('rescore')) break;
    if (RESCORE_ROWS && !RESCORE_ROWS.has(index)) continue;
    log(
      `rescore: ${run.contacts} contacts, ${run.changedShare * 100} % changed, latency ${run.latency ? 'on' : 'off'} …`,
    );
    rescore.push(await benchRescore(run, index));
  }
  if (selected('restart')) log(`restart check: ${RESTART_CONTACTS} contacts, crash mid-way …`);
  const restart = selected('restart') ? await benchRestart() : null;
  const extra: Record<string, unknown> = {};
  for (const [name, bench] of Object.entries(EXTRA_BENCHES)) {
    if (!selected(name)) continue;
    log(`${name} …`);
    extra[name] = await bench();
  }
  if (selected('webhooks'))
    log(
      'Webhook burst: 10,000 events in batches of 100, 10 % redelivered, every batch reordered …',
    );
  const webhooks = selected('webhooks') ? await benchWebhooks(10_000) : null;
  if (selected('card-api')) log('Card API: 50 plan loads and 50 section saves …');
  const cardApi = selected('card-api') ? await benchCardApi(50) : null;
  const totalSeconds = Math.round((performance.now() - startedAt) / 1000);
  const loadAtEnd = loadavg().map((value) => round(value, 1));

  const results = {
    generated_at: new Date().toISOString(),
    machine,
    total_seconds: totalSeconds,
    load_average_at_end: loadAtEnd,
    rescore,
    restart,
    ...extra,
    scoring,
    webhooks,
    card_api: cardApi,
  };
  const directory = new URL('./results/', import.meta.url);
  mkdirSync(directory, { recursive: true });
  // A partial run (BENCH_ONLY) never overwrites the whole run's figures.
  const file = BENCH_ONLY.size === 0 ? 'latest.json' : `latest-${[...BENCH_ONLY].join('-')}.json`;
  writeFileSync(new URL(file, directory), `${JSON.stringify(results, null, 2)}\n`);

  log('');
  log(
    `Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; local portal in its own process; ` +
      `limiter margins ${machine.limiter.jitter_margin_ms} ms (10 s window), ${machine.limiter.search_jitter_margin_ms} ms (search); whole run ${totalSeconds} s; ` +
      `load average ${machine.load_average_at_start.join(' ')} at start, ${loadAtEnd.join(' ')} at end`,
  );
  log('');
  if (rescore.length > 0)
    log(
      'Rescore (calls and time against the lower bound; naive = per-contact read + write at latency, extrapolated from a sample)',
    );
  if (rescore.length > 0)
    log(
      table(
        [
          'contacts',
          'changed',
          'latency',
          'calls',
          'bound',
          'calls/bound',
          'wall s',
          'bound s',
          'time/bound',
          '429s',
          'late sends (max ms)',
          'writes in flight',
          'pages asked twice',
          'naive calls',
          'naive s',
          'all scored',
        ],
        rescore.map((row) => [
          row.contacts,
          `${Math.round(row.changed_share * 100)} %`,
          row.latency,
          row.calls,
          row.lower_bound_calls,
          row.calls_ratio_to_bound.toFixed(3),
          (row.wall_ms / 1000).toFixed(1),
          (row.bound_ms / 1000).toFixed(1),
          row.time_ratio_to_bound.toFixed(3),
          row.rate_limited_429,
          `${row.late_sends.count} (${row.late_sends.max_ms})`,
          row.max_writes_in_flight,
          row.hedged_searches,
          row.naive_calls_extrapolated ?? '–',
          row.naive_ms_extrapolated === null ? '–' : (row.naive_ms_extrapolated / 1000).toFixed(0),
          row.all_contacts_scored ? 'yes' : 'NO',
        ]),
      ),
    );
  log('');
  if (restart)
    log(
      `Restart: ${restart.contacts} contacts, crash after ${restart.crashed_after_batches} batches → resumed ${restart.resumed_status}; ` +
        `written beyond the stored checkpoint ${restart.written_beyond_checkpoint} (≤ ${restart.in_flight_cap_batches} batches in flight × 100: ${restart.within_in_flight_batches ? 'yes' : 'NO'}); ` +
        `rewritten ${restart.contacts_rewritten}; every changed contact written: ${restart.every_changed_contact_written ? 'yes' : 'NO'}; all scored: ${restart.all_contacts_scored ? 'yes' : 'NO'}`,
    );
  const show = (value: Record<string, unknown>) =>
    Object.entries(value)
      .map(([key, v]) => `${key}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(', ');
  for (const [name, value] of Object.entries(extra))
    log(`${name}: ${show(value as Record<string, unknown>)}`);
  if (scoring)
    log(`Scoring engine: ${scoring.contacts_per_second} contacts/s on one core (default model)`);
  if (webhooks) log(`Webhooks: ${show(webhooks)}`);
  if (cardApi) log(`Card API: ${show(cardApi)}`);
  log('');
  log(`Written to bench/results/${file}`);
}

/** Further benches (sweep, scale-out), each printed as one line. */
const EXTRA_BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  'scale-out': benchScaleOut,
  // 100,000 contacts, 1 % modified since the last sweep, latency model on (issue 14 item 3).
  score_sweep: () => benchSweep(),
};

/**
 * `BENCH_ONLY=scale-out,webhooks npm run bench` runs only the named benches (scoring, rescore,
 * restart, webhooks, card-api and the EXTRA_BENCHES names); unset: all of them.
 */
const BENCH_ONLY = new Set(
  (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== ''),
);
/** `BENCH_RESCORE_ROWS=2,6` runs only those rows of RESCORE_RUNS (0-based), e.g. while tuning. */
const RESCORE_ROWS = process.env.BENCH_RESCORE_ROWS
  ? new Set(process.env.BENCH_RESCORE_ROWS.split(',').map((row) => Number(row.trim())))
  : null;
function selected(name: string): boolean {
  return BENCH_ONLY.size === 0 || BENCH_ONLY.has(name);
}

if (import.meta.main) await main();
