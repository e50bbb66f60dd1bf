// The customer profile at company level: one revisioned document on the company (hidden JSON
// textarea `op_account_profile`), shared by every deal of the company. A deal without a company
// keeps its own profile in its plan section, as before.
//
// Migration on first read: deals kept their own copy of the profile (plan section
// `customerProfile`), and a won deal's profile was carried over to the company as plain content
// (`op_customer_profile`). When the company has no profile document yet, the first read builds it:
//   1. the reading deal's own copy wins when it has ever been saved (it is what the seller edits);
//   2. otherwise the carried-over profile of the last won deal.
// Nothing is deleted: the deal keeps its section and the company its carried-over property. A copy
// that differs from the company's profile is offered to the user (`alternatives`) until they take
// it or set it aside; the company document records which copies were settled (`settled`), so an
// offer is made once per copy and revision.
import { z } from 'zod';
import type { FieldError, Localized, Validated } from '../errors.ts';
import { fieldErrorsFromZod, parseStoredJson } from '../errors.ts';
import { MAX_SECTION_JSON_SIZE, measureUtf8Bytes } from '../plan/document.ts';
import type { SectionDocument } from '../plan/document.ts';
import type { CustomerProfile } from '../plan/sections.ts';
import { customerProfileSchema, emptyContent } from '../plan/sections.ts';

/** The envelope/content layout this code writes. */
export const PROFILE_SCHEMA_VERSION = 1;

/** Where a copy of the profile comes from: a deal's own section, or the carry-over of a win. */
export type ProfileSourceKey = `deal:${string}` | 'carriedOver';

/** The company's customer profile document. */
export interface CompanyProfileDocument {
  schemaVersion: number;
  /** Revision, 0 for a profile never saved; every saved change adds one. */
  rev: number;
  updatedAt: string | null;
  updatedBy: string | null;
  content: CustomerProfile;
  /**
   * Copies already settled (migrated, taken or set aside): `deal:<id>` → the deal section's rev,
   * `carriedOver` → a fingerprint of the carried-over content.
   */
  settled: Record<string, string>;
}

/** A differing copy the user may take instead of the company's profile. */
export interface ProfileAlternative {
  source: ProfileSourceKey;
  /** The deal the copy lives on, for `deal:` sources. */
  dealId: string | null;
  /** The copy's revision (deal sections) or fingerprint (carried-over), sent back to settle it. */
  version: string;
  updatedAt: string | null;
  content: CustomerProfile;
}

const MAX_SETTLED = 200;
const userIdSchema = z
  .string()
  .max(64)
  .refine((s) => s.trim().length > 0, 'A user id is required');

const documentSchema = z.strictObject({
  schemaVersion: z.number().int().min(1),
  rev: z.number().int().nonnegative(),
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: userIdSchema.nullable(),
  content: customerProfileSchema,
  settled: z
    .record(z.string().max(80), z.string().max(64))
    .refine((value) => Object.keys(value).length <= MAX_SETTLED, 'Too many settled copies')
    .default({}),
});

/** A company without a profile document. */
export function emptyCompanyProfile(): CompanyProfileDocument {
  return {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    rev: 0,
    updatedAt: null,
    updatedBy: null,
    content: emptyContent('customerProfile'),
    settled: {},
  };
}

/** Reads the stored company profile; empty → rev 0; every problem is named by field path. */
export function parseCompanyProfile(
  json: string | null | undefined,
): Validated<CompanyProfileDocument> {
  const stored = parseStoredJson(json, {
    path: 'companyProfile',
    what: 'profile',
    schema: { current: PROFILE_SCHEMA_VERSION, path: 'companyProfile.schemaVersion' },
  });
  if (!stored.ok) return stored;
  const raw = stored.value;
  if (raw === undefined) return { ok: true, value: emptyCompanyProfile() };
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: fieldErrorsFromZod(parsed.error).map((e) => ({
        path: e.path === '(root)' ? 'companyProfile' : `companyProfile.${e.path}`,
        message: e.message,
      })),
    };
  }
  return { ok: true, value: parsed.data };
}

/** Reads the carried-over profile content (plain content JSON); unreadable or empty → null. */
export function parseCarriedOverProfile(json: string | null | undefined): CustomerProfile | null {
  if (json === null || json === undefined || json.trim() === '') return null;
  try {
    const parsed = customerProfileSchema.safeParse(JSON.parse(json));
    return parsed.success && !isEmptyProfile(parsed.data) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** True when nothing of the profile is filled in. */
export function isEmptyProfile(profile: CustomerProfile): boolean {
  return sameProfile(profile, emptyContent('customerProfile'));
}

/** Structural equality of two profiles (list order counts, as the seller ordered them). */
export function sameProfile(a: CustomerProfile, b: CustomerProfile): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short deterministic fingerprint of a profile (FNV-1a over its canonical JSON, hex). */
export function profileFingerprint(profile: CustomerProfile): string {
  let hash = 0x811c9dc5;
  const text = canonical(profile);
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A deal's own copy of the profile (its plan section). */
export interface DealProfileCopy {
  dealId: string;
  section: SectionDocument<'customerProfile'>;
}

/** What a read knows about the profile copies. */
export interface ProfileSources {
  /** The company's document (rev 0 when it has none yet). */
  company: CompanyProfileDocument;
  /**
   * The deals' own copies, in priority order: a deal's plan passes only its own; the company card
   * passes every deal's, most recently edited first. The first saved one wins a migration.
   */
  dealCopies: DealProfileCopy[];
  /** The carried-over profile of the last won deal, if any. */
  carriedOver: CustomerProfile | null;
  now: Date;
  userId: string;
}

/** The profile to show, whether the company document must be written, and what to offer. */
export interface ResolvedProfile {
  doc: CompanyProfileDocument;
  /** The document changed (migration or a copy settled as equal) and must be written. */
  write: boolean;
  /** Which copy won a migration made by this read; null when no migration happened. */
  migratedFrom: ProfileSourceKey | null;
  alternatives: ProfileAlternative[];
}

const dealKey = (dealId: string): ProfileSourceKey => `deal:${dealId}`;
const isSaved = (copy: DealProfileCopy): boolean =>
  copy.section.rev > 0 && !isEmptyProfile(copy.section.content);

/**
 * Decides the company profile to show. Pure: the caller writes `doc` when `write` is true (after
 * re-reading and re-running this under the company's lock).
 */
export function resolveProfile(sources: ProfileSources): ResolvedProfile {
  const { company, carriedOver } = sources;
  const copies = sources.dealCopies.filter(isSaved);
  let doc = company;
  let write = false;
  let migratedFrom: ProfileSourceKey | null = null;

  if (company.rev === 0) {
    // First read: build the company's document from the best copy there is.
    const own = copies[0];
    const winner: { key: ProfileSourceKey; content: CustomerProfile } | null = own
      ? { key: dealKey(own.dealId), content: own.section.content }
      : carriedOver
        ? { key: 'carriedOver', content: carriedOver }
        : null;
    if (winner) {
      doc = {
        schemaVersion: PROFILE_SCHEMA_VERSION,
        rev: 1,
        updatedAt: sources.now.toISOString(),
        updatedBy: sources.userId,
        content: winner.content,
        settled: {},
      };
      write = true;
      migratedFrom = winner.key;
    }
  }
  // Copies that say the same as the company's profile are settled silently.
  const settled = { ...doc.settled };
  let newlySettled = false;
  for (const copy of copies) {
    const key = dealKey(copy.dealId);
    if (
      settled[key] !== String(copy.section.rev) &&
      sameProfile(copy.section.content, doc.content)
    ) {
      settled[key] = String(copy.section.rev);
      newlySettled = true;
    }
  }
  if (carriedOver && settled.carriedOver === undefined && sameProfile(carriedOver, doc.content)) {
    settled.carriedOver = profileFingerprint(carriedOver);
    newlySettled = true;
  }
  if (doc.rev > 0 && newlySettled) {
    doc = { ...doc, settled: trimSettled(settled) };
    write = true;
  }

  const alternatives: ProfileAlternative[] = [];
  for (const copy of copies) {
    const key = dealKey(copy.dealId);
    if (doc.settled[key] === String(copy.section.rev)) continue;
    if (sameProfile(copy.section.content, doc.content)) continue;
    alternatives.push({
      source: key,
      dealId: copy.dealId,
      version: String(copy.section.rev),
      updatedAt: copy.section.updatedAt,
      content: copy.section.content,
    });
  }
  if (
    carriedOver &&
    doc.settled.carriedOver === undefined &&
    !sameProfile(carriedOver, doc.content)
  ) {
    alternatives.push({
      source: 'carriedOver',
      dealId: null,
      version: profileFingerprint(carriedOver),
      updatedAt: null,
      content: carriedOver,
    });
  }
  return { doc, write, migratedFrom, alternatives };
}

/** The version a copy currently has (to check a take/set-aside against what is stored). */
export function copyVersion(
  source: ProfileSourceKey,
  copy: SectionDocument<'customerProfile'> | CustomerProfile | null,
): string | null {
  if (copy === null) return null;
  if (source === 'carriedOver') return profileFingerprint(copy as CustomerProfile);
  return String((copy as SectionDocument<'customerProfile'>).rev);
}

/** The company profile as a plan section document, so a deal's plan treats it like its own. */
export function asSectionDocument(doc: CompanyProfileDocument): SectionDocument<'customerProfile'> {
  return {
    schemaVersion: 1,
    section: 'customerProfile',
    rev: doc.rev,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
    content: doc.content,
  };
}

/** Outcome of a change to the company's profile. */
export type ProfileEditResult =
  | { ok: true; doc: CompanyProfileDocument; changed: boolean }
  | { ok: false; conflict: { current: CompanyProfileDocument } }
  | { ok: false; errors: FieldError[] };

/**
 * A seller's edit of the company profile from revision `baseRev`. Submitting exactly what is
 * stored is a no-op success (a retried save whose first attempt was written completes instead of
 * conflicting); otherwise a stale `baseRev` is a conflict.
 */
export function applyProfileEdit(edit: {
  current: CompanyProfileDocument;
  content: unknown;
  baseRev: number;
  userId: string;
  now: Date;
  /** A copy this edit takes or sets aside, recorded as settled. */
  settle?: { source: ProfileSourceKey; version: string };
}): ProfileEditResult {
  const parsed = customerProfileSchema.safeParse(edit.content);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error) };
  const user = userIdSchema.safeParse(edit.userId);
  if (!user.success)
    return { ok: false, errors: [{ path: 'userId', message: 'A user id is required' }] };
  const { current } = edit;
  const settled = edit.settle
    ? { ...current.settled, [edit.settle.source]: edit.settle.version }
    : current.settled;
  const settledChanged =
    edit.settle !== undefined && current.settled[edit.settle.source] !== edit.settle.version;
  if (sameProfile(parsed.data, current.content) && !settledChanged) {
    return { ok: true, doc: current, changed: false };
  }
  if (edit.baseRev !== current.rev) return { ok: false, conflict: { current } };
  return {
    ok: true,
    changed: true,
    doc: {
      schemaVersion: PROFILE_SCHEMA_VERSION,
      rev: current.rev + 1,
      updatedAt: edit.now.toISOString(),
      updatedBy: edit.userId,
      content: parsed.data,
      settled: trimSettled(settled),
    },
  };
}

/** Keeps the newest MAX_SETTLED entries (insertion order), so the document stays bounded. */
function trimSettled(settled: Record<string, string>): Record<string, string> {
  const entries = Object.entries(settled);
  return entries.length <= MAX_SETTLED ? settled : Object.fromEntries(entries.slice(-MAX_SETTLED));
}

/** Why a profile could not be serialized. */
export type SerializedProfile = { ok: true; json: string } | { ok: false; message: Localized };

/** The JSON stored on the company, refusing one too large for HubSpot's textarea. */
export function serializeCompanyProfile(doc: CompanyProfileDocument): SerializedProfile {
  const json = JSON.stringify(doc);
  if (measureUtf8Bytes(json) <= MAX_SECTION_JSON_SIZE) return { ok: true, json };
  return {
    ok: false,
    message: {
      en: 'The customer profile is too large to save. Shorten long texts or remove list entries.',
      de: 'Das Kundenprofil ist zu groß zum Speichern. Kürzen Sie lange Texte oder entfernen Sie Listeneinträge.',
    },
  };
}
