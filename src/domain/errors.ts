import type { z } from 'zod';

/** A problem with one field of an input, named by its path (`rules.3.points`) in words a user reads. */
export interface FieldError {
  path: string;
  message: string;
}

/** Text shown to users, in every language the product speaks. */
export interface Localized {
  en: string;
  de: string;
}

/** The languages the product speaks; a HubSpot user's locale is mapped onto one of them. */
export type Language = keyof Localized;

/** Outcome of validating untrusted input: the parsed value, or every problem found. */
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Turns zod's issues into field errors whose path is dotted (`groups.0.rules.2.value`). */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * The one way a zod error becomes a line of text (logs, exceptions, CLI and HTTP answers):
 * `path: message; path: message`, the first `max` issues, each line formatted by `format`.
 */
export function describeZodError(
  error: z.ZodError,
  options: { max?: number; format?: (fieldError: FieldError) => string } = {},
): string {
  const format = options.format ?? ((e: FieldError) => `${e.path}: ${e.message}`);
  return fieldErrorsFromZod(error).slice(0, options.max).map(format).join('; ');
}

/** Parses `input` with `schema`, returning every problem instead of throwing. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: fieldErrorsFromZod(result.error) };
}

/**
 * A value the product stored earlier (a HubSpot property or a store row) no longer parses. The one
 * policy for damaged stored data: name the record and the property, log it, show it, and never
 * overwrite the value silently (a person repairs or clears it).
 */
export class StoredDataDamagedError extends Error {
  readonly code = 'stored_data_damaged';
  /** Where the value lives, e.g. `contacts/123` or `settings/portal 42`. */
  readonly record: string;
  readonly property: string;
  readonly problem: string;
  constructor(record: string, property: string, problem: string) {
    super(`The stored value of ${property} on ${record} is damaged: ${problem}`);
    this.name = 'StoredDataDamagedError';
    this.record = record;
    this.property = property;
    this.problem = problem;
  }
}

/** True for a JSON object (not an array, not null). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a stored document is, for parseStoredJson's errors. */
export interface StoredJsonLabel {
  /** Where an error about the whole document points (`(root)`, `customerProfile` …). */
  path: string;
  /** The document in words: "section", "profile". */
  what: string;
  /** The newest schema this version reads, and the path of the document's `schemaVersion`. */
  schema?: { current: number; path: string };
}

/**
 * The first step of reading a stored JSON document (a plan section, the qualification history, a
 * company profile): `undefined` when nothing is stored yet (no value or blank text), the parsed
 * JSON otherwise, or an error naming the path for text that is not JSON or for a document saved by
 * a newer version of the app — so the caller refuses the record instead of overwriting it
 * (docs/architecture.md, "Damaged data").
 */
export function parseStoredJson(
  json: string | null | undefined,
  { path, what, schema }: StoredJsonLabel,
): Validated<unknown> {
  if (json === null || json === undefined || json.trim() === '') {
    return { ok: true, value: undefined };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    // JSON.parse of a string throws only SyntaxError.
    const reason = (error as SyntaxError).message;
    return {
      ok: false,
      errors: [{ path, message: `The stored ${what} is not valid JSON: ${reason}` }],
    };
  }
  const version = isRecord(doc) ? doc.schemaVersion : undefined;
  if (schema && typeof version === 'number' && version > schema.current) {
    return newerSchemaError(what, version, schema.current, schema.path);
  }
  return { ok: true, value: doc };
}

/** The refusal of a document `what` saved under schema `version`, newer than the `current` one read. */
export function newerSchemaError(
  what: string,
  version: number,
  current: number,
  path: string,
): { ok: false; errors: FieldError[] } {
  return {
    ok: false,
    errors: [
      {
        path,
        message:
          `The ${what} was saved by a newer version of the app (schema ${version}); ` +
          `this version reads up to schema ${current}. Update the app.`,
      },
    ],
  };
}
