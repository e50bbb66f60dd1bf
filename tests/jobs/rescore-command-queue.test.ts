// The rescore CLI on the job queue: its rescore is the portal's `rescore` job, run in the CLI's
// process, so another replica (a card's cancel) stops it and a queued job elsewhere keeps the CLI
// from starting a second one. In-process always; pg-boss on a real PostgreSQL with
// TEST_DATABASE_URL (two queue instances over one fresh schema: the CLI and a replica).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createInProcessQueue } from '../../src/jobs/queue-in-process.ts';
import { createPgBossQueue } from '../../src/jobs/queue-pg-boss.ts';
import type { JobQueue } from '../../src/jobs/queue.ts';
import { runRescoreCommand } from '../../src/jobs/rescore-command.ts';
import { getRescoreProgress, RESCORE_JOB_KIND } from '../../src/jobs/rescore.ts';
import { startHarness, type Harness } from './rescore-harness.ts';

const databaseUrl = process.env.TEST_DATABASE_URL;

interface Queues {
  cli: JobQueue;
  replica: JobQueue;
  close(): Promise<void>;
}

const variants: [string, () => Promise<Queues>][] = [
  [
    'in-process',
    async () => {
      const queue = createInProcessQueue();
      await queue.start();
      return { cli: queue, replica: queue, close: () => queue.stop() };
    },
  ],
];
if (databaseUrl) {
  variants.push([
    'pg-boss',
    async () => {
      const schema = `queue_cli_${process.pid}_${randomBytes(5).toString('hex')}`;
      const open = async () => {
        const queue = createPgBossQueue({ connectionString: databaseUrl, schema, heartbeatMs: 50 });
        await queue.start();
        return queue;
      };
      const cli = await open();
      const replica = await open();
      return {
        cli,
        replica,
        async close() {
          await cli.stop();
          await replica.stop();
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await client.end();
        },
      };
    },
  ]);
} else {
  console.warn('pg-boss variant of the rescore CLI tests skipped: TEST_DATABASE_URL is not set.');
}

describe.each(variants)('rescore CLI on the %s job queue', (_name, openQueues) => {
  let harness: Harness | undefined;
  let queues: Queues | undefined;
  afterEach(async () => {
    await queues?.close();
    await harness?.close();
    harness = undefined;
    queues = undefined;
  });

  // A terminal redraws on every progress update (so the test sees each batch).
  const quietTerminal = (write: (text: string) => void = () => undefined) => ({
    isTTY: true,
    write,
    now: () => 0,
    onInterrupt: () => () => undefined,
  });

  it("is the portal's running job: a cancel from another replica stops it (exit 130)", async () => {
    harness = await startHarness({ contacts: 1_000, changedShare: 1 });
    queues = await openQueues();
    const { cli, replica } = queues;
    const h = harness;
    let cancelled: Promise<boolean> | undefined;
    const code = await runRescoreCommand({
      options: { portalId: h.portalId, restart: false, bulkShare: 1 },
      store: h.store,
      gateway: h.gateway,
      queue: cli,
      // Once the first batches are written, a card in another replica cancels.
      terminal: quietTerminal(() => {
        if (!cancelled && h.log.batches >= 1) {
          cancelled = (async () => {
            expect(await replica.current(RESCORE_JOB_KIND, h.portalId)).toMatchObject({
              state: 'active',
            });
            return replica.cancel(RESCORE_JOB_KIND, h.portalId);
          })();
        }
      }),
    });
    expect(await cancelled).toBe(true);
    expect(code).toBe(130);
    const progress = await getRescoreProgress(h.store, h.portalId);
    expect(progress?.status).toBe('cancelled');
    expect(progress?.processed).toBeLessThan(1_000);
    expect(await replica.current(RESCORE_JOB_KIND, h.portalId)).toBeNull();
  });

  it("runs nothing while the portal's rescore job is queued elsewhere (exit 2)", async () => {
    harness = await startHarness({ contacts: 50, changedShare: 1 });
    queues = await openQueues();
    await queues.replica.enqueue(RESCORE_JOB_KIND, harness.portalId);
    const written: string[] = [];
    const code = await runRescoreCommand({
      options: { portalId: harness.portalId, restart: false, bulkShare: 1 },
      store: harness.store,
      gateway: harness.gateway,
      queue: queues.cli,
      terminal: quietTerminal((text) => written.push(text)),
    });
    expect(code).toBe(2);
    expect(written.join('')).toContain('is already running');
    expect(harness.log.batches).toBe(0);
  });
});
