// One battery of behaviour tests run against every store adapter (as Shopify's session-storage
// adapters share one battery), so sqlite and PostgreSQL cannot drift apart.
import { randomBytes } from 'node:crypto';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { DRAFT_MAX_AGE_MS } from '../../src/store/store.ts';
import type { InstallationInput, Store } from '../../src/store/store.ts';
import type { TokenCipher } from '../../src/store/token-cipher.ts';

/** What an adapter's test file provides for one test: a fresh, empty store and ways to peek at it. */
export interface StoreHarness {
  store: Store;
  /** The raw, as-stored access and refresh token columns of one installation. */
  readRawTokens(portalId: number): Promise<string[]>;
  /** A second store on the same database, like another replica (needed with `spansReplicas`). */
  openReplica?: () => Promise<Store>;
  /** Closes the store (and replicas) and removes the database. */
  dispose(): Promise<void>;
}

/** Everything a harness must build its store with. */
export interface StoreHarnessOptions {
  cipher: TokenCipher;
  now: () => number;
  callbackLeaseMs: number;
}

const LEASE_MS = 60_000;
const PORTAL = 4_242_001;
const OTHER_PORTAL = 4_242_002;

function installation(overrides: Partial<InstallationInput> = {}): InstallationInput {
  return {
    portalId: PORTAL,
    scopes: ['crm.objects.contacts.read', 'crm.objects.deals.write'],
    accessToken: 'access-token-in-clear-CAFE',
    refreshToken: 'refresh-token-in-clear-BEEF',
    expiresAt: 1_800_000_000_000,
    installedBy: 'admin@example.com',
    hubDomain: 'example.hubspot.com',
    ...overrides,
  };
}

/** Lets other promises run, so concurrent calls really interleave inside a critical section. */
function yieldToOthers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How the contract is registered for one adapter. */
export interface StoreContractOptions {
  /** `describe`, or `describe.skip` when the adapter's database is not available. */
  describe?: jest.Describe;
  /** The adapter's locks serialise across replicas (run the cross-replica lock test). */
  spansReplicas?: boolean;
}

/** Registers the store contract for one adapter. */
export function describeStoreContract(
  name: string,
  makeStore: (options: StoreHarnessOptions) => Promise<StoreHarness>,
  options: StoreContractOptions = {},
): void {
  const describeFn = options.describe ?? describe;
  // sqlite's locks are in-process by design (one backend process per file), so only adapters
  // built for several replicas get the cross-replica test.
  const itAcrossReplicas = options.spansReplicas ? it : null;
  describeFn(`${name} store contract`, () => {
    let harness: StoreHarness;
    let store: Store;
    let clock: number;
    const cipher = createTokenCipher([{ kid: 'test', key: randomBytes(32) }]);
    const advance = (ms: number): void => {
      clock += ms;
    };

    beforeEach(async () => {
      clock = 1_700_000_000_000;
      harness = await makeStore({ cipher, now: () => clock, callbackLeaseMs: LEASE_MS });
      store = harness.store;
    });

    afterEach(async () => {
      await harness.dispose();
    });

    describe('installations', () => {
      it('round-trips an installation with tokens decrypted on read', async () => {
        // GIVEN a new installation WHEN it is saved and read back
        const saved = await store.saveInstallation(installation());
        const read = await store.getInstallation(PORTAL);
        // THEN every field comes back, active, tokens in clear
        expect(read).toEqual(saved);
        expect(read).toMatchObject({
          portalId: PORTAL,
          scopes: ['crm.objects.contacts.read', 'crm.objects.deals.write'],
          accessToken: 'access-token-in-clear-CAFE',
          refreshToken: 'refresh-token-in-clear-BEEF',
          expiresAt: 1_800_000_000_000,
          installedBy: 'admin@example.com',
          hubDomain: 'example.hubspot.com',
          status: 'active',
          installedAt: clock,
          uninstalledAt: null,
          uninstallReason: null,
        });
      });

      it('stores tokens encrypted, never in clear text', async () => {
        // GIVEN a saved installation WHEN its raw row is read
        await store.saveInstallation(installation());
        const raw = await harness.readRawTokens(PORTAL);
        // THEN both token columns hold ciphertexts of the active key, which decrypt to the tokens
        expect(raw).toHaveLength(2);
        for (const column of raw) {
          expect(column).not.toContain('in-clear');
          expect(column).toMatch(/^v1\.test\./);
        }
        expect(raw.map((column) => cipher.decrypt(column))).toEqual([
          'access-token-in-clear-CAFE',
          'refresh-token-in-clear-BEEF',
        ]);
      });

      it('returns null for a portal that never installed', async () => {
        expect(await store.getInstallation(999)).toBeNull();
        expect(await store.markUninstalled(999, 'app uninstalled')).toBe(false);
      });

      it('keeps the install time on a token refresh and marks an uninstall with its reason', async () => {
        // GIVEN an installation whose tokens are refreshed an hour later
        await store.saveInstallation(installation());
        const installedAt = clock;
        advance(3_600_000);
        await store.saveInstallation(
          installation({ accessToken: 'fresh-access', installedBy: undefined }),
        );
        const refreshed = await store.getInstallation(PORTAL);
        // THEN the new token is read, the first install time and installer are kept
        expect(refreshed).toMatchObject({
          accessToken: 'fresh-access',
          installedAt,
          installedBy: 'admin@example.com',
          updatedAt: clock,
        });

        // WHEN the app is uninstalled
        advance(1_000);
        expect(await store.markUninstalled(PORTAL, 'refresh token rejected')).toBe(true);
        // THEN it is uninstalled with when and why
        expect(await store.getInstallation(PORTAL)).toMatchObject({
          status: 'uninstalled',
          uninstalledAt: clock,
          uninstallReason: 'refresh token rejected',
        });

        // WHEN the portal installs again THEN it is active with a new install time
        advance(1_000);
        await store.saveInstallation(installation());
        expect(await store.getInstallation(PORTAL)).toMatchObject({
          status: 'active',
          installedAt: clock,
          uninstalledAt: null,
          uninstallReason: null,
        });
      });

      it('lists every installation ordered by portal id', async () => {
        await store.saveInstallation(installation({ portalId: OTHER_PORTAL }));
        await store.saveInstallation(installation());
        await store.markUninstalled(OTHER_PORTAL, 'app uninstalled');
        const listed = await store.listInstallations();
        expect(listed.map((item) => [item.portalId, item.status])).toEqual([
          [PORTAL, 'active'],
          [OTHER_PORTAL, 'uninstalled'],
        ]);
        expect(listed[0]!.accessToken).toBe('access-token-in-clear-CAFE');
      });

      it('rejects an invalid installation naming the field', async () => {
        await expect(
          store.saveInstallation(installation({ accessToken: '', portalId: -1 })),
        ).rejects.toThrow(/portalId.*accessToken|accessToken.*portalId/);
        expect(await store.listInstallations()).toEqual([]);
      });
    });

    describe('settings', () => {
      it('creates settings at version 1 and updates them by compare-and-set', async () => {
        // GIVEN no settings
        expect(await store.getSettings(PORTAL)).toBeNull();
        // WHEN the first version is put THEN it is version 1
        const value = { thresholds: { mql: 60 }, reasons: ['no budget', 'bad timing'] };
        expect(
          await store.putSettings(PORTAL, value, { expectedVersion: 0, updatedBy: 'u1' }),
        ).toEqual({ ok: true, version: 1 });
        advance(5_000);
        // WHEN it is updated from version 1 THEN it becomes version 2 with the new value
        expect(
          await store.putSettings(
            PORTAL,
            { thresholds: { mql: 70 } },
            { expectedVersion: 1, updatedBy: 'u2' },
          ),
        ).toEqual({ ok: true, version: 2 });
        expect(await store.getSettings(PORTAL)).toEqual({
          version: 2,
          value: { thresholds: { mql: 70 } },
          updatedAt: clock,
          updatedBy: 'u2',
        });
        expect(await store.getSettings(OTHER_PORTAL)).toBeNull();
      });

      it('refuses a write from a stale version and reports the current one', async () => {
        // GIVEN settings at version 2
        await store.putSettings(PORTAL, { a: 1 }, { expectedVersion: 0, updatedBy: 'u1' });
        await store.putSettings(PORTAL, { a: 2 }, { expectedVersion: 1, updatedBy: 'u1' });
        // WHEN someone writes from version 1, or creates as if none existed
        const stale = await store.putSettings(
          PORTAL,
          { a: 3 },
          { expectedVersion: 1, updatedBy: 'u2' },
        );
        const recreate = await store.putSettings(
          PORTAL,
          { a: 4 },
          { expectedVersion: 0, updatedBy: 'u2' },
        );
        // THEN both are refused with the current version, and nothing changed
        expect(stale).toEqual({ ok: false, currentVersion: 2 });
        expect(recreate).toEqual({ ok: false, currentVersion: 2 });
        expect(await store.getSettings(PORTAL)).toMatchObject({ version: 2, value: { a: 2 } });
        // AND an update to settings that do not exist is refused with version 0
        expect(
          await store.putSettings(OTHER_PORTAL, {}, { expectedVersion: 3, updatedBy: 'u' }),
        ).toEqual({ ok: false, currentVersion: 0 });
      });

      it('lets exactly one of several concurrent writers of one version win', async () => {
        await store.putSettings(PORTAL, { n: 0 }, { expectedVersion: 0, updatedBy: 'u' });
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, n) =>
            store.putSettings(PORTAL, { n }, { expectedVersion: 1, updatedBy: `u${n}` }),
          ),
        );
        expect(results.filter((result) => result.ok)).toEqual([{ ok: true, version: 2 }]);
        expect(results.filter((result) => !result.ok)).toHaveLength(9);
      });
    });

    describe('seen webhook events', () => {
      it('returns only ids never seen before, in input order, duplicates once', async () => {
        // GIVEN a first batch with a duplicate inside it
        expect(await store.markEventsSeen(PORTAL, ['3', '1', '3', '2'])).toEqual(['3', '1', '2']);
        // WHEN a redelivery overlaps it THEN only the new ids come back
        expect(await store.markEventsSeen(PORTAL, ['2', '4', '1', '5'])).toEqual(['4', '5']);
        expect(await store.markEventsSeen(PORTAL, [])).toEqual([]);
        // AND ids are per portal
        expect(await store.markEventsSeen(OTHER_PORTAL, ['1'])).toEqual(['1']);
      });

      it('forgets ids whose work failed, so a redelivery is processed again', async () => {
        // GIVEN a batch marked seen
        expect(await store.markEventsSeen(PORTAL, ['f1', 'f2'])).toEqual(['f1', 'f2']);
        // WHEN its work fails and the ids are forgotten
        await store.forgetEvents(PORTAL, ['f1', 'f2']);
        await store.forgetEvents(PORTAL, []);
        // THEN HubSpot's redelivery is new again, and other portals are untouched
        expect(await store.markEventsSeen(OTHER_PORTAL, ['f1'])).toEqual(['f1']);
        await store.forgetEvents(PORTAL, ['f1']);
        expect(await store.markEventsSeen(PORTAL, ['f1', 'f2'])).toEqual(['f1', 'f2']);
        expect(await store.markEventsSeen(OTHER_PORTAL, ['f1'])).toEqual([]);
      });

      it('hands each id to exactly one of 20 concurrent overlapping calls', async () => {
        // GIVEN 20 calls, each with 10 ids of 0..29 overlapping its neighbours, and repeats
        const batches = Array.from({ length: 20 }, (_, call) =>
          Array.from({ length: 10 }, (_, offset) => String((call + offset * 3) % 30)),
        );
        // WHEN they run at the same time
        const results = await Promise.all(
          batches.map((batch) => store.markEventsSeen(PORTAL, batch)),
        );
        // THEN every id was returned exactly once across all calls
        const returned = results.flat();
        const expected = [...new Set(batches.flat())];
        expect(returned).toHaveLength(expected.length);
        expect(new Set(returned)).toEqual(new Set(expected));
      });
    });

    describe('workflow callbacks', () => {
      it('claims once, reports running, then replays the stored result', async () => {
        // GIVEN a first delivery that claims the callback
        expect(await store.claimCallback('cb-1', PORTAL)).toEqual({ state: 'claimed' });
        // WHEN HubSpot redelivers while it runs THEN it is reported running
        expect(await store.claimCallback('cb-1', PORTAL)).toEqual({ state: 'running' });
        // WHEN it completes THEN every later delivery replays the result
        const result = { outputFields: { hs_execution_state: 'SUCCESS', score: 72 } };
        await store.completeCallback('cb-1', PORTAL, result);
        expect(await store.claimCallback('cb-1', PORTAL)).toEqual({ state: 'done', result });
        // AND releasing a finished callback does not make it runnable again
        await store.releaseCallback('cb-1', PORTAL);
        expect(await store.claimCallback('cb-1', PORTAL)).toEqual({ state: 'done', result });
      });

      it('lets a retry claim again after a release', async () => {
        await store.claimCallback('cb-2', PORTAL);
        await store.releaseCallback('cb-2', PORTAL);
        expect(await store.claimCallback('cb-2', PORTAL)).toEqual({ state: 'claimed' });
      });

      it('lets a running claim be taken over only after its lease expired', async () => {
        await store.claimCallback('cb-3', PORTAL);
        advance(LEASE_MS - 1);
        expect(await store.claimCallback('cb-3', PORTAL)).toEqual({ state: 'running' });
        advance(1);
        expect(await store.claimCallback('cb-3', PORTAL)).toEqual({ state: 'claimed' });
        // AND the takeover starts a new lease
        advance(LEASE_MS - 1);
        expect(await store.claimCallback('cb-3', PORTAL)).toEqual({ state: 'running' });
      });

      it('gives exactly one of 10 concurrent claims the callback', async () => {
        const claims = await Promise.all(
          Array.from({ length: 10 }, () => store.claimCallback('cb-4', PORTAL)),
        );
        expect(claims.filter((claim) => claim.state === 'claimed')).toHaveLength(1);
        expect(claims.filter((claim) => claim.state === 'running')).toHaveLength(9);
      });

      it('keys callbacks by portal: the same id from two portals is two callbacks', async () => {
        // GIVEN portal A ran callback "shared" to completion
        await store.claimCallback('shared', PORTAL);
        await store.completeCallback('shared', PORTAL, { outputFields: { portal: 'A' } });
        // WHEN portal B sends the same callbackId THEN it is B's own, fresh claim
        expect(await store.claimCallback('shared', OTHER_PORTAL)).toEqual({ state: 'claimed' });
        await store.completeCallback('shared', OTHER_PORTAL, { outputFields: { portal: 'B' } });
        // AND each portal replays only its own result
        expect(await store.claimCallback('shared', PORTAL)).toEqual({
          state: 'done',
          result: { outputFields: { portal: 'A' } },
        });
        expect(await store.claimCallback('shared', OTHER_PORTAL)).toEqual({
          state: 'done',
          result: { outputFields: { portal: 'B' } },
        });
        // AND releasing in one portal leaves the other alone
        await store.claimCallback('running-both', PORTAL);
        await store.claimCallback('running-both', OTHER_PORTAL);
        await store.releaseCallback('running-both', OTHER_PORTAL);
        expect(await store.claimCallback('running-both', PORTAL)).toEqual({ state: 'running' });
        expect(await store.claimCallback('running-both', OTHER_PORTAL)).toEqual({
          state: 'claimed',
        });
      });

      it('refuses to complete a callback that was never claimed', async () => {
        await expect(store.completeCallback('cb-unknown', PORTAL, {})).rejects.toThrow(
          /never claimed/,
        );
      });
    });

    describe('durable operations', () => {
      const plan = { effects: [{ type: 'setOwner' }], state: { stage: 'lead' } };

      it('records an operation once and answers the stored one to a second begin', async () => {
        // WHEN an operation is begun twice with the same id (a retry)
        const first = await store.beginOperation(PORTAL, 'op-1', {
          kind: 'return',
          subject: 'contact:7',
          plan,
        });
        advance(5);
        const second = await store.beginOperation(PORTAL, 'op-1', {
          kind: 'return',
          subject: 'contact:7',
          plan: { effects: [], state: null },
        });
        // THEN the first is recorded, pending, and the second sees it unchanged
        expect(first).toEqual({
          created: true,
          operation: {
            portalId: PORTAL,
            operationId: 'op-1',
            kind: 'return',
            subject: 'contact:7',
            status: 'pending',
            plan,
            progress: {},
            result: null,
            attempts: 0,
            createdAt: clock - 5,
            updatedAt: clock - 5,
          },
        });
        expect(second).toEqual({ created: false, operation: first.operation });
        // AND the same id in another portal is another operation
        expect(
          (await store.beginOperation(OTHER_PORTAL, 'op-1', { kind: 'x', subject: 's', plan: 1 }))
            .created,
        ).toBe(true);
      });

      it('records progress and attempts while pending, then completes with a result', async () => {
        await store.beginOperation(PORTAL, 'op-2', { kind: 'handoff', subject: 'contact:8', plan });
        advance(10);
        expect(
          await store.saveOperationProgress(PORTAL, 'op-2', { done: 2 }, { attempt: true }),
        ).toBe(true);
        expect(await store.saveOperationProgress(PORTAL, 'op-2', { done: 3 })).toBe(true);
        expect(await store.getOperation(PORTAL, 'op-2')).toMatchObject({
          status: 'pending',
          progress: { done: 3 },
          attempts: 1,
          updatedAt: clock,
        });
        await store.completeOperation(PORTAL, 'op-2', { ok: true, dealId: '99' });
        expect(await store.getOperation(PORTAL, 'op-2')).toMatchObject({
          status: 'done',
          result: { ok: true, dealId: '99' },
        });
        // AND a done operation takes no more progress
        expect(await store.saveOperationProgress(PORTAL, 'op-2', { done: 0 })).toBe(false);
        await expect(store.completeOperation(PORTAL, 'op-none', {})).rejects.toThrow(/never begun/);
        expect(await store.getOperation(PORTAL, 'op-none')).toBeNull();
      });

      it('lists pending operations oldest first, by portal, subject and idleness', async () => {
        await store.beginOperation(PORTAL, 'a', { kind: 'k', subject: 'contact:1', plan });
        advance(1_000);
        await store.beginOperation(PORTAL, 'b', { kind: 'k', subject: 'contact:2', plan });
        await store.beginOperation(OTHER_PORTAL, 'c', { kind: 'k', subject: 'contact:1', plan });
        await store.beginOperation(PORTAL, 'd', { kind: 'k', subject: 'contact:1', plan });
        await store.completeOperation(PORTAL, 'd', null);
        const ids = (list: { operationId: string }[]) => list.map((op) => op.operationId);
        expect(ids(await store.listPendingOperations())).toEqual(['a', 'b', 'c']);
        expect(ids(await store.listPendingOperations({ portalId: PORTAL }))).toEqual(['a', 'b']);
        expect(
          ids(await store.listPendingOperations({ portalId: PORTAL, subject: 'contact:1' })),
        ).toEqual(['a']);
        expect(ids(await store.listPendingOperations({ updatedBefore: clock }))).toEqual(['a']);
        expect(ids(await store.listPendingOperations({ limit: 1 }))).toEqual(['a']);
      });

      it('erases a contact’s operations and deletes them with the portal', async () => {
        await store.beginOperation(PORTAL, 'e1', { kind: 'k', subject: 'contact:5', plan });
        await store.beginOperation(PORTAL, 'e2', { kind: 'k', subject: 'contact:6', plan });
        await store.beginOperation(OTHER_PORTAL, 'e3', { kind: 'k', subject: 'contact:5', plan });
        expect(await store.eraseContact(PORTAL, '5')).toEqual({ callbacks: 0, operations: 1 });
        expect(await store.getOperation(PORTAL, 'e1')).toBeNull();
        expect(await store.getOperation(PORTAL, 'e2')).not.toBeNull();
        await store.deleteInstallationData(PORTAL);
        expect(await store.getOperation(PORTAL, 'e2')).toBeNull();
        expect(await store.getOperation(OTHER_PORTAL, 'e3')).not.toBeNull();
      });

      it('gives exactly one of 10 concurrent begins the creation', async () => {
        const begun = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            store.beginOperation(PORTAL, 'op-race', { kind: 'k', subject: 's', plan: index }),
          ),
        );
        expect(begun.filter((result) => result.created)).toHaveLength(1);
        const winner = begun.find((result) => result.created)!.operation.plan;
        expect(begun.every((result) => result.operation.plan === winner)).toBe(true);
      });
    });

    describe('seen signatures', () => {
      it('accepts a signature once within its window and again after it closed', async () => {
        expect(await store.markSignatureSeen('sig-A', clock + 300_000)).toBe(true);
        expect(await store.markSignatureSeen('sig-A', clock + 300_000)).toBe(false);
        expect(await store.markSignatureSeen('sig-B', clock + 300_000)).toBe(true);
        advance(300_000);
        expect(await store.markSignatureSeen('sig-A', clock + 300_000)).toBe(true);
      });

      it('lets exactly one of 10 concurrent requests with one signature through', async () => {
        const seen = await Promise.all(
          Array.from({ length: 10 }, () => store.markSignatureSeen('sig-race', clock + 1_000)),
        );
        expect(seen.filter(Boolean)).toHaveLength(1);
      });

      it('prunes expired signatures', async () => {
        await store.markSignatureSeen('sig-old', clock + 1_000);
        await store.markSignatureSeen('sig-live', clock + 600_000);
        advance(1_000);
        expect(await store.pruneBefore(0)).toBe(1);
        expect(await store.markSignatureSeen('sig-live', clock + 600_000)).toBe(false);
      });
    });

    describe('bulk jobs', () => {
      it('runs one job per portal and kind at a time, with checkpoints', async () => {
        // GIVEN a started job
        const first = await store.startJob(PORTAL, 'rescore', { checkpoint: null, progress: 0 });
        expect(first).toMatchObject({
          ok: true,
          job: { portalId: PORTAL, kind: 'rescore', status: 'running', startedAt: clock },
        });
        // WHEN another of the same kind starts THEN it is refused, naming the running one
        const second = await store.startJob(PORTAL, 'rescore');
        expect(second).toMatchObject({
          ok: false,
          running: { kind: 'rescore', status: 'running' },
        });
        // AND other kinds and portals are independent
        expect((await store.startJob(PORTAL, 'backfill')).ok).toBe(true);
        expect((await store.startJob(OTHER_PORTAL, 'rescore')).ok).toBe(true);

        // WHEN it checkpoints THEN the checkpoint is read back
        advance(1_000);
        await store.saveJob(PORTAL, 'rescore', {
          status: 'running',
          checkpoint: { after: '12345' },
          progress: { done: 200, total: 1000 },
        });
        expect(await store.getJob(PORTAL, 'rescore')).toEqual({
          portalId: PORTAL,
          kind: 'rescore',
          status: 'running',
          checkpoint: { after: '12345' },
          progress: { done: 200, total: 1000 },
          startedAt: clock - 1_000,
          updatedAt: clock,
        });

        // WHEN it fails THEN a new run may start, resuming from the old checkpoint
        await store.saveJob(PORTAL, 'rescore', {
          status: 'failed',
          checkpoint: { after: '12345' },
          progress: { done: 200, total: 1000 },
        });
        const previous = await store.getJob(PORTAL, 'rescore');
        const resumed = await store.startJob(PORTAL, 'rescore', {
          checkpoint: previous!.checkpoint,
          progress: previous!.progress,
        });
        expect(resumed).toMatchObject({ ok: true, job: { checkpoint: { after: '12345' } } });
      });

      it('lets exactly one of several concurrent starts win', async () => {
        await store.saveJob(PORTAL, 'rescore', {
          status: 'completed',
          checkpoint: null,
          progress: null,
        });
        const starts = await Promise.all(
          Array.from({ length: 8 }, () => store.startJob(PORTAL, 'rescore')),
        );
        expect(starts.filter((start) => start.ok)).toHaveLength(1);
      });

      it('lets one of several takers take over a dead running job, never a live one', async () => {
        // GIVEN a running job whose owner last beat at t0
        await store.startJob(PORTAL, 'rescore', { checkpoint: { afterId: '10' }, progress: 1 });
        const beat = clock;
        const state = { status: 'running' as const, checkpoint: { afterId: '10' }, progress: 2 };
        // WHEN a taker asks while the heartbeat is fresh THEN it is refused
        expect(await store.takeOverJob(PORTAL, 'rescore', beat, state)).toBe(false);
        // WHEN three takers race after the heartbeat went stale THEN exactly one wins
        advance(30_000);
        const taken = await Promise.all(
          [1, 2, 3].map(() => store.takeOverJob(PORTAL, 'rescore', beat + 1, state)),
        );
        expect(taken.filter(Boolean)).toHaveLength(1);
        expect(await store.getJob(PORTAL, 'rescore')).toMatchObject({
          status: 'running',
          progress: 2,
          updatedAt: clock,
        });
        // AND a finished job is never taken over
        await store.saveJob(PORTAL, 'rescore', { ...state, status: 'completed' });
        advance(60_000);
        expect(await store.takeOverJob(PORTAL, 'rescore', clock, state)).toBe(false);
      });

      it('lists the running jobs of one kind', async () => {
        await store.startJob(PORTAL, 'rescore');
        await store.startJob(OTHER_PORTAL, 'rescore');
        await store.startJob(PORTAL, 'sweep');
        await store.saveJob(OTHER_PORTAL, 'rescore', {
          status: 'completed',
          checkpoint: null,
          progress: null,
        });
        const running = await store.listRunningJobs('rescore');
        expect(running.map((job) => [job.portalId, job.kind])).toEqual([[PORTAL, 'rescore']]);
      });

      it('deletes a job', async () => {
        await store.startJob(PORTAL, 'rescore');
        expect(await store.deleteJob(PORTAL, 'rescore')).toBe(true);
        expect(await store.getJob(PORTAL, 'rescore')).toBeNull();
        expect(await store.deleteJob(PORTAL, 'rescore')).toBe(false);
      });
    });

    describe('round robin', () => {
      it('cycles through the pool in order, per portal and pool', async () => {
        const sequence: number[] = [];
        for (let step = 0; step < 7; step += 1)
          sequence.push(await store.nextRoundRobin(PORTAL, 3));
        expect(sequence).toEqual([0, 1, 2, 0, 1, 2, 0]);
        expect(await store.nextRoundRobin(OTHER_PORTAL, 3)).toBe(0);
        expect(await store.nextRoundRobin(PORTAL, 3, 'enterprise')).toBe(0);
      });

      it('hands out each slot equally under concurrency', async () => {
        const indices = await Promise.all(
          Array.from({ length: 30 }, () => store.nextRoundRobin(PORTAL, 3)),
        );
        expect([0, 1, 2].map((slot) => indices.filter((index) => index === slot).length)).toEqual([
          10, 10, 10,
        ]);
      });

      it('rejects a pool size that is not a positive integer', async () => {
        await expect(store.nextRoundRobin(PORTAL, 0)).rejects.toThrow(/positive integer/);
        await expect(store.nextRoundRobin(PORTAL, 1.5)).rejects.toThrow(/positive integer/);
      });
    });

    describe('locks', () => {
      it('loses no update of 50 concurrent increments that await inside the lock', async () => {
        // GIVEN a counter read and written with an await in between (a lost update without a lock)
        let counter = 0;
        const increment = () =>
          store.withLock('deal:1', async () => {
            const read = counter;
            await yieldToOthers();
            counter = read + 1;
          });
        // WHEN 50 run concurrently THEN all 50 count
        await Promise.all(Array.from({ length: 50 }, increment));
        expect(counter).toBe(50);
      });

      it('releases the lock when the work throws, and returns the work result', async () => {
        await expect(
          store.withLock('deal:2', async () => {
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        await expect(store.withLock('deal:2', async () => 'next')).resolves.toBe('next');
      });

      it('does not make different keys wait for each other', async () => {
        // If one key blocked another, the inner call would never get its lock.
        const result = await store.withLock('deal:3', () =>
          store.withLock('deal:4', async () => 'inner'),
        );
        expect(result).toBe('inner');
      });

      itAcrossReplicas?.('serialises one key across replicas', async () => {
        const replica = await harness.openReplica!();
        let counter = 0;
        const increment = (target: Store) => () =>
          target.withLock('deal:5', async () => {
            const read = counter;
            await yieldToOthers();
            await target.getSettings(PORTAL); // a query inside the lock needs a free connection
            counter = read + 1;
          });
        await Promise.all([
          ...Array.from({ length: 20 }, increment(store)),
          ...Array.from({ length: 20 }, increment(replica)),
        ]);
        expect(counter).toBe(40);
      });
    });

    describe('section drafts', () => {
      const owner = {
        portalId: PORTAL,
        userId: '77',
        objectType: 'deal' as const,
        recordId: '101',
      };
      const draft = (text: string, baseRev = 2) => ({
        content: { steps: [{ id: 's1', name: text }], customerDeadlines: [] },
        baseRev,
        baseContent: { steps: [{ id: 's1', name: 'Pilot' }], customerDeadlines: [] },
      });

      it('puts, replaces and lists a user’s drafts of one deal with their time', async () => {
        // GIVEN two sections' drafts, the first put twice
        await store.putDraft({ ...owner, section: 'buyingProcess' }, draft('Pil'));
        advance(1_000);
        await store.putDraft({ ...owner, section: 'buyingProcess' }, draft('Pilot, renamed', 3));
        await store.putDraft({ ...owner, section: 'competition' }, draft('Globex'));
        // WHEN the user's drafts of the deal are listed
        const listed = await store.listDrafts(owner);
        // THEN each section has its latest draft, stamped when it was put
        expect(listed.sort((a, b) => a.section.localeCompare(b.section))).toEqual([
          { section: 'buyingProcess', ...draft('Pilot, renamed', 3), updatedAt: clock },
          { section: 'competition', ...draft('Globex'), updatedAt: clock },
        ]);
      });

      it('keeps drafts per user, deal and portal: no one reads another’s', async () => {
        await store.putDraft({ ...owner, section: 'buyingProcess' }, draft('mine'));
        expect(await store.listDrafts({ ...owner, userId: '78' })).toEqual([]);
        expect(await store.listDrafts({ ...owner, recordId: '102' })).toEqual([]);
        expect(await store.listDrafts({ ...owner, portalId: OTHER_PORTAL })).toEqual([]);
        expect(await store.listDrafts(owner)).toHaveLength(1);
      });

      it('keeps a company’s profile draft apart from the deal with the same id', async () => {
        // GIVEN a deal and a company that share the id 101, each with a draft of one section
        const company = { ...owner, objectType: 'company' as const };
        await store.putDraft({ ...owner, section: 'customerProfile' }, draft('deal’s'));
        await store.putDraft({ ...company, section: 'customerProfile' }, draft('company’s'));
        // WHEN each is listed, and then the company's are deleted
        const [ofDeal] = await store.listDrafts(owner);
        const [ofCompany] = await store.listDrafts(company);
        expect(await store.deleteDrafts(company)).toBe(1);
        // THEN each record read its own draft, and the deal's outlived the company's deletion
        expect(ofDeal?.content).toEqual(draft('deal’s').content);
        expect(ofCompany?.content).toEqual(draft('company’s').content);
        expect(await store.listDrafts(company)).toEqual([]);
        expect(await store.listDrafts(owner)).toHaveLength(1);
      });

      it('deletes one section’s draft, or all of a deal’s, and answers how many', async () => {
        // GIVEN three drafts of the user (two on the deal) and one of a colleague
        await store.putDraft({ ...owner, section: 'buyingProcess' }, draft('a'));
        await store.putDraft({ ...owner, section: 'competition' }, draft('b'));
        await store.putDraft({ ...owner, recordId: '102', section: 'competition' }, draft('c'));
        await store.putDraft({ ...owner, userId: '78', section: 'competition' }, draft('d'));
        // WHEN one section's draft is deleted, then the rest of the deal's
        expect(await store.deleteDrafts({ ...owner, section: 'buyingProcess' })).toBe(1);
        expect(await store.deleteDrafts({ ...owner, section: 'buyingProcess' })).toBe(0);
        expect((await store.listDrafts(owner)).map((each) => each.section)).toEqual([
          'competition',
        ]);
        expect(await store.deleteDrafts(owner)).toBe(1);
        // THEN the deal has none left, and the other deal's and the colleague's drafts remain
        expect(await store.listDrafts(owner)).toEqual([]);
        expect(await store.listDrafts({ ...owner, recordId: '102' })).toHaveLength(1);
        expect(await store.listDrafts({ ...owner, userId: '78' })).toHaveLength(1);
      });

      it('ignores drafts older than 14 days and purges them on the next write', async () => {
        // GIVEN a draft left for 14 days and a moment
        await store.putDraft({ ...owner, section: 'buyingProcess' }, draft('old'));
        advance(DRAFT_MAX_AGE_MS - 1);
        await store.putDraft({ ...owner, section: 'competition' }, draft('young'));
        expect(await store.listDrafts(owner)).toHaveLength(2);
        advance(2);
        // THEN the old one is no longer read
        expect((await store.listDrafts(owner)).map((each) => each.section)).toEqual([
          'competition',
        ]);
        // AND a write (of anyone) purges it, so deleting it finds nothing
        await store.putDraft({ ...owner, userId: '78', section: 'competition' }, draft('x'));
        expect(await store.deleteDrafts({ ...owner, section: 'buyingProcess' })).toBe(0);
        expect(await store.deleteDrafts({ ...owner, section: 'competition' })).toBe(1);
      });

      it('prunes expired drafts and deletes them with the portal', async () => {
        // GIVEN a draft past its age, and then two young ones in two portals
        await store.putDraft({ ...owner, section: 'buyingProcess' }, draft('old'));
        advance(DRAFT_MAX_AGE_MS + 1);
        expect(await store.pruneBefore(0)).toBe(1);
        const other = { ...owner, portalId: OTHER_PORTAL, section: 'competition' };
        await store.putDraft(other, draft('y'));
        await store.putDraft({ ...owner, section: 'competition' }, draft('kept'));
        // WHEN the first portal's data is deleted
        await store.deleteInstallationData(PORTAL);
        // THEN its drafts are gone, the other portal's remain
        expect(await store.listDrafts(owner)).toEqual([]);
        expect(await store.listDrafts({ ...owner, portalId: OTHER_PORTAL })).toHaveLength(1);
      });
    });

    describe('erasure', () => {
      it('erases the callbacks of a contact on privacy deletion, and nothing else', async () => {
        // GIVEN finished callbacks for two contacts (HubSpot spells the type CONTACT) and a deal
        await store.claimCallback('cb-c1', PORTAL, { objectType: 'CONTACT', objectId: '101' });
        await store.completeCallback('cb-c1', PORTAL, { outputFields: { email: 'a@example.com' } });
        await store.claimCallback('cb-c2', PORTAL, { objectType: '0-1', objectId: '102' });
        await store.completeCallback('cb-c2', PORTAL, { outputFields: {} });
        await store.claimCallback('cb-d', PORTAL, { objectType: 'DEAL', objectId: '101' });
        // WHEN contact 101 is erased
        expect(await store.eraseContact(PORTAL, '101')).toEqual({ callbacks: 1, operations: 0 });
        // THEN its callback record is gone, the others remain
        expect(await store.claimCallback('cb-c1', PORTAL)).toEqual({ state: 'claimed' });
        expect((await store.claimCallback('cb-c2', PORTAL)).state).toBe('done');
        expect((await store.claimCallback('cb-d', PORTAL)).state).toBe('running');
        // AND the same contact id in another portal is not touched
        expect(await store.eraseContact(OTHER_PORTAL, '102')).toEqual({
          callbacks: 0,
          operations: 0,
        });
      });

      it('deletes all of a portal’s data and keeps other portals’', async () => {
        // GIVEN data of every kind for two portals
        for (const portalId of [PORTAL, OTHER_PORTAL]) {
          await store.saveInstallation(installation({ portalId }));
          await store.putSettings(portalId, { x: 1 }, { expectedVersion: 0, updatedBy: 'u' });
          await store.markEventsSeen(portalId, ['e1']);
          await store.claimCallback(`cb-${portalId}`, portalId);
          await store.startJob(portalId, 'rescore');
          await store.nextRoundRobin(portalId, 2);
        }
        // WHEN one portal's data is deleted
        await store.deleteInstallationData(PORTAL);
        // THEN nothing of it remains
        expect(await store.getInstallation(PORTAL)).toBeNull();
        expect(await store.getSettings(PORTAL)).toBeNull();
        expect(await store.markEventsSeen(PORTAL, ['e1'])).toEqual(['e1']);
        expect(await store.claimCallback(`cb-${PORTAL}`, PORTAL)).toEqual({ state: 'claimed' });
        expect(await store.getJob(PORTAL, 'rescore')).toBeNull();
        expect(await store.nextRoundRobin(PORTAL, 2)).toBe(0);
        // AND the other portal keeps everything
        expect(await store.getInstallation(OTHER_PORTAL)).not.toBeNull();
        expect(await store.getSettings(OTHER_PORTAL)).not.toBeNull();
        expect(await store.markEventsSeen(OTHER_PORTAL, ['e1'])).toEqual([]);
        expect(await store.getJob(OTHER_PORTAL, 'rescore')).not.toBeNull();
        expect(await store.nextRoundRobin(OTHER_PORTAL, 2)).toBe(1);
      });

      it('prunes old seen events and finished callbacks, keeping recent and running ones', async () => {
        // GIVEN an old event and finished callback, an old running callback, then newer ones
        await store.markEventsSeen(PORTAL, ['old']);
        await store.claimCallback('cb-old', PORTAL);
        await store.completeCallback('cb-old', PORTAL, 'r');
        await store.claimCallback('cb-old-running', PORTAL);
        advance(10_000);
        const cutoff = clock;
        await store.markEventsSeen(PORTAL, ['new']);
        await store.claimCallback('cb-new', PORTAL);
        await store.completeCallback('cb-new', PORTAL, 'r');
        // WHEN records before the cutoff are pruned
        expect(await store.pruneBefore(cutoff)).toBe(2);
        // THEN the old ones are forgotten, the rest kept
        expect(await store.markEventsSeen(PORTAL, ['old', 'new'])).toEqual(['old']);
        expect(await store.claimCallback('cb-old', PORTAL)).toEqual({ state: 'claimed' });
        expect((await store.claimCallback('cb-new', PORTAL)).state).toBe('done');
        expect(await store.claimCallback('cb-old-running', PORTAL)).toEqual({ state: 'running' });
      });
    });
  });
}
