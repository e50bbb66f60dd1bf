// The stored form of a plan section: a versioned, revisioned envelope around the section content,
// kept as JSON in one hidden deal textarea property per section (ARCHITECTURE.md, "Where data
// lives"). Parsing migrates old documents forward, refuses ones from a newer app version, and names
// the section and field of every problem; editing is optimistic (a stale `baseRev` is a conflict).
import { z } from 'zod';
import type { FieldError, Localized, Validated } from '../errors.ts';
import { fieldErrorsFromZod, isRecord, newerSchemaError, parseStoredJson } from '../errors.ts';
import type { SectionContent, SectionKey } from './sections.ts';
import { SECTION_KEYS, SECTION_LABELS, emptyContent, getSectionSchema } from './sections.ts';
import {
  MAX_TEXTAREA_JSON_BYTES,
  TEXT_PROPERTY_MAX_CHARACTERS,
  TEXTAREA_SAFETY_MARGIN,
  measureUtf8Bytes,
} from '../hubspot-limits.ts';

/** The envelope/content layout this code writes. Bump it and add a MIGRATIONS entry together. */
export const CURRENT_SCHEMA_VERSION = 1;

/** HubSpot's text property limit in characters (src/domain/hubspot-limits.ts has its source). */
export const TEXTAREA_LIMIT = TEXT_PROPERTY_MAX_CHARACTERS;
export { TEXTAREA_SAFETY_MARGIN, measureUtf8Bytes };
/** Largest serialized section we write, in UTF-8 bytes: the product's one textarea budget. */
export const MAX_SECTION_JSON_SIZE = MAX_TEXTAREA_JSON_BYTES;

/** A stored plan section: content plus who changed it last, when, and at which revision. */
export interface SectionDocument<K extends SectionKey = SectionKey> {
  schemaVersion: number;
  section: K;
  /** Revision, 0 for a section never saved; every saved edit adds one. */
  rev: number;
  /** ISO 8601 instant of the last edit; null for a section never saved. */
  updatedAt: string | null;
  /** HubSpot user id of the last editor; null for a section never saved. */
  updatedBy: string | null;
  content: SectionContent<K>;
}

/** Upgrades a document of schema version n (the key) to version n + 1. */
export type Migration = (doc: unknown) => unknown;

/** One migration per old schema version; empty while version 1 is the only one there has been. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/** A section never saved: empty content at revision 0. */
export function emptySection<K extends SectionKey>(key: K): SectionDocument<K> {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    section: key,
    rev: 0,
    updatedAt: null,
    updatedBy: null,
    content: emptyContent(key),
  };
}

/** Why a section could not be serialized. */
export interface SectionTooLargeError {
  code: 'too_large';
  section: SectionKey;
  /** Serialized size in UTF-8 bytes. */
  size: number;
  /** The largest size allowed (MAX_SECTION_JSON_SIZE). */
  limit: number;
  message: Localized;
}

/** Outcome of serializing a section for its textarea property. */
export type SerializedSection =
  { ok: true; json: string } | { ok: false; error: SectionTooLargeError };

/** Groups digits in thousands with `separator` (locale-free, so output is deterministic). */
function formatCount(value: number, separator: string): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Turns a section document into the JSON stored on the deal, refusing one too large to store. */
export function serializeSection(doc: SectionDocument): SerializedSection {
  const json = JSON.stringify(doc);
  const size = measureUtf8Bytes(json);
  if (size <= MAX_SECTION_JSON_SIZE) return { ok: true, json };
  const label = SECTION_LABELS[doc.section];
  return {
    ok: false,
    error: {
      code: 'too_large',
      section: doc.section,
      size,
      limit: MAX_SECTION_JSON_SIZE,
      message: {
        en:
          `The section "${label.en}" is too large to save ` +
          `(${formatCount(size, ',')} of at most ${formatCount(MAX_SECTION_JSON_SIZE, ',')} characters). ` +
          'Shorten long texts or remove list entries.',
        de:
          `Der Abschnitt „${label.de}“ ist zu groß zum Speichern ` +
          `(${formatCount(size, '.')} von höchstens ${formatCount(MAX_SECTION_JSON_SIZE, '.')} Zeichen). ` +
          'Kürzen Sie lange Texte oder entfernen Sie Listeneinträge.',
      },
    },
  };
}

/** Options for parsing; tests and future versions pass their own migrations and version. */
export interface ParseSectionOptions {
  migrations?: Readonly<Record<number, Migration>>;
  currentVersion?: number;
}

/** The HubSpot user id of an editor. */
const userIdSchema = z
  .string()
  .max(64)
  .refine((s) => s.trim().length > 0, 'A user id is required');

const envelopeSchema = z.strictObject({
  schemaVersion: z.number().int(),
  section: z.enum(SECTION_KEYS),
  rev: z.number().int().nonnegative(),
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: userIdSchema.nullable(),
  content: z.unknown(),
});

/** Prefixes every error path (e.g. with the section key), so a message says where the problem is. */
function underPath(prefix: string, errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({
    path: e.path === '(root)' ? prefix : `${prefix}.${e.path}`,
    message: e.message,
  }));
}

/**
 * Reads the stored JSON of section `key`. Missing or empty → the empty section at rev 0; otherwise
 * the document is migrated to the current schema version and validated, every problem named by
 * section and field path (`keyPeople.content.stakeholders.2.familiarity`).
 */
export function parseSection<K extends SectionKey>(
  key: K,
  json: string | null | undefined,
  options: ParseSectionOptions = {},
): Validated<SectionDocument<K>> {
  const migrations = options.migrations ?? MIGRATIONS;
  const currentVersion = options.currentVersion ?? CURRENT_SCHEMA_VERSION;
  const stored = parseStoredJson(json, { path: key, what: 'section' });
  if (!stored.ok) return stored;
  let doc = stored.value;
  if (doc === undefined) {
    return { ok: true, value: { ...emptySection(key), schemaVersion: currentVersion } };
  }
  if (!isRecord(doc)) {
    return {
      ok: false,
      errors: [{ path: key, message: 'The stored section is not a JSON object' }],
    };
  }

  const version = doc.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      errors: [
        {
          path: `${key}.schemaVersion`,
          message: 'Expected a schema version (a whole number from 1)',
        },
      ],
    };
  }
  if (version > currentVersion) {
    return newerSchemaError('section', version, currentVersion, `${key}.schemaVersion`);
  }

  for (let from = version; from < currentVersion; from++) {
    const migrate = migrations[from];
    if (migrate === undefined) {
      return {
        ok: false,
        errors: [
          {
            path: `${key}.schemaVersion`,
            message: `No migration from schema ${from} to ${from + 1}`,
          },
        ],
      };
    }
    const migrated = migrate(doc);
    if (!isRecord(migrated)) {
      return {
        ok: false,
        errors: [
          { path: key, message: `The migration from schema ${from} did not return an object` },
        ],
      };
    }
    doc = { ...migrated, schemaVersion: from + 1 };
  }

  const envelope = envelopeSchema.safeParse(doc);
  if (!envelope.success) {
    return { ok: false, errors: underPath(key, fieldErrorsFromZod(envelope.error)) };
  }
  if (envelope.data.section !== key) {
    return {
      ok: false,
      errors: [
        {
          path: `${key}.section`,
          message: `Expected section "${key}", found "${envelope.data.section}"`,
        },
      ],
    };
  }
  const content = getSectionSchema(key).safeParse(envelope.data.content);
  if (!content.success) {
    return { ok: false, errors: underPath(`${key}.content`, fieldErrorsFromZod(content.error)) };
  }
  return {
    ok: true,
    value: {
      schemaVersion: envelope.data.schemaVersion,
      section: key,
      rev: envelope.data.rev,
      updatedAt: envelope.data.updatedAt,
      updatedBy: envelope.data.updatedBy,
      content: content.data,
    },
  };
}

/** A seller's edit of one section, made from revision `baseRev`. */
export interface SectionEdit<K extends SectionKey> {
  current: SectionDocument<K>;
  /** The whole new content of the section, untrusted (it comes from the card). */
  content: unknown;
  baseRev: number;
  userId: string;
  now: Date;
}

/** Someone else saved the section since the seller loaded it. */
export interface SectionConflict<K extends SectionKey> {
  current: SectionDocument<K>;
  /** Top-level content fields where the stored section differs from the submitted content. */
  changedFields: string[];
}

/** Outcome of an edit: the new document, a conflict, or the content's problems. */
export type SectionEditResult<K extends SectionKey> =
  | { ok: true; doc: SectionDocument<K> }
  | { ok: false; conflict: SectionConflict<K> }
  | { ok: false; errors: FieldError[] };

/** Structural equality of JSON-like values. */
function isSameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => isSameJson(item, b[index]))
    );
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => isSameJson(a[k], b[k]));
}

/**
 * Applies a seller's edit: validates the content (error paths relative to the content, as the
 * form names its fields), refuses a stale `baseRev` as a conflict, else returns the next revision.
 */
export function applySectionEdit<K extends SectionKey>(edit: SectionEdit<K>): SectionEditResult<K> {
  const { current } = edit;
  const parsed = getSectionSchema(current.section).safeParse(edit.content);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error) };
  const content = parsed.data;
  const user = userIdSchema.safeParse(edit.userId);
  if (!user.success)
    return { ok: false, errors: underPath('userId', fieldErrorsFromZod(user.error)) };

  if (edit.baseRev !== current.rev) {
    const stored = current.content as Record<string, unknown>;
    const submitted = content as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(stored), ...Object.keys(submitted)])];
    return {
      ok: false,
      conflict: {
        current,
        changedFields: fields.filter((f) => !isSameJson(stored[f], submitted[f])),
      },
    };
  }

  return {
    ok: true,
    doc: {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      section: current.section,
      rev: current.rev + 1,
      updatedAt: edit.now.toISOString(),
      updatedBy: edit.userId,
      content,
    },
  };
}
