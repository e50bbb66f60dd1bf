// Bulk jobs and round-robin cursors, each one record written under its lock.
import { assertPoolSize } from '../../store/store.ts';
import type { Job, JobState, JobStore } from '../../store/store.ts';
import { key, parse, stored } from './context.ts';
import type { HostedContext } from './context.ts';

export function jobMethods(context: HostedContext): JobStore {
  const { records, now, put, read, withLock } = context;
  const readJob = (portalId: number, kind: string) => read<Job>(key.job(portalId, kind));
  const jobLock = (portalId: number, kind: string) => `internal:${key.job(portalId, kind)}`;
  const putJob = (job: Job) =>
    put(key.job(job.portalId, job.kind), { kind: 'job', portalId: job.portalId, value: job });
  /** A job's record with `state` written at `at`. */
  const withState = (
    job: Omit<Job, keyof JobState | 'updatedAt'>,
    state: JobState,
    at = now(),
  ): Job => ({
    ...job,
    status: state.status,
    checkpoint: stored(state.checkpoint),
    progress: stored(state.progress),
    updatedAt: at,
  });

  return {
    getJob: readJob,

    async takeOverJob(portalId, kind, staleBefore, state) {
      return withLock(jobLock(portalId, kind), async () => {
        const existing = await readJob(portalId, kind);
        if (!existing || existing.status !== 'running' || existing.updatedAt >= staleBefore)
          return false;
        await putJob(withState(existing, state));
        return true;
      });
    },

    async listRunningJobs(kind) {
      const found = await records.scan({ kind: 'job' });
      return found
        .map((record) => parse<Job>(record))
        .filter((job) => job.kind === kind && job.status === 'running')
        .sort((a, b) => a.portalId - b.portalId);
    },

    async startJob(portalId, kind, initial = {}) {
      return withLock(jobLock(portalId, kind), async () => {
        const existing = await readJob(portalId, kind);
        if (existing && existing.status === 'running')
          return { ok: false as const, running: existing };
        const at = now();
        const state: JobState = {
          status: 'running',
          checkpoint: initial.checkpoint,
          progress: initial.progress,
        };
        const job = withState({ portalId, kind, startedAt: at }, state, at);
        await putJob(job);
        return { ok: true as const, job };
      });
    },

    async saveJob(portalId, kind, state) {
      return withLock(jobLock(portalId, kind), async () => {
        const existing = await readJob(portalId, kind);
        const at = now();
        const job = withState({ portalId, kind, startedAt: existing?.startedAt ?? at }, state, at);
        await putJob(job);
        return job;
      });
    },

    async deleteJob(portalId, kind) {
      return withLock(jobLock(portalId, kind), () => records.remove(key.job(portalId, kind)));
    },

    async nextRoundRobin(portalId, size, pool = 'default') {
      assertPoolSize(size);
      return withLock(`internal:${key.roundRobin(portalId, pool)}`, async () => {
        const counter = (await read<{ next: number }>(key.roundRobin(portalId, pool)))?.next ?? 0;
        await put(key.roundRobin(portalId, pool), {
          kind: 'round-robin',
          portalId,
          value: { next: counter + 1 },
        });
        return counter % size;
      });
    },
  };
}
