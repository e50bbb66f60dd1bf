// The in-process job queue (the sqlite default) against the shared battery. It is one process's
// queue: every `open` answers the same instance (there are no replicas to share jobs with).
import { createInProcessQueue } from '../../src/jobs/queue-in-process.ts';
import type { JobQueue } from '../../src/jobs/queue.ts';
import { describeQueueContract, type QueueHarness } from './queue-contract.ts';

describeQueueContract('in-process', async (): Promise<QueueHarness> => {
  const clock = { now: 1_700_000_000_000 };
  let queue: JobQueue | undefined;
  return {
    replicas: false,
    clock,
    async open(handlers) {
      if (!queue) {
        queue = createInProcessQueue({ now: () => clock.now, retryDelayMs: 0, pollMs: 60_000 });
        await queue.start(handlers ?? {});
      } else if (handlers) {
        await queue.start(handlers);
      }
      return queue;
    },
    async close() {
      await queue?.stop();
    },
  };
});
