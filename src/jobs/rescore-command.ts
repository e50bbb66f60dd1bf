// `npm run rescore -- --portal <id>`: the command behind src/jobs/rescore-cli.ts. Arguments and the
// environment are parsed with zod (errors name the flag or variable); the store, token manager and
// gateway come from the backend's wiring (src/runtime/wiring.ts); the portal's scoring
// model comes from its stored settings (the default model when none were saved). The rescore is the
// portal's `rescore` job on the deployment's job queue (src/jobs/queue.ts), run in this process
// (`runHere`): with pg-boss every replica sees it as the portal's running job (a card's start
// answers its progress, a card's cancel stops it), and a replica takes it over if this process dies.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { validateSettings } from '../domain/settings.ts';
import { DEFAULT_SCORING_MODEL, type ScoringModel } from '../domain/scoring/index.ts';
import type { CrmGateway } from '../hubspot/gateway.ts';
import { DEFAULT_RATE_LIMITS } from '../hubspot/rate-limiter.ts';
import { parseConfig } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { createRuntime } from '../runtime/wiring.ts';
import type { Store } from '../store/store.ts';
import { formatProgressLine } from './progress-bar.ts';
import { runRescore, type RescoreOutcome } from './rescore.ts';
import { getRescoreProgress, RESCORE_JOB_KIND, type RescoreProgress } from './rescore-progress.ts';
import type { JobQueue } from './queue.ts';
import { createInProcessQueue } from './queue-in-process.ts';
import { describeZodError } from '../domain/errors.ts';

/** The command's options. */
export interface RescoreCommandOptions {
  portalId: number;
  /** Ignore a previous run's checkpoint. */
  restart: boolean;
  /** Share of the portal's budgets this process's job may use (the server runs elsewhere). */
  bulkShare: number;
}

/** A command line the command cannot run; the message names the flag. */
export class UsageError extends Error {
  readonly code = 'usage';
}

export const RESCORE_USAGE =
  'Usage: npm run rescore -- --portal <portal id> [--restart] [--bulk-share <0–1>]';

const optionsSchema = z.object({
  portal: z.coerce
    .number({ error: 'must be a HubSpot portal id (a positive integer)' })
    .int({ error: 'must be a HubSpot portal id (a positive integer)' })
    .positive({ error: 'must be a HubSpot portal id (a positive integer)' }),
  restart: z.boolean().default(false),
  'bulk-share': z.coerce
    .number({ error: 'must be a number greater than 0 and at most 1' })
    .gt(0, { error: 'must be a number greater than 0 and at most 1' })
    .max(1, { error: 'must be a number greater than 0 and at most 1' })
    .default(DEFAULT_RATE_LIMITS.bulkShare),
});

/** Parses the command line (`process.argv.slice(2)`); throws UsageError naming the bad flag. */
export function parseRescoreArgs(argv: readonly string[]): RescoreCommandOptions {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        portal: { type: 'string' },
        restart: { type: 'boolean' },
        'bulk-share': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${RESCORE_USAGE}`);
  }
  if (values.portal === undefined) {
    throw new UsageError(`--portal is required\n${RESCORE_USAGE}`);
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    const problems = describeZodError(parsed.error, {
      format: (error) => `--${error.path} ${error.message}`,
    });
    throw new UsageError(`${problems}\n${RESCORE_USAGE}`);
  }
  return {
    portalId: parsed.data.portal,
    restart: parsed.data.restart,
    bulkShare: parsed.data['bulk-share'],
  };
}

/** The portal's scoring model from its stored settings, or the default model when none exist. */
export async function loadScoringModel(
  store: Pick<Store, 'getSettings'>,
  portalId: number,
): Promise<ScoringModel> {
  const stored = await store.getSettings(portalId);
  if (!stored) return DEFAULT_SCORING_MODEL;
  const settings = validateSettings(stored.value);
  if (!settings.ok) {
    const problems = settings.errors.map((error) => `${error.path}: ${error.message}`);
    throw new Error(
      `The stored settings of portal ${portalId} are invalid — fix them on the settings page: ${problems.join('; ')}`,
    );
  }
  return settings.value.scoring;
}

/** Where the command writes and how it learns about Ctrl-C; injected so it can be tested. */
export interface RescoreTerminal {
  write(text: string): void;
  isTTY: boolean;
  /** Registers the Ctrl-C handler; returns a function that removes it. */
  onInterrupt(handler: () => void): () => void;
  now(): number;
}

/** Prints progress: redrawn in place on a terminal, one line every `intervalMs` otherwise. */
export function createProgressPrinter(terminal: RescoreTerminal, intervalMs = 5_000) {
  let lastLineAt = Number.NEGATIVE_INFINITY;
  return {
    update(progress: RescoreProgress): void {
      const line = formatProgressLine(progress);
      if (terminal.isTTY) {
        terminal.write(`\r${line}\u001b[K`);
        return;
      }
      const at = terminal.now();
      if (progress.status !== 'running' || at - lastLineAt >= intervalMs) {
        lastLineAt = at;
        terminal.write(`${line}\n`);
      }
    },
    finish(progress: RescoreProgress): void {
      if (terminal.isTTY) terminal.write(`\r${formatProgressLine(progress)}\u001b[K\n`);
      else terminal.write(`${formatProgressLine(progress)}\n`);
    },
  };
}

/** Runs the rescore with a progress bar; Ctrl-C cancels (checkpoint kept). Returns the exit code. */
export async function runRescoreCommand(deps: {
  options: RescoreCommandOptions;
  store: Store;
  gateway: CrmGateway;
  terminal: RescoreTerminal;
  /** The deployment's started job queue (default: one of this process only). */
  queue?: JobQueue;
}): Promise<number> {
  const { options, store, gateway, terminal } = deps;
  const model = await loadScoringModel(store, options.portalId);
  const printer = createProgressPrinter(terminal);
  const queue = deps.queue ?? createInProcessQueue();
  if (!deps.queue) await queue.start();
  let interrupted = false;
  const removeInterrupt = terminal.onInterrupt(() => {
    if (interrupted) return;
    interrupted = true;
    terminal.write(
      '\nCancelling after the batch in flight (a rerun resumes from the checkpoint)…\n',
    );
    // Through the queue, as a card's cancel: the job ends cancelled, not handed to a replica.
    void queue.cancel(RESCORE_JOB_KIND, options.portalId).catch(() => undefined);
  });
  let outcome: RescoreOutcome | undefined;
  let failure: { error: unknown } | undefined;
  try {
    const here = await queue.runHere(RESCORE_JOB_KIND, options.portalId, async (run) => {
      try {
        outcome = await runRescore({
          portalId: options.portalId,
          gateway,
          store,
          model,
          signal: run.signal,
          restart: options.restart,
          onProgress: (progress) => printer.update(progress),
        });
      } catch (error) {
        failure = { error };
        throw error;
      }
    });
    if (!here.ran) {
      outcome = { started: false, progress: await getRescoreProgress(store, options.portalId) };
    }
  } finally {
    removeInterrupt();
    if (!deps.queue) await queue.stop();
  }
  if (failure) throw failure.error;
  if (!outcome) throw new Error('the rescore job ended without an outcome');
  if (!outcome.started) {
    const shown = outcome.progress ? ` ${formatProgressLine(outcome.progress)}` : '';
    terminal.write(`A rescore of portal ${options.portalId} is already running:${shown}\n`);
    return 2;
  }
  printer.finish(outcome.progress);
  switch (outcome.progress.status) {
    case 'completed':
      return 0;
    case 'cancelled':
      terminal.write('Cancelled; run the command again to resume.\n');
      return 130;
    default:
      terminal.write(`Rescore failed: ${outcome.progress.error ?? 'unknown error'}\n`);
      return 1;
  }
}

/** Builds store, token manager and gateway from the environment with the backend's wiring. */
export async function openRescoreDependencies(
  options: RescoreCommandOptions,
  env: Record<string, string | undefined>,
): Promise<{ store: Store; gateway: CrmGateway; queue: JobQueue; close: () => Promise<void> }> {
  const config = parseConfig(env);
  // Logs go to stderr: stdout carries the progress bar.
  const runtime = await createRuntime(config, {
    logger: createLogger(config.logLevel, process.stderr),
    rateLimits: { bulkShare: options.bulkShare },
  });
  // With REDIS_URL the CLI draws from the same per-portal budget as every replica; with
  // PostgreSQL its job is on the replicas' queue (it enqueues, it works no other job).
  await runtime.queue.start();
  return {
    store: runtime.store,
    gateway: runtime.gatewayFor(options.portalId),
    queue: runtime.queue,
    close: async () => {
      await runtime.queue.stop();
      await runtime.store.close();
      await runtime.budgets.close();
    },
  };
}
