import type { CrmGateway } from '../../src/hubspot/gateway.ts';
import {
  createWakeup,
  MIN_TAIL_BATCH_SIZE,
  runWriter,
  tailBatchSize,
  type Partition,
  type QueuedUpdate,
} from '../../src/jobs/rescore-parts.ts';

function partition(lo: string): Partition {
  return { lo, hi: null, cursor: lo, processed: 0, changed: 0, done: false, pending: new Map() };
}

/** `count` changed contacts of the range, queued in id order as a reader queues them. */
function queue(range: Partition, from: number, count: number): QueuedUpdate[] {
  return Array.from({ length: count }, (_, index) => {
    const item: QueuedUpdate = {
      id: String(from + index),
      properties: { op_score: '1' },
      partition: range,
      afterId: range.cursor,
      processedBefore: range.processed,
      changedBefore: range.changed,
    };
    range.pending.set(item.id, item);
    range.cursor = item.id;
    return item;
  });
}

/** A gateway whose batch updates of contacts in `held` wait until `release` is called. */
function gatewayHolding(held: Set<string>) {
  const calls: string[][] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const gateway = {
    async batchUpdate(_type: string, inputs: { id: string }[]) {
      calls.push(inputs.map((input) => input.id));
      if (inputs.some((input) => held.has(input.id))) await released;
      return { results: inputs.map((input) => ({ id: input.id, properties: {} })), errors: [] };
    },
  } as unknown as CrmGateway;
  return { gateway, calls, release };
}

async function flush(): Promise<void> {
  for (let round = 0; round < 20; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

interface Run {
  /** The clock the writer measures latency with. */
  now: () => number;
  /** Whether every contact is read (the queue grows no more). */
  read: () => boolean;
}

function start(gateway: CrmGateway, toWrite: QueuedUpdate[], maxInFlight: number, run: Run) {
  const wakeup = createWakeup();
  const done = runWriter({
    gateway,
    signal: new AbortController().signal,
    toWrite,
    readersDone: run.read,
    readingDone: run.read,
    // (while reading goes on, it goes on for long: full batches)
    readSecondsLeft: () => (run.read() ? 0 : Infinity),
    wakeup,
    now: run.now,
    maxInFlight,
    writesPerSecond: 11,
    fail: (error) => {
      throw error;
    },
    onWritten: async (batch) => {
      for (const item of batch) item.partition.pending.delete(item.id);
      wakeup.notify();
    },
    report: async () => undefined,
  });
  return { done, wakeup };
}

/** A clock one second further at every reading: each batch update takes about a second. */
function slowClock(): () => number {
  let clock = 0;
  return () => (clock += 1_000);
}

describe('runWriter (batch updates in flight, counted per range against the crash bound)', () => {
  it('keeps writing other ranges while a slow batch holds back only its own range', async () => {
    // GIVEN range A's first batch stuck in HubSpot's tail, then a batch of range B, then three
    // more batches of A, with at most 3 batches allowed beyond the stored checkpoint
    const a = partition('0');
    const b = partition('10000');
    const toWrite = [...queue(a, 1, 100), ...queue(b, 10001, 100), ...queue(a, 101, 300)];
    const { gateway, calls, release } = gatewayHolding(new Set(['1']));

    // WHEN the writer drains the queue while the readers are still reading
    let read = false;
    const writer = start(gateway, toWrite, 3, { now: slowClock(), read: () => read });
    await flush();

    // THEN B's batch was written and does not count (nothing of B is held), A's next two were
    // written and count (a crash now would rewrite them: A's checkpoint stops before contact 1),
    // and A's last batch waits: 3 beyond the checkpoint, no more
    expect(calls.map((ids) => ids[0])).toEqual(['1', '10001', '101', '201']);
    // AND once the slow batch is answered, the rest goes and the bound was never passed
    read = true;
    release();
    const { maxSeen } = await writer.done;
    // (A's last contacts, left once every contact is read, go in smaller batches)
    expect(calls.slice(4).flat()).toEqual(Array.from({ length: 100 }, (_, i) => String(301 + i)));
    expect(maxSeen).toBe(3);
  });

  it('counts a batch mixing two ranges as held while either range is', async () => {
    // GIVEN A's batch stuck, then a batch of A's last 50 and B's first 50, then B's rest
    const a = partition('0');
    const b = partition('10000');
    const toWrite = [...queue(a, 1, 150), ...queue(b, 10001, 250)];
    const { gateway, calls, release } = gatewayHolding(new Set(['1']));

    // WHEN the writer drains the queue with at most 2 batches beyond the checkpoint
    let read = false;
    const writer = start(gateway, toWrite, 2, { now: slowClock(), read: () => read });
    await flush();

    // THEN the mixed batch counts (it holds A's contacts 101–150), so B's own batches wait
    expect(calls.map((ids) => ids[0])).toEqual(['1', '101']);
    read = true;
    release();
    await writer.done;
    expect(calls.map((ids) => ids[0])).toEqual(['1', '101', '10051', '10151']);
  });

  it('ends in smaller batches once every contact is read and HubSpot is slow', async () => {
    // GIVEN batch updates that take about a second each, as the writer measures them
    const sizes: number[] = [];
    const gateway = {
      async batchUpdate(_type: string, inputs: { id: string }[]) {
        sizes.push(inputs.length);
        await new Promise((resolve) => setImmediate(resolve));
        return { results: [], errors: [] };
      },
    } as unknown as CrmGateway;

    // WHEN 1,000 changed contacts are left to write once every contact is read
    const toWrite = queue(partition('0'), 1, 1_000);
    await start(gateway, toWrite, 32, { now: slowClock(), read: () => true }).done;

    // THEN the batches sent before a latency was measured hold 100, the rest are spread out in
    // smaller ones (each at least MIN_TAIL_BATCH_SIZE), and every contact is written once
    expect(sizes.slice(0, 4)).toEqual([100, 100, 100, 100]);
    expect(sizes.length).toBeGreaterThan(10);
    expect(sizes.slice(4).every((size) => size >= MIN_TAIL_BATCH_SIZE && size < 100)).toBe(true);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(1_000);
  });

  it('keeps batches of 100 where HubSpot answers at once', async () => {
    // GIVEN batch updates answered within the same millisecond
    const sizes: number[] = [];
    const gateway = {
      async batchUpdate(_type: string, inputs: { id: string }[]) {
        sizes.push(inputs.length);
        return { results: [], errors: [] };
      },
    } as unknown as CrmGateway;

    // WHEN 1,000 changed contacts are left to write once every contact is read
    const toWrite = queue(partition('0'), 1, 1_000);
    await start(gateway, toWrite, 32, { now: () => 0, read: () => true }).done;

    // THEN ten batches of 100: a smaller batch would only cost a call
    expect(sizes).toEqual(Array.from({ length: 10 }, () => 100));
  });
});

describe('tailBatchSize', () => {
  it('spreads the end of the queue over the free slots, between 20 and 100 contacts a batch', () => {
    expect(tailBatchSize(200, 10)).toBe(20);
    expect(tailBatchSize(200, 4)).toBe(50);
    expect(tailBatchSize(1_000, 4)).toBe(100);
    expect(tailBatchSize(30, 10)).toBe(MIN_TAIL_BATCH_SIZE);
    expect(tailBatchSize(200, 0)).toBe(100);
  });
});
