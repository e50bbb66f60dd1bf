import {
  cancelRescore,
  fingerprintModel,
  getRescoreProgress,
  isRescoreRunning,
  DEFAULT_MAX_WRITES_IN_FLIGHT,
  RESCORE_JOB_KIND,
  runRescore,
  startRescore,
  type RescoreProgress,
} from '../../src/jobs/rescore.ts';
import type { Store } from '../../src/store/store.ts';
import { AS_OF, ROUTES, settle, startHarness, type Harness } from './rescore-harness.ts';

/** A store whose job writes start failing once `failing()` says so, like a process that died. */
function crashingStore(store: Store, failing: () => boolean): Store {
  return {
    ...store,
    saveJob: async (...args) => {
      if (failing()) throw new Error('simulated crash: the store is gone');
      return store.saveJob(...args);
    },
  };
}

/**
 * Contacts written but not covered by a stored checkpoint: a resumed run reads them again and, if
 * search still shows their old score (HubSpot's search lags writes), writes them again.
 */
function writtenBeyond(checkpoint: unknown, writes: Map<string, number>): string[] {
  const stored = checkpoint as {
    afterId: string | null;
    partitions?: { lo: string | null; afterId: string | null }[];
  };
  const ranges = stored.partitions ?? [{ lo: null, afterId: stored.afterId }];
  const covered = (id: string) =>
    ranges.some(
      (range) =>
        range.afterId !== null &&
        (range.lo === null || BigInt(id) > BigInt(range.lo)) &&
        BigInt(id) <= BigInt(range.afterId),
    );
  return [...writes.keys()].filter((id) => !covered(id));
}

/** Contacts written more than once. */
function rewritten(harness: Harness): string[] {
  return [...harness.log.writes].filter(([, times]) => times > 1).map(([id]) => id);
}

// Each case scores thousands of contacts through the real gateway and local portal; with coverage on
// a shared 2-core machine that can take minutes. The timeout is a safety net, not a time assertion.
jest.setTimeout(300_000);

describe('runRescore against the local portal', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('scores every contact once and writes only those whose score changed', async () => {
    // GIVEN 500 contacts, half of them with an outdated score
    harness = await startHarness({ contacts: 500, changedShare: 0.5 });
    const seen: RescoreProgress[] = [];

    // WHEN the portal is rescored
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      // (writes paced for one per second: a batch on loopback — tens of ms, a hundred on a loaded
      // machine — then never holds a batch in flight, so the writer keeps to batches of 100 as it
      // does at HubSpot without latency)
      writesPerSecond: 1,
      onProgress: (progress) => {
        seen.push(progress);
      },
    });

    // THEN exactly the 250 outdated contacts were written, each once, and now every score is current
    expect(harness.outdated.size).toBe(250);
    expect([...harness.log.writes.keys()].sort()).toEqual([...harness.outdated].sort());
    expect(rewritten(harness)).toEqual([]);
    expect(harness.unscored()).toEqual([]);
    // AND the portal saw the lower bound of calls: 3 pages of 200 (the top one sent with the first,
    // before the portal's size is known, so a big portal's split need not wait for it) and
    // batches of 100, 100, 50
    // (a page is asked twice only when the end of the reading is slower than a second)
    const hedged = outcome.started ? (outcome.hedgedSearches ?? 0) : 0;
    expect(harness.calls(ROUTES.search)).toBe(3 + hedged);
    expect(harness.calls(ROUTES.batchUpdate)).toBe(3);
    expect(harness.portal.counters.snapshot().byStatus['429']).toBeUndefined();
    // AND the progress reached the end and is stored for the API
    expect(outcome).toEqual({
      started: true,
      maxWritesInFlight: expect.any(Number),
      hedgedSearches: expect.any(Number),
      progress: expect.objectContaining({
        status: 'completed',
        processed: 500,
        total: 500,
        changed: 250,
        errors: 0,
        etaSeconds: 0,
      }),
    });
    expect(await getRescoreProgress(harness.store, harness.portalId)).toEqual(outcome.progress);
    const processed = seen.map((progress) => progress.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(seen.at(-1)?.status).toBe('completed');
    expect(isRescoreRunning(harness.portalId)).toBe(false);
  });

  // The past-the-cap cases run at 1/20 scale: a search cap of 500 results per query (HubSpot: 10,000)
  // and pages of 10 (HubSpot: 200), so the same pages, ranges and batches come from 20 times fewer
  // contacts; the local portal answers 400 past its cap exactly as HubSpot does past 10,000.
  const SCALED = { searchResultCap: 500, pageSize: 10 } as const;

  it('reads past the search-result cap by partitioning the search on hs_object_id', async () => {
    // GIVEN 525 contacts (past the cap of 500), 20 % outdated
    harness = await startHarness({
      contacts: 525,
      changedShare: 0.2,
      searchResultCap: SCALED.searchResultCap,
    });

    // WHEN the portal is rescored by one reader
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      readers: 1,
      pageSize: SCALED.pageSize,
    });

    // THEN every contact was read: 53 pages, none of them paging a query (no `after` cursor), each
    // starting after the last id of the page before
    expect(outcome.progress).toMatchObject({
      status: 'completed',
      processed: 525,
      changed: 105,
    });
    expect(harness.calls(ROUTES.search)).toBe(53);
    expect(harness.log.searches.every((request) => request.after === undefined)).toBe(true);
    const floors = harness.log.searches
      .slice(1)
      .map((request) => Number(request.filterGroups[0]?.filters[0]?.value));
    expect(floors).toHaveLength(52);
    expect(floors).toEqual([...floors].sort((a, b) => a - b));
    expect(new Set(floors).size).toBe(52);
    expect(harness.portal.counters.snapshot().byStatus['400']).toBeUndefined();
    expect(harness.log.writes.size).toBe(105);
    expect(harness.unscored()).toEqual([]);
  });

  it('splits a large portal into hs_object_id ranges read at once, each contact read once', async () => {
    // GIVEN 525 contacts (past the cap of 500), 40 % outdated
    harness = await startHarness({
      contacts: 525,
      changedShare: 0.4,
      searchResultCap: SCALED.searchResultCap,
    });

    // WHEN the portal is rescored by four readers
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      readers: 4,
      pageSize: SCALED.pageSize,
    });

    // THEN every contact was scored, every outdated one written exactly once
    expect(outcome.progress).toMatchObject({
      status: 'completed',
      processed: 525,
      total: 525,
      changed: 210,
    });
    expect(harness.unscored()).toEqual([]);
    expect([...harness.log.writes.keys()].sort()).toEqual([...harness.outdated].sort());
    expect(Math.max(...harness.log.writes.values())).toBe(1);
    // AND with the first page, one probe (sorted descending) read the top page and found the
    // highest id, and the rest was read in four bounded ranges (more when a reader done early took
    // half of another's range): 53 full or partial pages, at most one partial page per range
    const probes = harness.log.searches.filter(
      (request) => request.sorts?.[0]?.direction === 'DESCENDING',
    );
    expect(probes).toHaveLength(1);
    const uppers = new Set(
      harness.log.searches.flatMap((request) =>
        (request.filterGroups[0]?.filters ?? [])
          .filter((filter) => filter.operator === 'LTE')
          .map((filter) => filter.value),
      ),
    );
    expect(uppers.size).toBeGreaterThanOrEqual(3);
    expect(harness.calls(ROUTES.search)).toBeGreaterThanOrEqual(53);
    expect(harness.calls(ROUTES.search)).toBeLessThanOrEqual(53 + uppers.size + 1);
    // AND several batch writes were in flight at once, within the cap
    expect(outcome.started && outcome.maxWritesInFlight).toBeGreaterThanOrEqual(1);
    expect(outcome.started && outcome.maxWritesInFlight).toBeLessThanOrEqual(
      DEFAULT_MAX_WRITES_IN_FLIGHT,
    );
    expect(harness.portal.counters.snapshot().byStatus['400']).toBeUndefined();
    expect(harness.portal.counters.snapshot().byStatus['429']).toBeUndefined();
  });

  it("takes a range's last partial page along with the page of a range above it", async () => {
    // GIVEN 525 contacts (past the cap of 500), 40 % outdated, read by six readers in pages of 10
    harness = await startHarness({
      contacts: 525,
      changedShare: 0.4,
      searchResultCap: SCALED.searchResultCap,
    });

    // WHEN the portal is rescored
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      readers: 6,
      pageSize: SCALED.pageSize,
    });

    // THEN some pages asked for two or more ranges at once (one filter group each, at most
    // HubSpot's 5), every group below the next one: a range's last contacts came first, the page
    // was filled from the range above
    const shared = harness.log.searches.filter((request) => request.filterGroups.length > 1);
    expect(shared.length).toBeGreaterThanOrEqual(1);
    for (const request of shared) {
      expect(request.filterGroups.length).toBeLessThanOrEqual(5);
      const bounds = request.filterGroups.map((group) => ({
        gt: Number(group.filters.find((filter) => filter.operator === 'GT')?.value ?? 0),
        lte: Number(group.filters.find((filter) => filter.operator === 'LTE')?.value ?? Infinity),
      }));
      for (let index = 1; index < bounds.length; index += 1)
        expect(bounds[index - 1]!.lte).toBeLessThanOrEqual(bounds[index]!.gt);
    }
    // AND each contact was still read once and every outdated one written exactly once
    expect(outcome.progress).toMatchObject({ status: 'completed', processed: 525, changed: 210 });
    expect(harness.unscored()).toEqual([]);
    expect([...harness.log.writes.keys()].sort()).toEqual([...harness.outdated].sort());
    expect(Math.max(...harness.log.writes.values())).toBe(1);
    // AND the pages shared saved searches: fewer than one partial page per range
    const uppers = new Set(
      harness.log.searches.flatMap((request) =>
        request.filterGroups.flatMap((group) =>
          group.filters.filter((filter) => filter.operator === 'LTE').map((filter) => filter.value),
        ),
      ),
    );
    // (every range ends below the top page the probe read, so each has an upper bound)
    expect(harness.calls(ROUTES.search)).toBeLessThan(53 + uppers.size);
  });

  it('resumes a rescore twice past the cap after a crash, skipping nothing and rewriting at most the batches in flight', async () => {
    // GIVEN 800 contacts, twice past a search cap of 400 read in pages of 16 (HubSpot's cap of
    // 10,000 in pages of 200 at 1/25 and 1/12.5 scale), half of them outdated (4 batches), and a
    // writer that keeps at most 2 batches in flight.
    // (bench/run.ts runs the same check on 100,000 contacts at HubSpot's real cap.)
    harness = await startHarness({ contacts: 800, changedShare: 0.5, searchResultCap: 400 });
    const maxWritesInFlight = 2;
    // AND a process that dies (its store becomes unreachable) once the 2nd batch was sent
    const crashed = crashingStore(harness.store, () => harness!.log.batches >= 2);

    // WHEN the rescore runs into the crash
    await expect(
      runRescore({
        portalId: harness.portalId,
        gateway: harness.gateway,
        store: crashed,
        model: harness.model,
        scoringDate: AS_OF,
        pageSize: 16,
        maxWritesInFlight,
      }),
    ).rejects.toThrow('simulated crash');
    const afterCrash = await harness.store.getJob(harness.portalId, RESCORE_JOB_KIND);
    expect(afterCrash?.status).toBe('running');
    expect(harness.unscored().length).toBeGreaterThan(0);
    // AND what was written beyond the stored checkpoint is at most the batches in flight
    const beyond = writtenBeyond(afterCrash?.checkpoint, harness.log.writes);
    expect(beyond.length).toBeLessThanOrEqual(maxWritesInFlight * 100);
    await settle();

    // AND a restarted process runs it again (the dead job's row is taken over at once)
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      staleAfterMs: 0,
      pageSize: 16,
      maxWritesInFlight,
    });

    // THEN every contact is scored, every outdated one was written, no current one was
    expect(outcome.progress).toMatchObject({
      status: 'completed',
      processed: 800,
      total: 800,
    });
    expect(harness.unscored()).toEqual([]);
    expect([...harness.log.writes.keys()].sort()).toEqual([...harness.outdated].sort());
    // AND only contacts written beyond the stored checkpoint could be written twice (here none is:
    // the resumed run reads those contacts back with their new scores)
    expect(rewritten(harness).every((id) => beyond.includes(id))).toBe(true);
    expect(Math.max(...harness.log.writes.values())).toBeLessThanOrEqual(2);
    // (the changes the crashed run wrote past its checkpoint are not counted again)
    expect(outcome.progress?.changed).toBeGreaterThanOrEqual(400 - beyond.length);
    expect(outcome.progress?.changed).toBeLessThanOrEqual(400);
    // AND the resumed run did not read the contacts before the checkpoint again
    const checkpoint = (afterCrash?.checkpoint ?? {}) as { afterId: string };
    const resumedFirst = harness.log.searches.find(
      (request) => request.filterGroups[0]?.filters[0]?.value === checkpoint.afterId,
    );
    expect(resumedFirst).toBeDefined();
    expect(harness.portal.counters.snapshot().byStatus['400']).toBeUndefined();
  });

  it('fails when HubSpot keeps failing batch updates (fault injection) and resumes from the checkpoint', async () => {
    // GIVEN 625 contacts, 80 % outdated (5 batches), a writer that keeps at most 2 batches in
    // flight, and a portal whose batch updates start failing with 500s after the 2nd batch
    let failing = false;
    const maxWritesInFlight = 2;
    harness = await startHarness({
      contacts: 625,
      changedShare: 0.8,
      beforeBatch: () => {
        if (harness!.log.batches === 2 && !failing) {
          failing = true;
          harness!.portal.faults.configure({
            rules: [
              {
                pathPrefix: '/crm/objects/2026-09/contacts/batch/update',
                method: 'POST',
                rate500: 1,
              },
            ],
          });
        }
      },
    });

    // WHEN the rescore runs into the failures
    const first = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      maxWritesInFlight,
    });

    // THEN it fails, keeping a checkpoint that covers every batch HubSpot accepted but the ones
    // in flight
    expect(first.progress?.status).toBe('failed');
    const stored = await harness.store.getJob(harness.portalId, RESCORE_JOB_KIND);
    const unscored = new Set(harness.unscored());
    const accepted = new Map([...harness.log.writes].filter(([id]) => !unscored.has(id)));
    expect(writtenBeyond(stored?.checkpoint, accepted).length).toBeLessThanOrEqual(
      maxWritesInFlight * 100,
    );

    // WHEN HubSpot recovers and the job runs again
    harness.portal.faults.configure({ rules: [] });
    await settle();
    const second = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
    });

    // THEN every contact is scored
    expect(second.progress).toMatchObject({ status: 'completed', processed: 625 });
    expect(harness.unscored()).toEqual([]);
  });

  it('resumes after a failure in onProgress, keeping the checkpoint', async () => {
    // GIVEN 600 contacts, all outdated, and a progress listener that fails after two batches
    harness = await startHarness({ contacts: 600, changedShare: 1 });
    const first = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      onProgress: () => {
        if (harness!.log.batches >= 2) throw new Error('listener broke');
      },
    });
    // THEN the job failed with the reason and kept its checkpoint
    expect(first.progress).toMatchObject({ status: 'failed', error: 'listener broke' });

    // WHEN it runs again
    const second = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
    });

    // THEN it completes from the checkpoint: every contact written, at most one batch twice
    expect(second.progress).toMatchObject({
      status: 'completed',
      processed: 600,
      changed: 600,
    });
    expect(harness.log.writes.size).toBe(600);
    expect(rewritten(harness).length).toBeLessThanOrEqual(100);
    expect(harness.unscored()).toEqual([]);
  });

  it('cancels on abort, keeps the checkpoint and resumes on the next run', async () => {
    // GIVEN 500 outdated contacts and a rescore that is aborted after its second batch
    harness = await startHarness({ contacts: 500, changedShare: 1 });
    const controller = new AbortController();
    const cancelled = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      signal: controller.signal,
      onProgress: () => {
        if (harness!.log.batches >= 2) controller.abort();
      },
    });

    // THEN it stopped as cancelled, with work left, and its checkpoint stored
    expect(cancelled.progress?.status).toBe('cancelled');
    expect(harness.log.batches).toBeLessThan(5);
    const stored = await harness.store.getJob(harness.portalId, RESCORE_JOB_KIND);
    expect(stored?.status).toBe('cancelled');
    expect((stored?.checkpoint as { afterId: string | null }).afterId).not.toBeNull();
    expect(harness.unscored().length).toBeGreaterThan(0);

    // WHEN it runs again, THEN it resumes and finishes without rewriting anything
    const resumed = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
    });
    expect(resumed.progress).toMatchObject({ status: 'completed', processed: 500 });
    expect(harness.log.writes.size).toBe(500);
    expect(rewritten(harness).length).toBeLessThanOrEqual(100);
    expect(harness.unscored()).toEqual([]);
  });

  it('cancelRescore stops the job running in this process', async () => {
    // GIVEN a running rescore of 500 outdated contacts
    harness = await startHarness({ contacts: 500, changedShare: 1 });
    expect(cancelRescore(harness.portalId)).toBe(false);
    let cancelledHere: boolean | undefined;
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      // WHEN it is cancelled through the registry after its first batch
      onProgress: () => {
        if (harness!.log.batches >= 1 && cancelledHere === undefined) {
          cancelledHere = cancelRescore(harness!.portalId);
        }
      },
    });

    // THEN the job ends cancelled and no longer counts as running
    expect(cancelledHere).toBe(true);
    expect(outcome.progress?.status).toBe('cancelled');
    expect(isRescoreRunning(harness.portalId)).toBe(false);
    expect(harness.log.batches).toBeLessThan(5);
  });

  it('runs one job per portal: a second start answers the running job', async () => {
    // GIVEN a rescore running in this process
    harness = await startHarness({ contacts: 600, changedShare: 1 });
    const options = {
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
    };
    const first = await startRescore(options);
    expect(first.started).toBe(true);

    // WHEN a second rescore is asked for the same portal
    const second = await runRescore(options);

    // THEN it is refused with the running job's progress, and the first one finishes normally
    expect(second.started).toBe(false);
    expect(second.progress?.status).toBe('running');
    const done = first.started ? await first.done : undefined;
    expect(done?.progress).toMatchObject({ status: 'completed', processed: 600 });
    expect(harness.log.writes.size).toBe(600);
    expect(rewritten(harness)).toEqual([]);
  });

  it('leaves a job that another live process is running alone', async () => {
    // GIVEN a running rescore row another process saved moments ago
    harness = await startHarness({ contacts: 200, changedShare: 1 });
    const other = await harness.store.startJob(harness.portalId, RESCORE_JOB_KIND, {
      progress: { status: 'running', processed: 10 },
    });
    expect(other.ok).toBe(true);

    // WHEN this process asks for a rescore
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      staleAfterMs: 60_000,
    });

    // THEN nothing is read or written
    expect(outcome.started).toBe(false);
    expect(harness.log.searches).toEqual([]);
    expect(harness.log.batches).toBe(0);
  });

  it('counts contacts HubSpot refuses in a batch as errors and carries on', async () => {
    // GIVEN 500 outdated contacts, and one contact of every batch deleted just before it is sent
    const deleted: string[] = [];
    harness = await startHarness({
      contacts: 500,
      changedShare: 1,
      beforeBatch: (ids) => {
        deleted.push(ids[0]!);
        harness?.state.archiveObject('contacts', ids[0]!);
      },
    });

    // WHEN the portal is rescored
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
    });

    // THEN the job completes, counting one error per batch (5 of 100, or more, smaller ones at the
    // end when the writes' latency holds a batch in flight)
    expect(deleted.length).toBeGreaterThanOrEqual(5);
    expect(outcome.progress).toMatchObject({
      status: 'completed',
      errors: deleted.length,
      changed: 500,
    });
    expect(harness.unscored()).toEqual([]);
  });

  it('starts over when the scoring model changed since the checkpoint', async () => {
    // GIVEN a cancelled job whose checkpoint belongs to another model
    harness = await startHarness({ contacts: 400, changedShare: 0.5 });
    await harness.store.saveJob(harness.portalId, RESCORE_JOB_KIND, {
      status: 'cancelled',
      checkpoint: {
        afterId: harness.ids[300],
        processed: 300,
        changed: 0,
        errors: 0,
        startedAt: 0,
        model: 'another-model',
      },
      progress: null,
    });
    expect(fingerprintModel(harness.model)).not.toBe('another-model');

    // WHEN the portal is rescored
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
    });

    // THEN it read every contact from the first one
    expect(harness.log.searches[0]?.filterGroups).toEqual([]);
    expect(outcome.progress).toMatchObject({ status: 'completed', processed: 400, changed: 200 });
    expect(harness.unscored()).toEqual([]);
  });

  it('draws on the bulk lane, so interactive requests keep their share and pass', async () => {
    // GIVEN a small budget (10 requests per 40 ms, search 5 per 10 ms) of which bulk may use half
    harness = await startHarness({
      contacts: 800,
      changedShare: 1,
      limiter: {
        maxRequests: 10,
        windowMs: 40,
        maxSearchRequests: 5,
        searchWindowMs: 12,
        bulkShare: 0.5,
      },
    });
    const before = harness.limiter.counters();
    const job = await startRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
    });

    // WHEN a card reads contacts while the job runs
    const reads = await Promise.all(
      harness.ids.slice(0, 5).map((id) => harness!.gateway.getContact(id, ['email'])),
    );
    const stillRunning = isRescoreRunning(harness.portalId);
    const outcome = job.started ? await job.done : undefined;

    // THEN the card's reads succeeded while the job was still running
    expect(reads.map((record) => record.id)).toEqual(harness.ids.slice(0, 5));
    expect(stillRunning).toBe(true);
    expect(outcome?.progress).toMatchObject({ status: 'completed', changed: 800 });
    // AND the job's calls were counted on the bulk lane, the card's on the interactive one
    const after = harness.limiter.counters();
    expect(after.standard.interactive - before.standard.interactive).toBe(5);
    // (at least the 8 batch updates of 100; the writer may end in smaller ones)
    expect(after.standard.bulk - before.standard.bulk).toBe(harness.calls(ROUTES.batchUpdate));
    expect(harness.calls(ROUTES.batchUpdate)).toBeGreaterThanOrEqual(8);
    expect(after.search.bulk - before.search.bulk).toBe(4);
    expect(after.search.interactive - before.search.interactive).toBe(0);
    expect(harness.portal.counters.snapshot().byStatus['429']).toBeUndefined();
  });

  it('answers null progress for a portal that never ran a rescore', async () => {
    harness = await startHarness({ contacts: 0, changedShare: 0 });
    expect(await getRescoreProgress(harness.store, harness.portalId)).toBeNull();

    // AND a rescore of an empty portal completes at once with one search (and the probe sent with
    // it, which a portal of fewer than two pages spends)
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: harness.gateway,
      store: harness.store,
      model: harness.model,
    });
    expect(outcome.progress).toMatchObject({ status: 'completed', processed: 0, total: 0 });
    expect(harness.calls(ROUTES.search)).toBe(1 + 1);
    expect(harness.calls(ROUTES.batchUpdate)).toBe(0);
  });

  it('rejects a page size HubSpot would refuse', async () => {
    harness = await startHarness({ contacts: 0, changedShare: 0 });
    await expect(
      runRescore({
        portalId: harness.portalId,
        gateway: harness.gateway,
        store: harness.store,
        model: harness.model,
        pageSize: 201,
      }),
    ).rejects.toThrow('pageSize must be an integer from 1 to 200');
  });
});
