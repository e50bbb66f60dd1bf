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
