// The local portal's own APIs (control, preview) answer a bad request with 400 and the field
// errors of its zod issues (`fieldErrorsFromZod`, the one formatter).
import type { Response } from 'express';
import type { z } from 'zod';
import { fieldErrorsFromZod } from '../domain/errors.ts';

/** `input` parsed with `schema`, or undefined once a 400 naming the fields was sent. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  input: unknown,
  res: Response,
): z.output<S> | undefined {
  const result = schema.safeParse(input);
  if (!result.success) {
    res.status(400).json({ error: 'invalid_request', errors: fieldErrorsFromZod(result.error) });
    return undefined;
  }
  return result.data;
}
