// The backend store: the port for everything HubSpot cannot hold for us (ARCHITECTURE.md, "Where
// data lives"). One interface, one adapter per database (node:sqlite, PostgreSQL), one contract test
// battery run against both (tests/store/store-contract.ts), in the manner of Shopify's session storage.
//
// What the store holds, and therefore what `eraseContact` / `deleteInstallationData` must reach:
// - installations: portal id, granted scopes, OAuth tokens (encrypted at rest), who installed the app
//   (a HubSpot *user*, not a CRM contact) and the portal's hub domain;
// - settings: one JSON document per portal (scoring model, thresholds, hand-off rules …), no contacts;
// - seen webhook event ids: only the portal id and HubSpot's opaque eventId (no object ids, no payload);
// - workflow callbacks: callbackId, portal id, the enrolled object (type + id) and the action's
//   result (its output fields may describe that object) — the only contact-related data stored;
// - bulk-job checkpoints: opaque JSON owned by the job (cursors such as an `hs_object_id` to resume
//   after, never copies of records);
// - round-robin cursors: a counter per portal and pool;
// - durable operations (hand-off, return, win, promotion): the effects planned for one contact, how
//   far they got and the answer given — the plan names the contact and may carry note text about it;
// - seen request signatures: a SHA-256 of each signed state-changing request's signature, until
//   HubSpot's 5-minute window closes (no payload, no portal data);
// - section drafts: a HubSpot user's unsaved edit of one plan section of a deal or of a company's
//   profile (the typed
//   content and the stored version it started from), kept DRAFT_MAX_AGE_MS after its last change
//   so a browser reload loses nothing (UI extensions have no storage of their own).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { describeZodError } from '../domain/errors.ts';

/** Whether the app is still installed in a portal. */
export type InstallationStatus = 'active' | 'uninstalled';

/** What the OAuth flow hands to the store when a portal installs (or re-authorises) the app. */
export interface InstallationInput {
  portalId: number;
  scopes: string[];
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, epoch milliseconds. */
  expiresAt: number;
  /** The HubSpot user who installed the app (id or email), when known. */
  installedBy?: string;
  /** The portal's hub domain (`example.hubspot.com`), when known. */
  hubDomain?: string;
}

/** An installation as read back: tokens decrypted, plus its lifecycle. */
export interface Installation extends InstallationInput {
  status: InstallationStatus;
  /** When the current installation began (a re-install after an uninstall restarts it), epoch ms. */
  installedAt: number;
  updatedAt: number;
  uninstalledAt: number | null;
  uninstallReason: string | null;
}

/** A portal's settings document with its optimistic-concurrency version (1, 2, 3 …). */
export interface StoredSettings {
  version: number;
  /** JSON as it was put; validated by the domain's schemas upstream, not here. */
  value: unknown;
  updatedAt: number;
  updatedBy: string;
}

/** Outcome of a compare-and-set write of settings. */
export type PutSettingsResult =
  { ok: true; version: number } | { ok: false; currentVersion: number };

/** The CRM object a workflow action runs for, kept so a privacy deletion can erase its callbacks. */
export interface CallbackSubject {
  /** `contact`, `company`, `deal` … (HubSpot's `CONTACT` and `0-1` are normalised to `contact`). */
  objectType: string;
  objectId: string;
}

/** Outcome of claiming a workflow callback for execution. */
export type CallbackClaim =
  { state: 'claimed' } | { state: 'running' } | { state: 'done'; result: unknown };

/** Lifecycle of a bulk job; only one `running` job per portal and kind. */
export type JobStatus = 'running' | 'completed' | 'failed' | 'cancelled';

/** What a bulk job records as it goes: where to resume and how far it got. */
export interface JobState {
  status: JobStatus;
  checkpoint: unknown;
  progress: unknown;
}

/** A bulk job's stored state. */
export interface Job extends JobState {
  portalId: number;
  kind: string;
  startedAt: number;
  updatedAt: number;
}

/** Outcome of starting a bulk job: refused while another of the same kind runs for the portal. */
export type StartJobResult = { ok: true; job: Job } | { ok: false; running: Job };

/** What `eraseContact` removed. */
export interface EraseResult {
  callbacks: number;
  /** Durable operation records of the contact. */
  operations?: number;
}

/** Where a durable operation stands: `pending` until its last effect ran, then `done`. */
export type OperationStatus = 'pending' | 'done';

/**
 * A durable operation (hand-off, return, win, promotion): recorded before its first effect with the
 * effects it will run, so a retry or the background resumer completes it. Keyed by portal and
 * operation id (a workflow callbackId, a webhook event, a card request id). `plan`, `progress` and
 * `result` are JSON owned by the runner (src/server/effects/effect-runner.ts).
 */
export interface OperationRecord {
  portalId: number;
  operationId: string;
  kind: string;
  /** The record whose lock serialises the operation, e.g. `contact:123`. */
  subject: string;
  status: OperationStatus;
  plan: unknown;
  progress: unknown;
  result: unknown;
  /** Attempts that ran (some of) its effects; the first run counts 1. */
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

/** What an operation is recorded with before its first effect. */
export interface OperationInput {
  kind: string;
  subject: string;
  plan: unknown;
  progress?: unknown;
}

/** Which pending operations to list (all filters optional, oldest first). */
export interface PendingOperationQuery {
  portalId?: number;
  subject?: string;
  /** Only those last touched before this instant (epoch ms): idle, so nobody is running them. */
  updatedBefore?: number;
  limit?: number;
}

/** How long an unchanged section draft is kept: older ones are ignored on read and purged on write. */
export const DRAFT_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** The records whose sections have drafts: a deal's plan, a company's profile. */
export const DRAFT_OBJECT_TYPES = ['deal', 'company'] as const;
export type DraftObjectType = (typeof DRAFT_OBJECT_TYPES)[number];

/** Whose draft of what: one per portal, HubSpot user, record and section. */
export interface SectionDraftKey {
  portalId: number;
  /** The HubSpot user id from the signed card request (never from a body). */
  userId: string;
  /** HubSpot ids are unique per object type only, so the type is part of the key. */
  objectType: DraftObjectType;
  recordId: string;
  section: string;
}

/** What a draft is stored with: JSON owned by the card, validated (bounded) upstream. */
export interface SectionDraftInput {
  /** The unsaved content as typed (need not be valid section content). */
  content: unknown;
  /** The stored revision the edit started from. */
  baseRev: number;
  /** The stored content at `baseRev`, so a later conflict names only the other person's fields. */
  baseContent: unknown;
}

/** A stored draft. */
export interface SectionDraftRecord extends SectionDraftInput {
  section: string;
  /** When the draft was last put, epoch ms. */
  updatedAt: number;
}

/** Unsaved plan and profile edits, per user (src/server/handlers/drafts.ts). */
export interface DraftStore {
  /** A user's drafts of one record younger than DRAFT_MAX_AGE_MS, by section name. */
  listDrafts(key: Omit<SectionDraftKey, 'section'>): Promise<SectionDraftRecord[]>;
  /** Creates or replaces one draft (stamped now) and purges every expired draft. */
  putDraft(key: SectionDraftKey, draft: SectionDraftInput): Promise<SectionDraftRecord>;
  /** Deletes one section's draft, or with `section` absent all of the user's drafts of the record;
   * answers how many were there. */
  deleteDrafts(key: Omit<SectionDraftKey, 'section'> & { section?: string }): Promise<number>;
}

/** Installations (OAuth tokens) and the per-portal settings document. */
export interface InstallationStore {
  /** Creates or replaces a portal's installation (tokens encrypted at rest); marks it active. */
  saveInstallation(input: InstallationInput): Promise<Installation>;
  /** Reads a portal's installation with decrypted tokens, or null when it never installed. */
  getInstallation(portalId: number): Promise<Installation | null>;
  /** Marks a portal's installation uninstalled with a reason; false when there is none. */
  markUninstalled(portalId: number, reason: string): Promise<boolean>;
  /** Lists every installation (active and uninstalled), ordered by portal id. */
  listInstallations(): Promise<Installation[]>;

  /** Reads a portal's settings, or null when none were ever saved. */
  getSettings(portalId: number): Promise<StoredSettings | null>;
  /** Writes settings only if the stored version is `expectedVersion` (0 = none saved yet). */
  putSettings(
    portalId: number,
    value: unknown,
    options: { expectedVersion: number; updatedBy: string },
  ): Promise<PutSettingsResult>;
}

/** What makes HubSpot's deliveries run once: seen events, callback claims, seen signatures. */
export interface DeliveryStore {
  /** Records webhook event ids; returns, in input order, those never seen before (each id once, ever). */
  markEventsSeen(portalId: number, eventIds: string[]): Promise<string[]>;
  /** Forgets seen event ids whose work failed, so HubSpot's redelivery is processed again. */
  forgetEvents(portalId: number, eventIds: string[]): Promise<void>;

  /**
   * Claims a workflow callback: `claimed` to run it, `running` elsewhere (lease live), or `done`.
   * Keyed by portal and callbackId: the same id from two portals is two callbacks.
   */
  claimCallback(
    callbackId: string,
    portalId: number,
    subject?: CallbackSubject,
  ): Promise<CallbackClaim>;
  /** Records a claimed callback's result, so retries replay it instead of running again. */
  completeCallback(callbackId: string, portalId: number, result: unknown): Promise<void>;
  /** Gives up a running claim (after a failure), so HubSpot's retry can run the callback again. */
  releaseCallback(callbackId: string, portalId: number): Promise<void>;

  /**
   * Records a signed request's signature until `expiresAt` (epoch ms); false when it was already
   * recorded and has not expired — the request is a replay. Shared by every replica.
   */
  markSignatureSeen(signature: string, expiresAt: number): Promise<boolean>;
}

/** Durable operations (hand-off, return, win, promotion). */
export interface OperationStore {
  /** Records an operation unless one with its id exists; answers the stored one either way. */
  beginOperation(
    portalId: number,
    operationId: string,
    input: OperationInput,
  ): Promise<{ created: boolean; operation: OperationRecord }>;
  /** Reads one operation, or null. */
  getOperation(portalId: number, operationId: string): Promise<OperationRecord | null>;
  /** Records how far a pending operation got; `attempt` counts a new attempt. False when not pending. */
  saveOperationProgress(
    portalId: number,
    operationId: string,
    progress: unknown,
    options?: { attempt?: boolean },
  ): Promise<boolean>;
  /** Marks an operation done with the answer its retries get. */
  completeOperation(portalId: number, operationId: string, result: unknown): Promise<void>;
  /** Pending operations, oldest first (the resumer's work list). */
  listPendingOperations(query?: PendingOperationQuery): Promise<OperationRecord[]>;
}

/** Bulk jobs and round-robin cursors. */
export interface JobStore {
  /** Reads a portal's bulk job of one kind, or null. */
  getJob(portalId: number, kind: string): Promise<Job | null>;
  /** Starts a job, replacing a finished one; refused while one of that kind is running. */
  startJob(
    portalId: number,
    kind: string,
    initial?: { checkpoint?: unknown; progress?: unknown },
  ): Promise<StartJobResult>;
  /** Records a job's status, checkpoint and progress (creating the row if needed). */
  saveJob(portalId: number, kind: string, state: JobState): Promise<Job>;
  /** Deletes a portal's job of one kind; false when there was none. */
  deleteJob(portalId: number, kind: string): Promise<boolean>;
  /**
   * Takes over a `running` job whose heartbeat (`updatedAt`) is older than `staleBefore`, writing
   * `state`; false when it is not running or is alive (another taker won, or its owner beat).
   * One atomic step, so of several processes taking over one dead job exactly one succeeds.
   */
  takeOverJob(
    portalId: number,
    kind: string,
    staleBefore: number,
    state: JobState,
  ): Promise<boolean>;
  /** Every `running` job of one kind (the resumer looks for dead ones among them). */
  listRunningJobs(kind: string): Promise<Job[]>;

  /** Returns the next index in `[0, size)` of a portal's round-robin pool, atomically advanced. */
  nextRoundRobin(portalId: number, size: number, pool?: string): Promise<number>;
}

/** What removes data: privacy erasure, uninstall, pruning. */
export interface MaintenanceStore {
  /** Erases what the store holds about one contact (`contact.privacyDeletion`). */
  eraseContact(portalId: number, contactId: string): Promise<EraseResult>;
  /** Deletes everything stored for a portal: installation, settings, events, callbacks, jobs, cursors. */
  deleteInstallationData(portalId: number): Promise<void>;
  /** Deletes seen event ids, finished callbacks and done operations recorded before `before`, and
   * expired signatures and drafts (epoch ms); returns the count. */
  pruneBefore(before: number): Promise<number>;
}

/** Persistence for what HubSpot cannot hold; every method is safe to call concurrently. */
export interface Store
  extends InstallationStore, DeliveryStore, OperationStore, JobStore, DraftStore, MaintenanceStore {
  /** Runs `fn` while holding the lock named `key`; do not nest locks (another key may deadlock). */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;

  /** Releases the database connection(s). */
  close(): Promise<void>;
}

/** The parts a store adapter builds from its context (one module per concern). */
export interface StoreParts<Context> {
  installations(context: Context): InstallationStore;
  deliveries(context: Context): DeliveryStore;
  operations(context: Context): OperationStore;
  jobs(context: Context): JobStore;
  drafts(context: Context): DraftStore;
  maintenance(context: Context): MaintenanceStore;
}

/** Puts a store together from its parts, its lock and its `close`. */
export function assembleStore<Context>(
  context: Context,
  parts: StoreParts<Context>,
  own: Pick<Store, 'withLock' | 'close'>,
): Store {
  return {
    ...parts.installations(context),
    ...parts.deliveries(context),
    ...parts.operations(context),
    ...parts.jobs(context),
    ...parts.drafts(context),
    ...parts.maintenance(context),
    withLock: (key, fn) => own.withLock(key, fn),
    close: () => own.close(),
  };
}

/** Options every adapter takes besides its connection. */
export interface StoreClockOptions {
  /** The clock, epoch ms; injected so tests can move time. Defaults to `Date.now`. */
  now?: () => number;
  /** How long a `running` callback claim holds before another claim may take it over, ms. */
  callbackLeaseMs?: number;
}

/** Default lease of a running workflow callback: long enough for a slow action, short enough that a
 * later HubSpot redelivery runs it again after this process crashed mid-way. */
export const DEFAULT_CALLBACK_LEASE_MS = 60_000;

const installationInputSchema = z.object({
  portalId: z.number().int().positive(),
  scopes: z.array(z.string().min(1)),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresAt: z.number().int().nonnegative(),
  installedBy: z.string().min(1).optional(),
  hubDomain: z.string().min(1).optional(),
});

/** Validates an installation before it is stored; throws naming each bad field. */
export function parseInstallationInput(input: InstallationInput): InstallationInput {
  const result = installationInputSchema.safeParse(input);
  if (!result.success) {
    throw new TypeError(`Invalid installation — ${describeZodError(result.error)}`);
  }
  return result.data;
}

/** Rejects a round-robin pool size that is not a positive integer. */
export function assertPoolSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(`Round-robin size must be a positive integer, got ${size}`);
  }
}

export { normaliseObjectType } from '../domain/object-type-names.ts';

/** JSON text for a stored value; `undefined` is stored as `null`. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** The stored key of a request signature: its SHA-256, so the store never holds a signature. */
export function signatureKey(signature: string): string {
  return createHash('sha256').update(signature).digest('hex');
}
