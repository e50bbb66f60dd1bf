import type { CrmGateway, SearchPage } from '../../src/hubspot/gateway.ts';
import { runRescore } from '../../src/jobs/rescore.ts';
import { AS_OF, ROUTES, startHarness, type Harness } from './rescore-harness.ts';

/**
 * The gateway with one answer held back: the first search page that holds `slowId` reaches the
 * job only when `release` is called (as if HubSpot took seconds for it); a second copy of the same
 * request answers at once.
 */
function slowPageFor(inner: CrmGateway, slowId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const state = { held: 0, copies: 0 };
  const seen = new Set<string>();
  const wrap = (gateway: CrmGateway): CrmGateway => ({
    ...gateway,
    withLane: (lane) => wrap(gateway.withLane(lane)),
    withMaxWait: (ms) => wrap(gateway.withMaxWait(ms)),
    withDeadline: (at) => wrap(gateway.withDeadline(at)),
    search: async (objectType, request, options): Promise<SearchPage> => {
      const key = JSON.stringify(request);
      const page = await gateway.search(objectType, request, options);
      if (seen.has(key)) state.copies += 1;
      else if (page.results.some((record) => record.id === slowId)) {
        seen.add(key);
        state.held += 1;
        await released;
      }
      return page;
    },
  });
  return { gateway: wrap(inner), release, state };
}

/**
 * Rescores with the held page (slow after 20 ms) and releases it once the run is over. The valve
 * is a safety net, not a time assertion: a run that cannot end without the page ends after a
 * minute, with `valveOpened`.
 */
async function runHeld(harness: Harness, slow: ReturnType<typeof slowPageFor>) {
  let valveOpened = false;
  const valve = setTimeout(() => {
    valveOpened = true;
    slow.release();
  }, 60_000);
  try {
    const outcome = await runRescore({
      portalId: harness.portalId,
      gateway: slow.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      hedgeSearchAfterMs: 20,
    });
    return { outcome, valveOpened };
  } finally {
    clearTimeout(valve);
    slow.release();
  }
}

jest.setTimeout(120_000);

describe('the rescore at the end of its reading', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('asks a slow last page again and takes the first answer, scoring every contact once', async () => {
    // GIVEN 1,000 contacts, a quarter outdated: the probe reads the top 200 as a range of its own,
    // and the range below ends with the page holding the 800th contact
    harness = await startHarness({ contacts: 1_000, changedShare: 0.25 });
    const slow = slowPageFor(harness.gateway, harness.ids[799]!);

    // WHEN that last page does not answer (it is held until the run is over)
    const { outcome, valveOpened } = await runHeld(harness, slow);

    // THEN the run completed on the second copy's answer, while the first was still held
    expect(valveOpened).toBe(false);
    expect(slow.state.held).toBe(1);
    expect(slow.state.copies).toBe(1);
    expect(outcome.progress).toMatchObject({ status: 'completed', processed: 1_000, changed: 250 });
    // AND every contact was scored and written once: the page's contacts were taken in once
    expect(harness.unscored()).toEqual([]);
    expect([...harness.log.writes.values()].every((times) => times === 1)).toBe(true);
    expect(harness.log.writes.size).toBe(250);
    // AND every search beyond the 5 pages was a copy of a page, counted as such
    const hedged = outcome.started ? (outcome.hedgedSearches ?? 0) : 0;
    expect(hedged).toBeGreaterThanOrEqual(1);
    expect(harness.calls(ROUTES.search)).toBe(5 + hedged);
  });

  it('never asks a page twice while other pages are still to be asked', async () => {
    // GIVEN 1,000 contacts read by one reader, and the page holding the 400th held back (the
    // pages after it are still to be asked, and only this reader asks them)
    harness = await startHarness({ contacts: 1_000, changedShare: 0.25 });
    const slow = slowPageFor(harness.gateway, harness.ids[399]!);

    // WHEN the rescore runs with a hedge delay far shorter than the held page
    const run = runRescore({
      portalId: harness.portalId,
      gateway: slow.gateway,
      store: harness.store,
      model: harness.model,
      scoringDate: AS_OF,
      readers: 1,
      hedgeSearchAfterMs: 1,
    });
    // (the page is released once the run has had time to hedge it, had it been allowed to)
    await new Promise((resolve) => setTimeout(resolve, 200));
    slow.release();
    const outcome = await run;

    // THEN the held page was not asked twice, and the run completed
    expect(slow.state.held).toBe(1);
    expect(slow.state.copies).toBe(0);
    expect(outcome.progress).toMatchObject({ status: 'completed', processed: 1_000 });
    expect(harness.unscored()).toEqual([]);
  });

  it('reads the contacts behind a slow page with another reader, then asks that page again', async () => {
    // GIVEN 1,000 contacts and the page holding the 400th held back until the run is over: the
    // 400 contacts after it, up to the top page, are behind it in the same range
    harness = await startHarness({ contacts: 1_000, changedShare: 0.25 });
    const slow = slowPageFor(harness.gateway, harness.ids[399]!);

    // WHEN the rescore runs with its readers
    const { outcome, valveOpened } = await runHeld(harness, slow);

    // THEN the run completed while the page was held: another reader read the contacts behind it
    // (a search starting above the held page's first id), and the page itself was asked again
    // once nothing else was left to ask
    expect(valveOpened).toBe(false);
    expect(slow.state.copies).toBe(1);
    // (the held page reads the ids after the 200th: a search from above that is another reader's)
    const heldFrom = BigInt(harness.ids[200]!);
    const floors = harness.log.searches.flatMap((request) =>
      request.filterGroups.flatMap((group) =>
        group.filters.filter((filter) => filter.operator === 'GT').map((f) => BigInt(f.value!)),
      ),
    );
    expect(floors.some((floor) => floor > heldFrom)).toBe(true);
    // AND every contact was scored, each outdated one written exactly once
    expect(outcome.progress).toMatchObject({ status: 'completed', processed: 1_000, changed: 250 });
    expect(harness.unscored()).toEqual([]);
    expect(harness.log.writes.size).toBe(250);
    expect([...harness.log.writes.values()].every((times) => times === 1)).toBe(true);
  });
});
