// Bulk jobs (one `running` job per portal and kind, heartbeat and take-over of dead ones) and the
// round-robin cursors.
import { assertPoolSize, toJsonText } from '../store.ts';
import type { Job, JobState, JobStore } from '../store.ts';
import type { SqlStoreContext } from './context.ts';
import type { SqlValue } from './driver.ts';
import type { JobRow } from './rows.ts';

/** `$1`–`$5` of a job's writes: its key, status, checkpoint and progress. */
function stateParams(portalId: number, kind: string, state: JobState): SqlValue[] {
  return [portalId, kind, state.status, toJsonText(state.checkpoint), toJsonText(state.progress)];
}

export function jobMethods({ db, rows, now }: SqlStoreContext): JobStore {
  async function readJob(portalId: number, kind: string): Promise<Job | null> {
    const [row] = await db.rows<JobRow>(
      'SELECT * FROM bulk_jobs WHERE portal_id = $1 AND kind = $2',
      [portalId, kind],
    );
    return row ? rows.job(row) : null;
  }

  return {
    getJob: readJob,

    async startJob(portalId, kind, initial = {}) {
      // A finished job is replaced; a running one refuses. A delete between our attempt and our
      // read starts the loop again, bounded since every round either starts or observes a row.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const [started] = await db.rows<JobRow>(
          `INSERT INTO bulk_jobs (portal_id, kind, status, checkpoint, progress, started_at, updated_at)
           VALUES ($1, $2, 'running', $3, $4, $5, $5)
           ON CONFLICT (portal_id, kind) DO UPDATE SET status = 'running',
             checkpoint = EXCLUDED.checkpoint, progress = EXCLUDED.progress,
             started_at = EXCLUDED.started_at, updated_at = EXCLUDED.updated_at
             WHERE bulk_jobs.status <> 'running'
           RETURNING *`,
          [portalId, kind, toJsonText(initial.checkpoint), toJsonText(initial.progress), now()],
        );
        if (started) return { ok: true, job: rows.job(started) };
        const running = await readJob(portalId, kind);
        if (running?.status === 'running') return { ok: false, running };
      }
      throw new Error(`Bulk job ${kind} of portal ${portalId} kept changing while being started.`);
    },

    async saveJob(portalId, kind, state) {
      const [row] = await db.rows<JobRow>(
        `INSERT INTO bulk_jobs (portal_id, kind, status, checkpoint, progress, started_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (portal_id, kind) DO UPDATE SET status = EXCLUDED.status,
           checkpoint = EXCLUDED.checkpoint, progress = EXCLUDED.progress,
           updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [...stateParams(portalId, kind, state), now()],
      );
      return rows.job(row!);
    },

    async deleteJob(portalId, kind) {
      const changed = await db.run('DELETE FROM bulk_jobs WHERE portal_id = $1 AND kind = $2', [
        portalId,
        kind,
      ]);
      return changed > 0;
    },

    async takeOverJob(portalId, kind, staleBefore, state) {
      // One guarded update: of several processes taking over one dead job, exactly one matches.
      const changed = await db.run(
        `UPDATE bulk_jobs SET status = $3, checkpoint = $4, progress = $5, updated_at = $6
         WHERE portal_id = $1 AND kind = $2 AND status = 'running' AND updated_at < $7`,
        [...stateParams(portalId, kind, state), now(), staleBefore],
      );
      return changed > 0;
    },

    async listRunningJobs(kind) {
      const found = await db.rows<JobRow>(
        "SELECT * FROM bulk_jobs WHERE kind = $1 AND status = 'running' ORDER BY portal_id",
        [kind],
      );
      return found.map(rows.job);
    },

    async nextRoundRobin(portalId, size, pool = 'default') {
      assertPoolSize(size);
      const [row] = await db.rows<{ counter: number | string }>(
        `INSERT INTO round_robin (portal_id, pool, counter) VALUES ($1, $2, 1)
         ON CONFLICT (portal_id, pool) DO UPDATE SET counter = round_robin.counter + 1
         RETURNING counter`,
        [portalId, pool],
      );
      return (Number(row!.counter) - 1) % size;
    },
  };
}
