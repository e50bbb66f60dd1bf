// Fault injection: latency and failures per path prefix and method, drawn from a seeded PRNG so a
// test sees the same sequence every run. The failure bodies imitate HubSpot's: a 429 is the
// ten-second limit body (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines),
// 5xx bodies follow https://developers.hubspot.com/docs/api-reference/error-handling.
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { createSeededRandom } from './clock.ts';
import { createErrorBody, sendError } from './hubspot-errors.ts';
import { createTenSecondlyBody } from './rate-limit.ts';

const probability = z.number().min(0).max(1);

export const faultRuleSchema = z.object({
  /** Applies to paths starting with this prefix (`/crm/v3/objects/contacts`). */
  pathPrefix: z.string().startsWith('/').default('/'),
  /** HTTP method, or `*` for every method. */
  method: z
    .string()
    .default('*')
    .transform((method) => method.toUpperCase()),
  /** Added delay before the request is handled, in ms. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  rate429: probability.default(0),
  rate500: probability.default(0),
  rate502: probability.default(0),
  /** Probability that the portal never answers and drops the connection after `timeoutMs`. */
  rateTimeout: probability.default(0),
  /**
   * Probability that the portal carries the request out and then resets the connection instead of
   * sending its 2xx answer: the client cannot tell whether a create happened (issue 13's second
   * deal). A failing answer (4xx/5xx) is sent as usual.
   */
  rateResetAfterSuccess: probability.default(0),
});

export const faultsConfigSchema = z.object({
  seed: z.number().int().default(1),
  /** How long a "timeout" fault holds the request before dropping the connection, in ms. */
  timeoutMs: z.number().int().min(0).max(120_000).default(30_000),
  rules: z.array(faultRuleSchema).max(100).default([]),
});

/** One fault rule after defaults. */
export type FaultRule = z.output<typeof faultRuleSchema>;
/** The whole fault configuration after defaults. */
export type FaultsConfig = z.output<typeof faultsConfigSchema>;
/** The configuration as callers write it (defaults optional). */
export type FaultsConfigInput = z.input<typeof faultsConfigSchema>;

/** What happens to one request. */
export type FaultOutcome = 'pass' | '429' | '500' | '502' | 'timeout' | 'reset_after_success';

/** The decision for one request. */
export interface FaultDecision {
  outcome: FaultOutcome;
  latencyMs: number;
}

/** Configurable, deterministic fault injection. */
export interface Faults {
  /** Replaces the configuration and restarts the PRNG from its seed. */
  configure(config: FaultsConfigInput): FaultsConfig;
  /** The configuration in force. */
  current(): FaultsConfig;
  /** Decides (and consumes randomness for) one request. */
  decide(method: string, path: string): FaultDecision;
  /** Express middleware applying the decisions. */
  middleware(req: Request, res: Response, next: NextFunction): void;
}

/** Creates fault injection with no rules (every request passes). */
export function createFaults(initial: FaultsConfigInput = {}, appId = 1): Faults {
  let config = faultsConfigSchema.parse(initial);
  let random = createSeededRandom(config.seed);

  function decide(method: string, path: string): FaultDecision {
    const upper = method.toUpperCase();
    const rule = config.rules.find(
      (candidate) =>
        path.startsWith(candidate.pathPrefix) &&
        (candidate.method === '*' || candidate.method === upper),
    );
    if (!rule) return { outcome: 'pass', latencyMs: 0 };
    // One draw per request, compared against cumulative bands, keeps the sequence reproducible.
    const draw = random();
    const bands: Array<[FaultOutcome, number]> = [
      ['429', rule.rate429],
      ['500', rule.rate500],
      ['502', rule.rate502],
      ['timeout', rule.rateTimeout],
      ['reset_after_success', rule.rateResetAfterSuccess],
    ];
    let threshold = 0;
    for (const [outcome, rate] of bands) {
      threshold += rate;
      if (draw < threshold) return { outcome, latencyMs: rule.latencyMs };
    }
    return { outcome: 'pass', latencyMs: rule.latencyMs };
  }

  function apply(decision: FaultDecision, req: Request, res: Response, next: NextFunction): void {
    switch (decision.outcome) {
      case 'pass':
        next();
        return;
      case '429':
        // Faults run before authentication, so the portal is not known yet: the group names portal 0.
        sendError(res, 429, createTenSecondlyBody(appId, 0));
        return;
      case '500':
        sendError(res, 500, createErrorBody('internal error', 'INTERNAL_ERROR'));
        return;
      case '502':
        sendError(res, 502, createErrorBody('Bad Gateway', 'BAD_GATEWAY'));
        return;
      case 'timeout': {
        const timer = setTimeout(() => req.socket.destroy(), config.timeoutMs);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'reset_after_success': {
        // The handler runs (its writes happen); a 2xx answer is replaced by a dropped connection.
        const end = res.end.bind(res) as (...args: unknown[]) => Response;
        res.end = ((...args: unknown[]) => {
          if (res.statusCode >= 200 && res.statusCode < 300) {
            req.socket.destroy();
            return res;
          }
          return end(...args);
        }) as Response['end'];
        next();
        return;
      }
      default: {
        const unreachable: never = decision.outcome;
        throw new Error(`unknown fault outcome ${String(unreachable)}`);
      }
    }
  }

  return {
    configure(next) {
      config = faultsConfigSchema.parse(next);
      random = createSeededRandom(config.seed);
      return config;
    },
    current: () => config,
    decide,
    middleware(req, res, next) {
      const decision = decide(req.method, req.path);
      if (decision.latencyMs > 0) {
        setTimeout(() => apply(decision, req, res, next), decision.latencyMs);
      } else {
        apply(decision, req, res, next);
      }
    },
  };
}
