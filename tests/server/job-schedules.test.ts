// The portal's recurring jobs through the whole backend, on both queue implementations (pg-boss
// on a real PostgreSQL when TEST_DATABASE_URL is set, each run in its own schema): set up by the
// install, fired on the queue's (injected) clock and worked against the local portal, removed by
// the uninstall (the grant revoked at HubSpot), and reconciled with the installations at start-up.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createInProcessQueue } from '../../src/jobs/queue-in-process.ts';
import { createPgBossQueue } from '../../src/jobs/queue-pg-boss.ts';
import {
  PORTAL_SCHEDULES,
  REQUALIFICATION_JOB_KIND,
  SCORE_SWEEP_JOB_KIND,
  type JobQueue,
} from '../../src/jobs/queue.ts';
import { eventually } from '../jobs/queue-contract.ts';
import { startHarness, type Harness } from './harness.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const databaseUrl = process.env.TEST_DATABASE_URL;

interface Variant {
  name: string;
  open(clock: { now: number }): { queue: JobQueue; drop(): Promise<void> };
}

const variants: Variant[] = [
  {
    name: 'in-process',
    open: (clock) => ({
      queue: createInProcessQueue({ now: () => clock.now, retryDelayMs: 0 }),
      drop: async () => undefined,
    }),
  },
];
if (databaseUrl) {
  variants.push({
    name: 'pg-boss',
    open(clock) {
      const schema = `queue_backend_${process.pid}_${randomBytes(5).toString('hex')}`;
      return {
        queue: createPgBossQueue({
          connectionString: databaseUrl,
          schema,
          now: () => clock.now,
          pollMs: 50,
          heartbeatMs: 100,
          retryDelayMs: 0,
        }),
        async drop() {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await client.end();
        },
      };
    },
  });
} else {
  console.warn('pg-boss variant of the schedule tests skipped: TEST_DATABASE_URL is not set.');
}

describe.each(variants)('portal job schedules ($name queue)', (variant) => {
  let h: Harness | undefined;
  let drop: (() => Promise<void>) | undefined;
  const clock = { now: 1_800_000_000_000 };
  afterEach(async () => {
    await h?.close();
    await drop?.();
    h = undefined;
  });

  async function start(): Promise<Harness> {
    const opened = variant.open(clock);
    drop = opened.drop;
    h = await startHarness({ overrides: { queue: opened.queue } });
    return h;
  }

  it('schedules the portal at install, runs the daily sweep when due, removes it at uninstall', async () => {
    const harness = await start();
    const { queue } = harness.backend;
    const portalId = harness.demoPortalId;
    expect(await queue.schedules(portalId)).toEqual([]);
    // WHEN the app is installed
    expect(await harness.install(portalId)).toMatch(/^200/);
    // THEN the portal has every recurring job, the re-qualification sweep daily
    expect(await queue.schedules(portalId)).toEqual(
      PORTAL_SCHEDULES.map(({ kind, everyMs }) => ({
        kind,
        portalId,
        everyMs,
        nextRunAt: clock.now + everyMs,
      })),
    );
    expect(await queue.schedules(portalId)).toContainEqual(
      expect.objectContaining({ kind: REQUALIFICATION_JOB_KIND, everyMs: DAY_MS }),
    );
    // WHEN a day passes and the queue's tick fires the due schedules
    harness.portal.counters.reset();
    clock.now += DAY_MS;
    expect(await queue.runDueSchedules()).toBe(PORTAL_SCHEDULES.length);
    // THEN a worker runs the sweep against HubSpot (its search for due deals) and finishes
    await eventually(() =>
      expect(
        Object.keys(harness.portal.counters.snapshot().byRoute).some((route) =>
          /deals\/search/.test(route),
        ),
      ).toBe(true),
    );
    await eventually(async () =>
      expect(await queue.current(REQUALIFICATION_JOB_KIND, portalId)).toBeNull(),
    );
    // AND the score sweep ran too (a job of its own, which may start after the re-qualification
    // sweep ended): its contact search, and its run recorded as completed
    await eventually(() =>
      expect(
        Object.keys(harness.portal.counters.snapshot().byRoute).some((route) =>
          /contacts\/search/.test(route),
        ),
      ).toBe(true),
    );
    await eventually(async () =>
      expect((await harness.backend.store.getJob(portalId, SCORE_SWEEP_JOB_KIND))?.status).toBe(
        'completed',
      ),
    );
    // WHEN the app is uninstalled (the grant revoked at HubSpot, the installation marked)
    await harness.backend.tokens.uninstall(portalId, 'uninstalled in the test');
    // THEN the portal has no schedule left
    await eventually(async () => expect(await queue.schedules(portalId)).toEqual([]));
  });

  it('at start-up gives every active installation its schedules and drops stale ones', async () => {
    const harness = await start();
    const { queue } = harness.backend;
    const portalId = harness.demoPortalId;
    expect(await harness.install(portalId)).toMatch(/^200/);
    // GIVEN the installed portal lost its schedules and a portal that is not installed has one
    await queue.unschedule(portalId);
    await queue.schedule(REQUALIFICATION_JOB_KIND, 424242, { everyMs: DAY_MS });
    // WHEN the background work starts (as `npm start` does)
    harness.backend.startBackgroundWork(60_000);
    // THEN the installed portal has its schedules again, and only it
    await eventually(async () =>
      expect((await queue.schedules()).map((s) => [s.portalId, s.kind])).toEqual(
        PORTAL_SCHEDULES.map(({ kind }) => [portalId, kind]),
      ),
    );
  });
});
