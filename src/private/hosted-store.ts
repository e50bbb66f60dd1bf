// The Store port kept inside HubSpot, for the private (static-auth) form: no database of ours, every
// record a CRM record of the app's state object (src/private/state-records.ts).
//
// Atomicity: HubSpot has no transactions and no conditional update. The one atomic primitive is
// record creation with a unique-value property: of two creates with the same `op_state_key`, HubSpot
// accepts one (https://developers.hubspot.com/docs/api/crm/properties, hasUniqueValue). So:
// - "each event id once, ever" is a create of `event|portal|id`;
// - every read-modify-write (settings compare-and-set, callback claims, jobs, round robin,
//   installations) runs under `withLock`, which is an in-process keyed mutex (serialises one
//   function instance) plus a lease record `lock|key` created through that same primitive
//   (serialises concurrent instances), deleted on release and taken over once its lease expired.
// The local portal refuses a second record with a hasUniqueValue property's value, as HubSpot does
// (since issue 13); the contract tests still run one instance, so the cross-instance half is not
// exercised there; docs/private-distribution.md lists this trade-off.
import { createKeyedMutex } from '../store/keyed-mutex.ts';
import {
  DEFAULT_CALLBACK_LEASE_MS,
  assertPoolSize,
  normaliseObjectType,
  parseInstallationInput,
  signatureKey,
  toJsonText,
  type CallbackClaim,
  type Installation,
  type Job,
  type JobState,
  type OperationRecord,
  type Store,
} from '../store/store.ts';
import type { TokenCipher } from '../store/token-cipher.ts';
import type { StateRecord, StateRecords } from './state-records.ts';

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

interface InstallationValue {
  portalId: number;
  scopes: string[];
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  installedBy?: string;
  hubDomain?: string;
  status: 'active' | 'uninstalled';
  installedAt: number;
  updatedAt: number;
  uninstalledAt: number | null;
  uninstallReason: string | null;
}

interface SettingsValue {
  version: number;
  value: unknown;
  updatedAt: number;
  updatedBy: string;
}

interface CallbackValue {
  state: 'running' | 'done';
  claimedAt: number;
  result?: unknown;
}

const key = {
  installation: (portalId: number) => `installation|${portalId}`,
  settings: (portalId: number) => `settings|${portalId}`,
  event: (portalId: number, eventId: string) => `event|${portalId}|${eventId}`,
  // Keyed by portal too: the same callbackId from two portals is two callbacks.
  callback: (portalId: number, callbackId: string) => `callback|${portalId}|${callbackId}`,
  operation: (portalId: number, operationId: string) => `operation|${portalId}|${operationId}`,
  signature: (signature: string) => `signature|${signatureKey(signature)}`,
  job: (portalId: number, kind: string) => `job|${portalId}|${kind}`,
  roundRobin: (portalId: number, pool: string) => `round-robin|${portalId}|${pool}`,
  lock: (name: string) => `lock|${name}`,
};

const parse = <T>(record: StateRecord): T => JSON.parse(record.value) as T;

/** Creates the Store over HubSpot-hosted state records. */
export function createHubSpotHostedStore(options: HostedStoreOptions): Store {
  const { records } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.callbackLeaseMs ?? DEFAULT_CALLBACK_LEASE_MS;
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

  async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return mutex(name, async () => {
      await acquireLease(name);
      try {
        return await fn();
      } finally {
        await records.remove(key.lock(name));
      }
    });
  }

  /** Creates or overwrites one record (call under the record's lock). */
  async function put(
    recordKey: string,
    fields: { kind: string; portalId: number; value: unknown; subject?: string; status?: string },
  ): Promise<void> {
    const full = { ...fields, value: toJsonText(fields.value), at: now() };
    if (await records.update(recordKey, full)) return;
    if ((await records.create(recordKey, full)) === 'exists') await records.update(recordKey, full);
  }

  const requireCipher = (): TokenCipher => {
    if (!options.cipher)
      throw new Error(
        'The private form has no OAuth installations: its token is the app’s PRIVATE_APP_ACCESS_TOKEN.',
      );
    return options.cipher;
  };

  function toInstallation(value: InstallationValue): Installation {
    const cipher = requireCipher();
    return {
      ...value,
      accessToken: cipher.decrypt(value.accessToken),
      refreshToken: cipher.decrypt(value.refreshToken),
    };
  }

  async function readInstallationValue(portalId: number): Promise<InstallationValue | null> {
    const record = await records.get(key.installation(portalId));
    return record ? parse<InstallationValue>(record) : null;
  }

  async function readJob(portalId: number, kind: string): Promise<Job | null> {
    const record = await records.get(key.job(portalId, kind));
    return record ? parse<Job>(record) : null;
  }

  async function readOperation(
    portalId: number,
    operationId: string,
  ): Promise<OperationRecord | null> {
    const record = await records.get(key.operation(portalId, operationId));
    return record ? parse<OperationRecord>(record) : null;
  }

  async function putOperation(operation: OperationRecord): Promise<void> {
    await put(key.operation(operation.portalId, operation.operationId), {
      kind: 'operation',
      portalId: operation.portalId,
      subject: operation.subject,
      status: operation.status,
      value: operation,
    });
  }

  async function removeAll(found: StateRecord[]): Promise<number> {
    let removed = 0;
    for (const record of found) if (await records.remove(record.key)) removed += 1;
    return removed;
  }

  return {
    async saveInstallation(input) {
      const valid = parseInstallationInput(input);
      const cipher = requireCipher();
      return withLock(`internal:${key.installation(valid.portalId)}`, async () => {
        const at = now();
        const previous = await readInstallationValue(valid.portalId);
        const value: InstallationValue = {
          portalId: valid.portalId,
          scopes: valid.scopes,
          accessToken: cipher.encrypt(valid.accessToken),
          refreshToken: cipher.encrypt(valid.refreshToken),
          expiresAt: valid.expiresAt,
          ...((valid.installedBy ?? previous?.installedBy)
            ? { installedBy: valid.installedBy ?? previous?.installedBy }
            : {}),
          ...((valid.hubDomain ?? previous?.hubDomain)
            ? { hubDomain: valid.hubDomain ?? previous?.hubDomain }
            : {}),
          status: 'active',
          // A re-install after an uninstall starts a new installation; a token refresh keeps its start.
          installedAt: previous && previous.status === 'active' ? previous.installedAt : at,
          updatedAt: at,
          uninstalledAt: null,
          uninstallReason: null,
        };
        await put(key.installation(valid.portalId), {
          kind: 'installation',
          portalId: valid.portalId,
          value,
        });
        return toInstallation(value);
      });
    },

    async getInstallation(portalId) {
      const value = await readInstallationValue(portalId);
      return value ? toInstallation(value) : null;
    },

    async markUninstalled(portalId, reason) {
      return withLock(`internal:${key.installation(portalId)}`, async () => {
        const value = await readInstallationValue(portalId);
        if (!value) return false;
        const at = now();
        await put(key.installation(portalId), {
          kind: 'installation',
          portalId,
          value: {
            ...value,
            status: 'uninstalled',
            updatedAt: at,
            uninstalledAt: at,
            uninstallReason: reason,
          },
        });
        return true;
      });
    },

    async listInstallations() {
      const found = await records.scan({ kind: 'installation' });
      return found
        .map((record) => toInstallation(parse<InstallationValue>(record)))
        .sort((a, b) => a.portalId - b.portalId);
    },

    async getSettings(portalId) {
      const record = await records.get(key.settings(portalId));
      return record ? parse<SettingsValue>(record) : null;
    },

    async putSettings(portalId, value, { expectedVersion, updatedBy }) {
      return withLock(`internal:${key.settings(portalId)}`, async () => {
        const record = await records.get(key.settings(portalId));
        const current = record ? parse<SettingsValue>(record).version : 0;
        if (current !== expectedVersion) return { ok: false as const, currentVersion: current };
        const version = current + 1;
        const stored: SettingsValue = {
          version,
          value: JSON.parse(toJsonText(value)) as unknown,
          updatedAt: now(),
          updatedBy,
        };
        await put(key.settings(portalId), { kind: 'settings', portalId, value: stored });
        return { ok: true as const, version };
      });
    },

    async markEventsSeen(portalId, eventIds) {
      const unique = [...new Set(eventIds)];
      const fresh = await Promise.all(
        unique.map((eventId) =>
          mutex(key.event(portalId, eventId), async () => {
            const created = await records.create(key.event(portalId, eventId), {
              kind: 'event',
              portalId,
              at: now(),
              value: 'null',
            });
            return created === 'created';
          }),
        ),
      );
      return unique.filter((_, index) => fresh[index]);
    },

    async forgetEvents(portalId, eventIds) {
      for (const eventId of new Set(eventIds)) {
        await mutex(key.event(portalId, eventId), () =>
          records.remove(key.event(portalId, eventId)),
        );
      }
    },

    async claimCallback(callbackId, portalId, subject) {
      return withLock(
        `internal:${key.callback(portalId, callbackId)}`,
        async (): Promise<CallbackClaim> => {
          const at = now();
          const record = await records.get(key.callback(portalId, callbackId));
          const subjectText = subject
            ? `${normaliseObjectType(subject.objectType)}:${subject.objectId}`
            : undefined;
          if (!record) {
            await put(key.callback(portalId, callbackId), {
              kind: 'callback',
              portalId,
              status: 'running',
              ...(subjectText ? { subject: subjectText } : {}),
              value: { state: 'running', claimedAt: at } satisfies CallbackValue,
            });
            return { state: 'claimed' };
          }
          const value = parse<CallbackValue>(record);
          if (value.state === 'done') return { state: 'done', result: value.result ?? null };
          if (value.claimedAt + leaseMs <= at) {
            // The previous claimant outlived its lease (crashed or hung): take the callback over.
            await records.update(key.callback(portalId, callbackId), {
              at,
              value: toJsonText({ state: 'running', claimedAt: at } satisfies CallbackValue),
            });
            return { state: 'claimed' };
          }
          return { state: 'running' };
        },
      );
    },

    async completeCallback(callbackId, portalId, result) {
      await withLock(`internal:${key.callback(portalId, callbackId)}`, async () => {
        const record = await records.get(key.callback(portalId, callbackId));
        if (!record)
          throw new Error(
            `Workflow callback ${callbackId} was never claimed; claim it before completing it.`,
          );
        const value = parse<CallbackValue>(record);
        await records.update(key.callback(portalId, callbackId), {
          status: 'done',
          at: now(),
          value: toJsonText({
            state: 'done',
            claimedAt: value.claimedAt,
            result: JSON.parse(toJsonText(result)) as unknown,
          } satisfies CallbackValue),
        });
      });
    },

    async releaseCallback(callbackId, portalId) {
      await withLock(`internal:${key.callback(portalId, callbackId)}`, async () => {
        const record = await records.get(key.callback(portalId, callbackId));
        if (record && parse<CallbackValue>(record).state === 'running')
          await records.remove(key.callback(portalId, callbackId));
      });
    },

    async beginOperation(portalId, operationId, input) {
      return withLock(`internal:${key.operation(portalId, operationId)}`, async () => {
        const existing = await readOperation(portalId, operationId);
        if (existing) return { created: false, operation: existing };
        const at = now();
        const operation: OperationRecord = {
          portalId,
          operationId,
          kind: input.kind,
          subject: input.subject,
          status: 'pending',
          plan: JSON.parse(toJsonText(input.plan)) as unknown,
          progress: JSON.parse(toJsonText(input.progress ?? {})) as unknown,
          result: null,
          attempts: 0,
          createdAt: at,
          updatedAt: at,
        };
        await putOperation(operation);
        return { created: true, operation };
      });
    },

    getOperation: readOperation,

    async saveOperationProgress(portalId, operationId, progress, options = {}) {
      return withLock(`internal:${key.operation(portalId, operationId)}`, async () => {
        const existing = await readOperation(portalId, operationId);
        if (!existing || existing.status !== 'pending') return false;
        await putOperation({
          ...existing,
          progress: JSON.parse(toJsonText(progress)) as unknown,
          attempts: existing.attempts + (options.attempt ? 1 : 0),
          updatedAt: now(),
        });
        return true;
      });
    },

    async completeOperation(portalId, operationId, result) {
      await withLock(`internal:${key.operation(portalId, operationId)}`, async () => {
        const existing = await readOperation(portalId, operationId);
        if (!existing)
          throw new Error(`Operation ${operationId} of portal ${portalId} was never begun.`);
        await putOperation({
          ...existing,
          status: 'done',
          result: JSON.parse(toJsonText(result)) as unknown,
          updatedAt: now(),
        });
      });
    },

    async listPendingOperations(query = {}) {
      const found = await records.scan({
        kind: 'operation',
        status: 'pending',
        ...(query.portalId === undefined ? {} : { portalId: query.portalId }),
        ...(query.subject === undefined ? {} : { subject: query.subject }),
      });
      return found
        .map((record) => parse<OperationRecord>(record))
        .filter((op) => query.updatedBefore === undefined || op.updatedAt < query.updatedBefore)
        .sort((a, b) => a.createdAt - b.createdAt || a.operationId.localeCompare(b.operationId))
        .slice(0, query.limit ?? 100);
    },

    async markSignatureSeen(signature, expiresAt) {
      // Creation with a unique key is HubSpot's one atomic primitive (see the top of this file).
      return withLock(`internal:${key.signature(signature)}`, async () => {
        const created = await records.create(key.signature(signature), {
          kind: 'signature',
          portalId: 0,
          at: now(),
          value: toJsonText({ expiresAt }),
        });
        if (created === 'created') return true;
        const existing = await records.get(key.signature(signature));
        if (existing && parse<{ expiresAt: number }>(existing).expiresAt > now()) return false;
        await records.update(key.signature(signature), {
          at: now(),
          value: toJsonText({ expiresAt }),
        });
        return true;
      });
    },

    async getJob(portalId, kind) {
      return readJob(portalId, kind);
    },

    async takeOverJob(portalId, kind, staleBefore, state) {
      return withLock(`internal:${key.job(portalId, kind)}`, async () => {
        const existing = await readJob(portalId, kind);
        if (!existing || existing.status !== 'running' || existing.updatedAt >= staleBefore)
          return false;
        const job: Job = {
          ...existing,
          status: state.status,
          checkpoint: JSON.parse(toJsonText(state.checkpoint)) as unknown,
          progress: JSON.parse(toJsonText(state.progress)) as unknown,
          updatedAt: now(),
        };
        await put(key.job(portalId, kind), { kind: 'job', portalId, value: job });
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
      return withLock(`internal:${key.job(portalId, kind)}`, async () => {
        const existing = await readJob(portalId, kind);
        if (existing && existing.status === 'running')
          return { ok: false as const, running: existing };
        const at = now();
        const job: Job = {
          portalId,
          kind,
          status: 'running',
          checkpoint: JSON.parse(toJsonText(initial.checkpoint)) as unknown,
          progress: JSON.parse(toJsonText(initial.progress)) as unknown,
          startedAt: at,
          updatedAt: at,
        };
        await put(key.job(portalId, kind), { kind: 'job', portalId, value: job });
        return { ok: true as const, job };
      });
    },

    async saveJob(portalId, kind, state: JobState) {
      return withLock(`internal:${key.job(portalId, kind)}`, async () => {
        const existing = await readJob(portalId, kind);
        const at = now();
        const job: Job = {
          portalId,
          kind,
          status: state.status,
          checkpoint: JSON.parse(toJsonText(state.checkpoint)) as unknown,
          progress: JSON.parse(toJsonText(state.progress)) as unknown,
          startedAt: existing?.startedAt ?? at,
          updatedAt: at,
        };
        await put(key.job(portalId, kind), { kind: 'job', portalId, value: job });
        return job;
      });
    },

    async deleteJob(portalId, kind) {
      return withLock(`internal:${key.job(portalId, kind)}`, () =>
        records.remove(key.job(portalId, kind)),
      );
    },

    async nextRoundRobin(portalId, size, pool = 'default') {
      assertPoolSize(size);
      return withLock(`internal:${key.roundRobin(portalId, pool)}`, async () => {
        const record = await records.get(key.roundRobin(portalId, pool));
        const counter = record ? parse<{ next: number }>(record).next : 0;
        await put(key.roundRobin(portalId, pool), {
          kind: 'round-robin',
          portalId,
          value: { next: counter + 1 },
        });
        return counter % size;
      });
    },

    withLock,

    async eraseContact(portalId, contactId) {
      const found = await records.scan({
        kind: 'callback',
        portalId,
        subject: `contact:${contactId}`,
      });
      const operations = await records.scan({
        kind: 'operation',
        portalId,
        subject: `contact:${contactId}`,
      });
      return { callbacks: await removeAll(found), operations: await removeAll(operations) };
    },

    async deleteInstallationData(portalId) {
      await removeAll(await records.scan({ portalId }));
    },

    async pruneBefore(before) {
      const events = await records.scan({ kind: 'event', before });
      const callbacks = await records.scan({ kind: 'callback', status: 'done', before });
      const operations = await records.scan({ kind: 'operation', status: 'done', before });
      const signatures = (await records.scan({ kind: 'signature' })).filter(
        (record) => parse<{ expiresAt: number }>(record).expiresAt <= now(),
      );
      return removeAll([...events, ...callbacks, ...operations, ...signatures]);
    },

    async close() {
      // Nothing to release: every call is a stateless HTTPS request.
    },
  };
}
