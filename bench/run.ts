// `npm run bench` (node bench/run.ts): measures the product against the local portal and prints a
// table; the same figures go to bench/results/latest.json. Every figure comes from this one run.
//
// Rescore: N contacts with a share of outdated scores, rescored by src/jobs/rescore.ts through the
// real gateway against the local portal, which enforces HubSpot's limits (110 requests per 10 s,
// search 5 per s). The limit windows are multiplied by LIMIT_SCALE below (1 = HubSpot's real
// limits): the local portal needs tens of milliseconds of CPU per search over 100,000 contacts, and
// only at HubSpot's real search rate does the budget, not the emulator, set the pace.
// The naive baseline — what a custom-code workflow step does: read the contact, score it, write it
// back when its score changed (the kindest form of that approach) — runs in the same process on a
// SAMPLE of contacts in a separate portal with the same budgets, and is extrapolated linearly to N.
import { benchCardApi, benchWebhooks } from './backend-benches.ts';
import { availableParallelism, cpus } from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  changedScoreProperties,
  DEFAULT_SCORING_MODEL,
  evaluate,
  propertiesReadBy,
  SCORE_PROPERTY_NAMES,
} from '../src/domain/scoring/index.ts';
import type { CrmGateway } from '../src/hubspot/gateway.ts';
import { createHubSpotGateway } from '../src/hubspot/hubspot-gateway.ts';
import {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
} from '../src/hubspot/rate-limiter.ts';
import { RESCORE_JOB_KIND, runRescore } from '../src/jobs/rescore.ts';
import { parseLocalPortalRealism } from '../src/local-portal/config.ts';
import { createLocalPortal, type LocalPortal } from '../src/local-portal/server.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { createTokenCipher } from '../src/store/token-cipher.ts';
import { boundMs, budgetsAtScale, lowerBoundCalls } from './bounds.ts';
import { generateContacts, seedContacts } from './synthetic-contacts.ts';

/** Every HubSpot limit window is this many times its real length (1 = HubSpot's own limits). */
const LIMIT_SCALE = 1;
/** Rescore runs: contacts and the share of them with an outdated score. */
const RESCORE_RUNS = [
  { contacts: 20_000, changedShare: 0.1 },
  { contacts: 20_000, changedShare: 0.5 },
  { contacts: 20_000, changedShare: 1 },
  { contacts: 100_000, changedShare: 0.1 },
  { contacts: 100_000, changedShare: 1 },
];
/** Contacts the naive baseline processes per run before it is extrapolated to N. */
const NAIVE_SAMPLE = 200;
/** Parallel workflow executions in the naive baseline (HubSpot runs many at once). */
const NAIVE_CONCURRENCY = 10;
/** Contacts of the crash-and-restart check (run on a fast clock: it checks correctness, not time). */
const RESTART_CONTACTS = 100_000;
/** Timers may fire a millisecond early and requests arrive with jitter: the gateway's windows are
 * this much (plus 1 %) longer than the portal's. */
const WINDOW_MARGIN_MS = 3;
const AS_OF = Date.UTC(2026, 2, 2, 10, 0, 0);
const model = DEFAULT_SCORING_MODEL;
/** The portal's realism: HubSpot-like latency and a 3 s search lag unless the environment says
 * otherwise (LOCAL_PORTAL_LATENCY=off, LOCAL_PORTAL_SEARCH_LAG_MS, …; see docs/local-portal.md). */
const realism = parseLocalPortalRealism(
  { LOCAL_PORTAL_LATENCY: 'hubspot', ...process.env },
  4_000_000,
);
const latencyProfile = realism.latency?.name ?? 'off';
const searchLagMs = realism.searchLagMs ?? 0;
const budgets = budgetsAtScale(LIMIT_SCALE);

interface RescoreRow {
  contacts: number;
  changed_share: number;
  changed: number;
  calls: number;
  lower_bound_calls: number;
  calls_ratio_to_bound: number;
  wall_ms: number;
  bound_ms: number;
  time_ratio_to_bound: number;
  rate_limited_429: number;
  naive_sample: number;
  naive_calls_extrapolated: number;
  naive_ms_extrapolated: number;
  calls_ratio_naive_to_ours: number;
  time_ratio_naive_to_ours: number;
  all_contacts_scored: boolean;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A local portal with HubSpot's limits at LIMIT_SCALE (or `scale`), listening on 127.0.0.1;
 * with the realism above unless `realistic` is false (the restart check runs on a fast clock). */
async function openPortal(scale = LIMIT_SCALE, realistic = true) {
  const portal = createLocalPortal({
    rateLimit: { perTenSeconds: 110, searchPerSecond: 5, scale },
    ...(realistic ? realism : {}),
  });
  const server = await portal.listen(0);
  return { portal, url: server.url, close: server.close };
}

/**
 * The real gateway for one portal, with budgets equal to the portal's (windows 1 % + 3 ms longer, so
 * network and timer jitter never turn a granted slot into a 429), and `warmUp`, which sends one
 * search on a separate budget first: the client's first request takes several milliseconds longer
 * than the rest (lazy set-up), and a slot granted that much before the request arrives would let a
 * later slot land inside HubSpot's window. Measured runs start warm, with fresh budgets.
 */
function openGateway(portal: LocalPortal, url: string, portalId: number, scale = LIMIT_SCALE) {
  const token = portal.oauth.issueTokens({ portalId }).access_token;
  const limits: RateLimiterOptions = {
    maxRequests: 110,
    windowMs: 10_000 * scale * 1.01 + WINDOW_MARGIN_MS,
    maxSearchRequests: 5,
    searchWindowMs: 1_000 * scale * 1.01 + WINDOW_MARGIN_MS,
    // The margin above is scaled with the windows; the limiter's default (500 ms, for HubSpot's
    // real 10 s) would dwarf a scaled window.
    jitterMarginMs: 0,
    // No card or webhook traffic competes in the benchmark, so the job may use the whole budget.
    bulkShare: 1,
  };
  let budget: RateLimiter = createRateLimiter(limits);
  const gateway = createHubSpotGateway({
    portalId,
    basePath: url,
    getAccessToken: async () => token,
    limiter: {
      acquire: (kind, lane) => budget.acquire(kind, lane),
      counters: () => budget.counters(),
    },
  });
  return {
    gateway,
    async warmUp() {
      await gateway.search('contacts', { filterGroups: [], limit: 1 });
      budget = createRateLimiter(limits);
      portal.limits.reset();
    },
  };
}

function openStore(): Store {
  return createSqliteStore({
    path: ':memory:',
    cipher: createTokenCipher([{ kid: 'bench', key: randomBytes(32) }]),
  });
}

/** Creates the product's properties in the portal (through the API, before counting starts). */
async function prepare(
  portal: LocalPortal,
  url: string,
  portalId: number,
  count: number,
  share: number,
  seed: number,
) {
  await openGateway(portal, url, portalId, 0.001).gateway.ensureSchema();
  const contacts = generateContacts({
    count,
    changedShare: share,
    seed,
    asOf: AS_OF,
    model,
    emailPrefix: `p${portalId}`,
  });
  const ids = seedContacts(portal.registry.ensure(portalId), contacts);
  // Seeded contacts stand for data that was there long before: searchable at once.
  portal.searchIndex.catchUp();
  // The set-up calls must not eat into the measured run's budget.
  portal.limits.reset();
  // Let the server close keep-alive sockets that idled during the synchronous seeding.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    ids,
    changed: contacts.filter((c) => changedScoreProperties(c, evaluate(c, model, new Date(AS_OF))))
      .length,
  };
}

function callsOf(portal: LocalPortal, portalId: number): { calls: number; rateLimited: number } {
  const snapshot = portal.counters.snapshot();
  const calls = snapshot.byPortal[String(portalId)] ?? 0;
  return { calls, rateLimited: snapshot.byStatus['429'] ?? 0 };
}

function allScored(portal: LocalPortal, portalId: number): boolean {
  const date = new Date(AS_OF);
  return portal.registry
    .ensure(portalId)
    .listObjects('contacts')
    .every(
      (record) =>
        changedScoreProperties(record.properties, evaluate(record.properties, model, date)) ===
        null,
    );
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
      const changed = changedScoreProperties(
        contact.properties,
        evaluate(contact.properties, model, date),
      );
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
async function naiveBaseline(
  portal: LocalPortal,
  url: string,
  changedShare: number,
  index: number,
) {
  const known = naiveByShare.get(changedShare);
  if (known) return known;
  const naivePortalId = 4_000_000 + index;
  const sample = await prepare(portal, url, naivePortalId, NAIVE_SAMPLE, changedShare, 100 + index);
  const naiveGateway = openGateway(portal, url, naivePortalId);
  await naiveGateway.warmUp();
  portal.counters.reset();
  const finishedAt = await runNaive(naiveGateway.gateway, sample.ids);
  const calls = callsOf(portal, naivePortalId).calls;
  // Steady state: the calls after the first window's burst of 110 arrive at the budget's rate.
  const burst = 110;
  if (finishedAt.length <= burst + 10) throw new Error('naive sample too small to leave the burst');
  const steadyCalls = finishedAt.length - burst;
  const steadyMs = finishedAt.at(-1)! - finishedAt[burst - 1]!;
  const measured = { contacts: NAIVE_SAMPLE, calls, ms: (calls / steadyCalls) * steadyMs };
  naiveByShare.set(changedShare, measured);
  return measured;
}

async function benchRescore(
  contacts: number,
  changedShare: number,
  index: number,
): Promise<RescoreRow> {
  const { portal, url, close } = await openPortal();
  try {
    // Ours.
    const portalId = 3_000_000 + index;
    const seeded = await prepare(portal, url, portalId, contacts, changedShare, 100 + index);
    const ours = openGateway(portal, url, portalId);
    await ours.warmUp();
    portal.counters.reset();
    const store = openStore();
    const started = performance.now();
    const outcome = await runRescore({
      portalId,
      gateway: ours.gateway,
      store,
      model,
      scoringDate: new Date(AS_OF),
    });
    const wallMs = performance.now() - started;
    await store.close();
    if (!outcome.started || outcome.progress.status !== 'completed') {
      throw new Error(`rescore did not complete: ${JSON.stringify(outcome.progress)}`);
    }
    const used = callsOf(portal, portalId);
    const scored = allScored(portal, portalId);

    const naive = await naiveBaseline(portal, url, changedShare, index);
    const factor = contacts / naive.contacts;

    const bound = lowerBoundCalls(contacts, seeded.changed);
    const timeBound = boundMs(contacts, seeded.changed, budgets);
    return {
      contacts,
      changed_share: changedShare,
      changed: seeded.changed,
      calls: used.calls,
      lower_bound_calls: bound.calls,
      calls_ratio_to_bound: round(used.calls / bound.calls),
      wall_ms: Math.round(wallMs),
      bound_ms: Math.round(timeBound),
      time_ratio_to_bound: round(wallMs / timeBound),
      rate_limited_429: used.rateLimited,
      naive_sample: naive.contacts,
      naive_calls_extrapolated: Math.round(naive.calls * factor),
      naive_ms_extrapolated: Math.round(naive.ms * factor),
      calls_ratio_naive_to_ours: round((naive.calls * factor) / used.calls, 1),
      time_ratio_naive_to_ours: round((naive.ms * factor) / wallMs, 1),
      all_contacts_scored: scored,
    };
  } finally {
    await close();
  }
}

/** Crash in the middle of a rescore, restart, and check nothing was skipped or written twice. */
async function benchRestart() {
  // A fast clock: this checks correctness, not time.
  const scale = 0.01;
  const { portal, url, close } = await openPortal(scale, false);
  try {
    const portalId = 5_000_000;
    const seeded = await prepare(portal, url, portalId, RESTART_CONTACTS, 0.02, 42);
    const writes = new Map<string, number>();
    const { gateway: inner } = openGateway(portal, url, portalId, scale);
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
    await new Promise((resolve) => setTimeout(resolve, 100));
    const resumed = await runRescore({ ...common, store, staleAfterMs: 0 });
    await store.close();
    const rewritten = [...writes.values()].filter((times) => times > 1).length;
    return {
      contacts: RESTART_CONTACTS,
      changed: seeded.changed,
      crashed_after_batches: crashAfter,
      crashed,
      checkpoint_after_crash:
        (afterCrash?.checkpoint as { afterId?: string } | null)?.afterId ?? null,
      resumed_status: resumed.progress?.status ?? 'not started',
      every_changed_contact_written: seeded.changed === writes.size,
      contacts_rewritten: rewritten,
      at_most_one_batch_rewritten: rewritten <= 100,
      all_contacts_scored: allScored(portal, portalId),
    };
  } finally {
    await close();
  }
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
      changedScoreProperties(contact, evaluate(contact, model, date));
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
  const machine = {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    limit_scale_factor: LIMIT_SCALE,
    latency_profile: latencyProfile,
    search_lag_ms: searchLagMs,
    limits: {
      general: `110 requests per ${10 * LIMIT_SCALE} s`,
      search: `5 requests per ${1 * LIMIT_SCALE} s`,
    },
  };
  log(
    `Local portal: latency profile ${latencyProfile}, search lag ${searchLagMs} ms (rescore and naive runs; ` +
      'the restart check, webhook and card-API benches run without latency).',
  );
  log(
    `Limits: HubSpot's, windows × ${LIMIT_SCALE} (110 requests per ${10 * LIMIT_SCALE} s; search 5 per ${LIMIT_SCALE} s). ` +
      `Naive baseline measured on ${NAIVE_SAMPLE} contacts per run and extrapolated to N.`,
  );

  const scoring = benchScoring();
  log(`scoring: ${scoring.contacts_per_second} contacts/s on one core`);
  const rescore: RescoreRow[] = [];
  for (const [index, run] of RESCORE_RUNS.entries()) {
    log(`rescore: ${run.contacts} contacts, ${run.changedShare * 100} % changed …`);
    rescore.push(await benchRescore(run.contacts, run.changedShare, index));
  }
  log(`restart check: ${RESTART_CONTACTS} contacts, crash mid-way …`);
  const restart = await benchRestart();
  log('Webhook burst: 10,000 events in batches of 100, 10 % redelivered, every batch reordered …');
  const webhooks = await benchWebhooks(10_000);
  log('Card API: 50 plan loads and 50 section saves …');
  const cardApi = await benchCardApi(50);

  const results = {
    generated_at: new Date().toISOString(),
    machine,
    rescore,
    restart,
    scoring,
    webhooks,
    card_api: cardApi,
  };
  const directory = new URL('./results/', import.meta.url);
  mkdirSync(directory, { recursive: true });
  writeFileSync(new URL('latest.json', directory), `${JSON.stringify(results, null, 2)}\n`);

  log('');
  log(
    `Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; limit windows × ${LIMIT_SCALE}; ` +
      `latency ${latencyProfile}, search lag ${searchLagMs} ms`,
  );
  log('');
  log(
    'Rescore (calls and time against the lower bound; naive = per-contact read + write, extrapolated from a sample)',
  );
  log(
    table(
      [
        'contacts',
        'changed',
        'calls',
        'bound',
        'calls/bound',
        'wall s',
        'bound s',
        'time/bound',
        '429s',
        'naive calls',
        'naive s',
        'naive/ours calls',
        'naive/ours time',
        'all scored',
      ],
      rescore.map((row) => [
        row.contacts,
        `${Math.round(row.changed_share * 100)} %`,
        row.calls,
        row.lower_bound_calls,
        row.calls_ratio_to_bound.toFixed(3),
        (row.wall_ms / 1000).toFixed(1),
        (row.bound_ms / 1000).toFixed(1),
        row.time_ratio_to_bound.toFixed(3),
        row.rate_limited_429,
        row.naive_calls_extrapolated,
        (row.naive_ms_extrapolated / 1000).toFixed(0),
        `${row.calls_ratio_naive_to_ours}×`,
        `${row.time_ratio_naive_to_ours}×`,
        row.all_contacts_scored ? 'yes' : 'NO',
      ]),
    ),
  );
  log('');
  log(
    `Restart: ${restart.contacts} contacts, crash after ${restart.crashed_after_batches} batches → resumed ${restart.resumed_status}; ` +
      `rewritten ${restart.contacts_rewritten} (≤ 100: ${restart.at_most_one_batch_rewritten ? 'yes' : 'NO'}); ` +
      `every changed contact written: ${restart.every_changed_contact_written ? 'yes' : 'NO'}; all scored: ${restart.all_contacts_scored ? 'yes' : 'NO'}`,
  );
  log(`Scoring engine: ${scoring.contacts_per_second} contacts/s on one core (default model)`);
  const show = (value: Record<string, unknown>) =>
    Object.entries(value)
      .map(([key, v]) => `${key}=${String(v)}`)
      .join(', ');
  log(`Webhooks: ${show(webhooks)}`);
  log(`Card API: ${show(cardApi)}`);
  log('');
  log('Written to bench/results/latest.json');
}

await main();
