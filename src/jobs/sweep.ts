// The incremental score sweep: keeps the `op_*` score properties HubSpot's lists, reports and
// workflows read current, for every property a rule reads — subscribed to by webhooks or not —
// and for engagement decay, without rescoring the whole portal. Each run reads, with CRM search:
//  - the contacts modified since the last run's start (`lastmodifieddate`), overlapped by
//    SEARCH_INDEX_LAG_MS because HubSpot's search index lags writes by seconds, and
//  - the contacts whose stored score changes by itself by now (`op_score_next_change_at` ≤ now),
// in one query (two filter groups, OR), paged by `hs_object_id` with a fresh query per page, so
// HubSpot's 10,000-results-per-query cap never applies. Calls grow with what changed: one search
// page per 200 such contacts, plus the batch writes of the scores that changed.
// https://developers.hubspot.com/docs/api/crm/search
//
// Each page goes through the one scoring transition and the batched effect runner (injected by
// the backend: jobs never import the server). The run is a job in the store (kind `score-sweep`,
// one per portal): its checkpoint holds the run's instant, the window and the last id done, saved
// after every page, so a crashed run is taken over and resumes after that id with the same
// instant — promotions keep their operation ids (`sweep:<run>:<contact>`), and the page in flight
// is re-read with a batch read (not search, which may still show the old values), so nothing is
// written twice. The next run's window starts at this run's instant.
import { SEARCH_INDEX_LAG_MS, SEARCH_PAGE_LIMIT } from '../domain/hubspot-limits.ts';
import { CONTACT_PROPERTIES } from '../domain/properties.ts';
import { scoringReadProperties } from '../domain/lifecycle/index.ts';
import type { Settings } from '../domain/settings.ts';
import type { CrmGateway, CrmRecord, SearchFilterGroup } from '../hubspot/gateway.ts';
import type { Logger } from '../runtime/logger.ts';
import type { Store } from '../store/store.ts';

/** The job kind in the store (and for the queue's schedule). */
export const SCORE_SWEEP_JOB_KIND = 'score-sweep';
/** How often the queue runs the sweep per portal unless configured (SCORE_SWEEP_INTERVAL_MS). */
export const DEFAULT_SWEEP_INTERVAL_MS = 15 * 60_000;
/** A `running` sweep whose checkpoint is older than this belongs to a dead process: taken over. */
export const SWEEP_STALE_AFTER_MS = 60_000;

/** What the sweep reads of a portal's context (the server's HandlerContext has it all). */
export interface SweepContext {
  gateway: CrmGateway;
  store: Store;
  settings: Settings;
  logger: Logger;
  now: Date;
}

/** What one page's scoring did (the server's batched scoring answers this). */
export interface SweepPageOutcome {
  written: number;
  promoted: number;
  refused: number;
}

/** What the sweep needs, injected by the backend so jobs never import the server. */
export interface SweepDeps<Ctx extends SweepContext = SweepContext> {
  contextFor: (portalId: number) => Promise<Ctx | null>;
  /** Scores records already read through the one transition and the batched effect runner. */
  scoreRecords: (
    records: CrmRecord[],
    ctx: Ctx,
    operationIdFor: (contactId: string) => string,
  ) => Promise<SweepPageOutcome>;
  /** The interval between runs; the first run's window reaches this far back. */
  intervalMs?: number;
}

/** The stored checkpoint of a run. */
interface SweepCheckpoint {
  /** The run's instant (epoch ms): the window's end and the promotions' operation ids. */
  runAt: number;
  /** Contacts modified at or after this instant (epoch ms) are read. */
  since: number;
  /** Every contact up to this id is done (null: none yet). */
  afterId: string | null;
  /** The next run's window starts here (set when the run completed). */
  cursor?: number;
  read: number;
  written: number;
  promoted: number;
}

/** What one sweep did. */
export type SweepResult =
  | {
      ran: true;
      read: number;
      written: number;
      promoted: number;
      pages: number;
      resumed: boolean;
      since: string;
    }
  | { ran: false; reason: 'not_installed' | 'running' };

const parseCheckpoint = (value: unknown): SweepCheckpoint | null => {
  const c = value as Partial<SweepCheckpoint> | null;
  return c && typeof c.runAt === 'number' && typeof c.since === 'number'
    ? {
        runAt: c.runAt,
        since: c.since,
        afterId: typeof c.afterId === 'string' ? c.afterId : null,
        ...(typeof c.cursor === 'number' ? { cursor: c.cursor } : {}),
        read: c.read ?? 0,
        written: c.written ?? 0,
        promoted: c.promoted ?? 0,
      }
    : null;
};

/** Admits this run: a new one after the last cursor, or the take-over of a dead one. */
async function admit(
  store: Store,
  portalId: number,
  now: number,
  intervalMs: number,
): Promise<{ checkpoint: SweepCheckpoint; resumed: boolean } | null> {
  const previous = await store.getJob(portalId, SCORE_SWEEP_JOB_KIND);
  const stored = parseCheckpoint(previous?.checkpoint);
  if (previous?.status === 'running' && stored) {
    if (now - previous.updatedAt < SWEEP_STALE_AFTER_MS) return null;
    const state = { status: 'running' as const, checkpoint: stored, progress: null };
    const taken = await store.takeOverJob(
      portalId,
      SCORE_SWEEP_JOB_KIND,
      now - SWEEP_STALE_AFTER_MS + 1,
      state,
    );
    return taken ? { checkpoint: stored, resumed: true } : null;
  }
  // The window starts at the last completed run's instant (the first run: one interval back),
  // overlapped by the search index's lag, so a write the index did not show then is read now.
  const from = stored?.cursor ?? stored?.since ?? null;
  const checkpoint: SweepCheckpoint = {
    runAt: now,
    since: (from ?? now - intervalMs) - SEARCH_INDEX_LAG_MS,
    afterId: null,
    read: 0,
    written: 0,
    promoted: 0,
  };
  const started = await store.startJob(portalId, SCORE_SWEEP_JOB_KIND, {
    checkpoint,
    progress: null,
  });
  return started.ok ? { checkpoint, resumed: false } : null;
}

/** The two filter groups (OR) of one page: modified in the window, or due to change by now. */
function filterGroups(checkpoint: SweepCheckpoint): SearchFilterGroup[] {
  const after = checkpoint.afterId
    ? [{ propertyName: 'hs_object_id', operator: 'GT' as const, value: checkpoint.afterId }]
    : [];
  return [
    {
      filters: [
        { propertyName: 'lastmodifieddate', operator: 'GTE', value: String(checkpoint.since) },
        ...after,
      ],
    },
    {
      filters: [
        {
          propertyName: CONTACT_PROPERTIES.scoreNextChangeAt.name,
          operator: 'LTE',
          value: String(checkpoint.runAt),
        },
        ...after,
      ],
    },
  ];
}

/** Runs one sweep of the portal; `{ ran: false }` when it is not installed or a sweep runs. */
export async function runScoreSweep<Ctx extends SweepContext>(
  deps: SweepDeps<Ctx>,
  portalId: number,
): Promise<SweepResult> {
  const ctx = await deps.contextFor(portalId);
  if (!ctx) return { ran: false, reason: 'not_installed' };
  const { store, gateway } = ctx;
  const admitted = await admit(
    store,
    portalId,
    ctx.now.getTime(),
    deps.intervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
  );
  if (!admitted) return { ran: false, reason: 'running' };
  const checkpoint = admitted.checkpoint;
  const properties = scoringReadProperties(ctx.settings.scoring);
  const operationIdFor = (contactId: string) => `sweep:${checkpoint.runAt}:${contactId}`;
  let pages = 0;
  try {
    for (;;) {
      const page = await gateway.search('contacts', {
        filterGroups: filterGroups(checkpoint),
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        properties,
        limit: SEARCH_PAGE_LIMIT,
      });
      pages += 1;
      let records = page.results;
      // A resumed run's first page may be the one in flight at the crash: search may still show
      // the values from before its writes, a batch read shows HubSpot's current ones.
      if (admitted.resumed && pages === 1 && records.length > 0)
        records = await gateway.batchReadContacts(
          records.map((record) => record.id),
          properties,
        );
      if (records.length > 0) {
        const done = await deps.scoreRecords(records, ctx, operationIdFor);
        checkpoint.read += records.length;
        checkpoint.written += done.written;
        checkpoint.promoted += done.promoted;
        checkpoint.afterId = page.results[page.results.length - 1]!.id;
        await store.saveJob(portalId, SCORE_SWEEP_JOB_KIND, {
          status: 'running',
          checkpoint,
          progress: null,
        });
      }
      if (page.results.length === 0 || page.total <= page.results.length) break;
    }
  } catch (error) {
    // The checkpoint stays `running`; the next run (after SWEEP_STALE_AFTER_MS) resumes it.
    ctx.logger.warn({ err: error, portalId }, 'score sweep stopped; the next run resumes it');
    throw error;
  }
  await store.saveJob(portalId, SCORE_SWEEP_JOB_KIND, {
    status: 'completed',
    checkpoint: { ...checkpoint, cursor: checkpoint.runAt },
    progress: null,
  });
  return {
    ran: true,
    read: checkpoint.read,
    written: checkpoint.written,
    promoted: checkpoint.promoted,
    pages,
    resumed: admitted.resumed,
    since: new Date(checkpoint.since).toISOString(),
  };
}
