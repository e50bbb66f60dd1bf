// The latency model: every HubSpot call the local portal answers is held back by a latency drawn
// from a log-normal distribution for its class of endpoint (read, search, batch write, OAuth …),
// seeded so a run can be repeated. Off by default (`createLocalPortal` answers at once, as unit
// tests want); `LOCAL_PORTAL_LATENCY=hubspot` turns on the HubSpot-like profile below.
//
// Where the figures come from: HubSpot publishes no response-time figures (../shared/HUBSPOT.md,
// "Latency"; none found in HubSpot's docs, changelog or community pages either). What integrators
// report: "hundreds of milliseconds per call and around a second for batch writes of 100"
// (HUBSPOT.md), a sync tool measuring 700–800 ms per record for a few calls in a row
// (https://docs.erpbridge.io/security/2.-rate-limit), and load-test guides that budget
// p95 < 2 s per HubSpot call. The profile therefore assumes, per class (median / p95):
//   read (one record, properties, owners, pipelines, associations): 180 ms / 450 ms
//   batch read of 100:                       350 ms / 900 ms
//   write (create, update, archive one):     250 ms / 600 ms
//   batch write of n inputs:          150 ms + 8.5 ms × n median (≈ 1 s for 100) / × 2.2 at p95
//   search:                                  400 ms / 1,100 ms
//   OAuth token, introspect, revoke:         300 ms / 700 ms
//   schema (property, group, label writes):  350 ms / 900 ms
// and caps any single draw at 10 s. They are assumptions to make timing bugs visible, not
// measurements; override them with LOCAL_PORTAL_LATENCY_OVERRIDES (see docs/local-portal.md).
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { createSeededRandom } from './clock.ts';

/** The classes of endpoint that share a latency distribution. */
export const LATENCY_CLASSES = [
  'read',
  'batchRead',
  'write',
  'batchWrite',
  'search',
  'oauth',
  'schema',
] as const;

/** One class of endpoint. */
export type LatencyClass = (typeof LATENCY_CLASSES)[number];

/** A log-normal distribution given by its median and one tail quantile (p95 or p99), in ms. */
export interface LatencyDistribution {
  medianMs: number;
  /** The 95th percentile; give this or p99Ms. */
  p95Ms?: number;
  /** The 99th percentile. */
  p99Ms?: number;
  /** Added to the median per batch input (batch classes only; the tail scales with it). */
  perInputMs?: number;
}

/** A latency profile: a distribution per class and a cap for any single draw. */
export interface LatencyProfile {
  name: string;
  classes: Record<LatencyClass, LatencyDistribution>;
  maxMs: number;
}

/** The HubSpot-like profile; see the header comment for where each figure comes from. */
export const HUBSPOT_LATENCY_PROFILE: LatencyProfile = {
  name: 'hubspot',
  classes: {
    read: { medianMs: 180, p95Ms: 450 },
    batchRead: { medianMs: 350, p95Ms: 900 },
    write: { medianMs: 250, p95Ms: 600 },
    batchWrite: { medianMs: 150, p95Ms: 330, perInputMs: 8.5 },
    search: { medianMs: 400, p95Ms: 1100 },
    oauth: { medianMs: 300, p95Ms: 700 },
    schema: { medianMs: 350, p95Ms: 900 },
  },
  maxMs: 10_000,
};

// Standard normal quantiles: Φ⁻¹(0.95) and Φ⁻¹(0.99).
const Z95 = 1.6448536269514722;
const Z99 = 2.3263478740408408;

const distributionSchema = z
  .object({
    medianMs: z.number().positive().max(60_000),
    p95Ms: z.number().positive().max(120_000).optional(),
    p99Ms: z.number().positive().max(120_000).optional(),
    perInputMs: z.number().min(0).max(1_000).optional(),
  })
  .strict()
  .refine((value) => (value.p95Ms ?? value.p99Ms ?? value.medianMs) >= value.medianMs, {
    message: 'The tail (p95Ms or p99Ms) must not be below medianMs.',
  });

/** Per-class overrides of a profile (LOCAL_PORTAL_LATENCY_OVERRIDES), validated. */
export const latencyOverridesSchema = z
  .object(
    Object.fromEntries(
      LATENCY_CLASSES.map((name) => [name, distributionSchema.optional()]),
    ) as Record<LatencyClass, z.ZodOptional<typeof distributionSchema>>,
  )
  .extend({ maxMs: z.number().positive().max(120_000).optional() })
  .strict();

/** Overrides of a profile's classes. */
export type LatencyOverrides = z.infer<typeof latencyOverridesSchema>;

/** The profile with the given classes replaced. */
export function applyLatencyOverrides(
  profile: LatencyProfile,
  overrides: LatencyOverrides,
): LatencyProfile {
  const classes = { ...profile.classes };
  for (const name of LATENCY_CLASSES) {
    const override = overrides[name];
    if (override) classes[name] = override;
  }
  return {
    name: Object.keys(overrides).length > 0 ? `${profile.name}+overrides` : profile.name,
    classes,
    maxMs: overrides.maxMs ?? profile.maxMs,
  };
}

/** μ and σ of the log-normal with this median and tail (σ = 0 without a tail: a constant). */
export function logNormalParameters(
  distribution: LatencyDistribution,
  inputs = 0,
): { mu: number; sigma: number } {
  const scale = 1 + ((distribution.perInputMs ?? 0) * inputs) / distribution.medianMs;
  const median = distribution.medianMs * scale;
  const mu = Math.log(median);
  if (distribution.p95Ms !== undefined)
    return { mu, sigma: Math.log(distribution.p95Ms / distribution.medianMs) / Z95 };
  if (distribution.p99Ms !== undefined)
    return { mu, sigma: Math.log(distribution.p99Ms / distribution.medianMs) / Z99 };
  return { mu, sigma: 0 };
}

/** Draws latencies from a profile with a seeded generator (same seed, same sequence). */
export interface LatencySampler {
  readonly profile: LatencyProfile;
  /** One latency in ms for a call of `latencyClass` with `inputs` batch inputs. */
  draw(latencyClass: LatencyClass, inputs?: number): number;
}

/** Creates a sampler; Box–Muller over mulberry32, so a seed fixes every draw. */
export function createLatencySampler(profile: LatencyProfile, seed: number): LatencySampler {
  const random = createSeededRandom(seed);
  const uniform = () => {
    // (0, 1]: log(0) would be -∞.
    return 1 - random();
  };
  return {
    profile,
    draw(latencyClass, inputs = 0) {
      const distribution = profile.classes[latencyClass];
      const { mu, sigma } = logNormalParameters(distribution, inputs);
      const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * random());
      return Math.min(profile.maxMs, Math.exp(mu + sigma * normal));
    },
  };
}

const BATCH_WRITE = /\/batch\/(create|update|upsert|archive)$/;

/**
 * The class of a HubSpot call by method and path (legacy and date-versioned paths alike), or
 * undefined for paths outside HubSpot's API (they are not delayed).
 */
export function classifyCall(method: string, path: string): LatencyClass | undefined {
  const verb = method.toUpperCase();
  if (path.startsWith('/oauth/')) return path.includes('/authorize') ? undefined : 'oauth';
  if (!path.startsWith('/crm/') && !path.startsWith('/automation/')) return undefined;
  if (path.endsWith('/search')) return 'search';
  if (path.endsWith('/batch/read')) return 'batchRead';
  if (BATCH_WRITE.test(path)) return 'batchWrite';
  const schema =
    path.startsWith('/crm/properties/') ||
    path.startsWith('/crm/v3/properties/') ||
    path.includes('/labels');
  if (verb === 'GET') return 'read';
  return schema ? 'schema' : 'write';
}

/** Inputs of a batch body (`{ inputs: [...] }`), 0 otherwise. */
function batchInputs(body: unknown): number {
  const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
  return Array.isArray(inputs) ? inputs.length : 0;
}

/** Options of the latency middleware. */
export interface LatencyMiddlewareOptions {
  sampler: LatencySampler;
  /** Waits `ms` (tests inject one that records and resolves at once). */
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic ms, to subtract the time the portal itself spent on the call. */
  now?: () => number;
}

/** The middleware's view for tests and the bench: how many calls were held, and for how long. */
export interface LatencyMiddleware {
  (req: Request, res: Response, next: NextFunction): void;
  stats(): { calls: number; totalMs: number; byClass: Record<string, number> };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Holds each answer back until the drawn latency has passed since the request arrived: the work
 * happens at once (a write is visible to other callers while this one still waits, as on HubSpot),
 * only `res.end` is delayed. The draw happens when the answer is ready, so batch sizes are known.
 */
export function createLatencyMiddleware(options: LatencyMiddlewareOptions): LatencyMiddleware {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? (() => performance.now());
  let calls = 0;
  let totalMs = 0;
  const byClass: Record<string, number> = {};
  const middleware = ((req: Request, res: Response, next: NextFunction) => {
    const latencyClass = classifyCall(req.method, req.path);
    if (!latencyClass) {
      next();
      return;
    }
    const arrived = now();
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    (res as { end: (...args: unknown[]) => Response }).end = (...args: unknown[]) => {
      const drawn = options.sampler.draw(latencyClass, batchInputs(req.body));
      const wait = Math.max(0, drawn - (now() - arrived));
      calls += 1;
      totalMs += drawn;
      byClass[latencyClass] = (byClass[latencyClass] ?? 0) + 1;
      void sleep(wait).then(() => end(...args));
      return res;
    };
    next();
  }) as LatencyMiddleware;
  middleware.stats = () => ({ calls, totalMs, byClass: { ...byClass } });
  return middleware;
}
