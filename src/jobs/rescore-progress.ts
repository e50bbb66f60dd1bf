// What a rescore job records in the store: its progress (for the settings page's progress bar, the
// API and the CLI) and its checkpoint (where a restarted job resumes). Both are plain JSON owned by
// the job (src/store/store.ts: "bulk-job checkpoints: opaque JSON owned by the job"), parsed with zod
// when read back so a row written by an older version never crashes a reader.
import { z } from 'zod';
import type { RescoreProgress } from '../contract/card-api.ts';
import type { Store } from '../store/store.ts';

/** The store's job kind for the bulk rescore (one per portal at a time). */
export const RESCORE_JOB_KIND = 'rescore';

/**
 * A `running` job whose heartbeat is older than this belongs to a process that died: the next
 * process (or the background resumer, src/jobs/background.ts) takes it over. Four heartbeats, ms.
 */
export const RESCORE_STALE_AFTER_MS = 20_000;

/** How far a rescore got, as a person follows it: one declaration, the card-API contract's, for
 * the job, the handlers and the cards. */
export type { RescoreProgress } from '../contract/card-api.ts';

/**
 * Where a job resumes: every contact with `hs_object_id` ≤ `afterId` is scored AND written (or needed
 * no write). The counts are those of exactly that prefix, so a resumed run continues them.
 */
export interface RescoreCheckpoint {
  /** Highest contact id up to which everything is done; null before the first contact. */
  afterId: string | null;
  processed: number;
  changed: number;
  errors: number;
  /** When the job first started, epoch ms. */
  startedAt: number;
  /** Fingerprint of the scoring model; a checkpoint of another model is not resumed. */
  model: string;
  /** The `hs_object_id` ranges read in parallel, each with its own checkpoint (absent: one range
   * after `afterId`). */
  partitions?: RescorePartitionCheckpoint[];
}

/** One range's checkpoint: every contact in (lo, afterId] is scored and written. */
export interface RescorePartitionCheckpoint {
  /** Exclusive lower bound; null from the first contact. */
  lo: string | null;
  /** Inclusive upper bound; null unbounded. */
  hi: string | null;
  afterId: string | null;
  processed: number;
  changed: number;
  /** Every contact of the range is read (and, with no pending write, written). */
  done: boolean;
}

const count = z.number().int().nonnegative();

const progressSchema = z.object({
  status: z.enum(['running', 'completed', 'failed', 'cancelled']),
  processed: count,
  total: count,
  changed: count,
  errors: count,
  ratePerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  error: z.string().nullable().default(null),
});

const checkpointSchema = z.object({
  afterId: z.string().regex(/^\d+$/).nullable(),
  processed: count,
  changed: count,
  errors: count,
  startedAt: z.number(),
  model: z.string().min(1),
  partitions: z
    .array(
      z.object({
        lo: z.string().regex(/^\d+$/).nullable(),
        hi: z.string().regex(/^\d+$/).nullable(),
        afterId: z.string().regex(/^\d+$/).nullable(),
        processed: count,
        changed: count,
        done: z.boolean(),
      }),
    )
    .max(64)
    .optional(),
});

/** Reads a stored checkpoint; null when there is none or it is not one this version understands. */
export function parseRescoreCheckpoint(value: unknown): RescoreCheckpoint | null {
  const parsed = checkpointSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Reads stored progress; null when there is none or it is malformed. */
export function parseRescoreProgress(value: unknown): RescoreProgress | null {
  const parsed = progressSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Contacts per second and the seconds left, from what this run did in `elapsedMs`. */
export function estimateRate(
  processedThisRun: number,
  elapsedMs: number,
  remaining: number,
): { ratePerSecond: number; etaSeconds: number | null } {
  if (elapsedMs <= 0 || processedThisRun <= 0) {
    return { ratePerSecond: 0, etaSeconds: remaining === 0 ? 0 : null };
  }
  const ratePerSecond = (processedThisRun * 1000) / elapsedMs;
  return {
    ratePerSecond: Math.round(ratePerSecond * 10) / 10,
    etaSeconds: Math.ceil(Math.max(0, remaining) / ratePerSecond),
  };
}

/** The stored progress of a portal's rescore (GET /api/rescore reads this), or null when none ran. */
export async function getRescoreProgress(
  store: Pick<Store, 'getJob'>,
  portalId: number,
  options: { now?: () => number; staleAfterMs?: number } = {},
): Promise<RescoreProgress | null> {
  const job = await store.getJob(portalId, RESCORE_JOB_KIND);
  if (!job) return null;
  const progress = parseRescoreProgress(job.progress);
  if (!progress) return null;
  // The row's status is authoritative: it is written in the same save as the progress. A running
  // row whose heartbeat stopped is a dead process's job, about to be taken over.
  const now = options.now ?? Date.now;
  const stale =
    job.status === 'running' &&
    now() - job.updatedAt >= (options.staleAfterMs ?? RESCORE_STALE_AFTER_MS);
  return { ...progress, status: stale ? 'resuming' : job.status };
}
