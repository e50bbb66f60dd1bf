// What every part of the HubSpot-hosted store shares: the record keys, the lock (an in-process keyed
// mutex plus a lease record created through HubSpot's one atomic primitive, see ../hosted-store.ts),
// and how a record is written and read.
import { createKeyedMutex } from '../../store/keyed-mutex.ts';
import type { KeyedMutex } from '../../store/keyed-mutex.ts';
import { DEFAULT_CALLBACK_LEASE_MS, signatureKey, toJsonText } from '../../store/store.ts';
import type { TokenCipher } from '../../store/token-cipher.ts';
import type { StateRecord, StateRecords } from '../state-records.ts';

/** What the HubSpot-hosted store is built from. */
export interface HostedStoreOptions {
  records: StateRecords;
  /** Encrypts OAuth tokens; the private form has none, so without a cipher installations are refused. */
  cipher?: TokenCipher;
  now?: () => number;
  callbackLeaseMs?: number;
  /** How long a `lock|key` record holds before another instance may take it over, ms. */
  lockLeaseMs?: number;
  /** How long `withLock` waits for another instance's lock before giving up, ms. */
  lockWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Default lease of a cross-instance lock: longer than HubSpot's 15 s function timeout. */
export const DEFAULT_LOCK_LEASE_MS = 30_000;

export const key = {
  installation: (portalId: number) => `installation|${portalId}`,
  settings: (portalId: number) => `settings|${portalId}`,
  event: (portalId: number, eventId: string) => `event|${portalId}|${eventId}`,
  // Keyed by portal too: the same callbackId from two portals is two callbacks.
  callback: (portalId: number, callbackId: string) => `callback|${portalId}|${callbackId}`,
  operation: (portalId: number, operationId: string) => `operation|${portalId}|${operationId}`,
  signature: (signature: string) => `signature|${signatureKey(signature)}`,
  job: (portalId: number, kind: string) => `job|${portalId}|${kind}`,
  roundRobin: (portalId: number, pool: string) => `round-robin|${portalId}|${pool}`,
  // A deal's drafts keep the key they had before companies had drafts (a bare deal id).
  draft: (portalId: number, userId: string, record: string, section: string) =>
    `draft|${portalId}|${userId}|${record}|${section}`,
  lock: (name: string) => `lock|${name}`,
};

/** A record's JSON value. */
export const parse = <T>(record: StateRecord): T => JSON.parse(record.value) as T;

/** A value as the store keeps it: through JSON, so what is read back equals what was written. */
export const stored = (value: unknown): unknown => JSON.parse(toJsonText(value)) as unknown;

/** The fields a record is written with (its `at` is the clock's). */
export interface PutFields {
  kind: string;
  portalId: number;
  value: unknown;
  subject?: string;
  status?: string;
}

export interface HostedContext {
  records: StateRecords;
  now: () => number;
  callbackLeaseMs: number;
  /** The in-process half of `withLock`, also used alone where one create is atomic already. */
  mutex: KeyedMutex;
  /** In-process and cross-instance lock of one name. */
  withLock: KeyedMutex;
  /** Creates or overwrites one record (call under the record's lock). */
  put(recordKey: string, fields: PutFields): Promise<void>;
  /** Reads and parses one record, or null. */
  read<T>(recordKey: string): Promise<T | null>;
  /** Removes the records; answers how many were there. */
  removeAll(found: StateRecord[]): Promise<number>;
  /** The cipher of installations, or an error naming why the private form has none. */
  requireCipher(): TokenCipher;
}

/** Builds the shared part of the hosted store. */
export function createHostedContext(options: HostedStoreOptions): HostedContext {
  const { records } = options;
  const now = options.now ?? Date.now;
  const lockLeaseMs = options.lockLeaseMs ?? DEFAULT_LOCK_LEASE_MS;
  const lockWaitMs = options.lockWaitMs ?? 10_000;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const mutex = createKeyedMutex();

  /** Takes the cross-instance lease record of `name`, waiting while another instance holds it. */
  async function acquireLease(name: string): Promise<void> {
    let waited = 0;
    for (;;) {
      const taken = await records.create(key.lock(name), {
        kind: 'lock',
        portalId: 0,
        at: now(),
        value: 'null',
      });
      if (taken === 'created') return;
      const holder = await records.get(key.lock(name));
      if (holder && holder.at + lockLeaseMs <= now()) {
        // The holder outlived its lease (its invocation was killed): take the lock over.
        await records.remove(key.lock(name));
        continue;
      }
      if (waited >= lockWaitMs)
        throw new Error(`Lock "${name}" is held by another function instance; try again.`);
      await sleep(100);
      waited += 100;
    }
  }

  return {
    records,
    now,
    callbackLeaseMs: options.callbackLeaseMs ?? DEFAULT_CALLBACK_LEASE_MS,
    mutex,
    withLock: (name, fn) =>
      mutex(name, async () => {
        await acquireLease(name);
        try {
          return await fn();
        } finally {
          await records.remove(key.lock(name));
        }
      }),
    async put(recordKey, fields) {
      const full = { ...fields, value: toJsonText(fields.value), at: now() };
      if (await records.update(recordKey, full)) return;
      if ((await records.create(recordKey, full)) === 'exists')
        await records.update(recordKey, full);
    },
    async read<T>(recordKey: string) {
      const record = await records.get(recordKey);
      return record ? parse<T>(record) : null;
    },
    async removeAll(found) {
      let removed = 0;
      for (const record of found) if (await records.remove(record.key)) removed += 1;
      return removed;
    },
    requireCipher() {
      if (!options.cipher)
        throw new Error(
          'The private form has no OAuth installations: its token is the app’s PRIVATE_APP_ACCESS_TOKEN.',
        );
      return options.cipher;
    },
  };
}
