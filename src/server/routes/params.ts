// Path parameters and request bodies of the card API, checked once for every route module.
import { z } from 'zod';
import { ApiFailure, withBody, type ApiResult } from '../http/envelope.ts';

const recordIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a HubSpot record id');

/** A record id path parameter; a bad one answers `validation_failed` naming it. */
export function recordId(params: Record<string, unknown>, name: string): string {
  const value = recordIdSchema.safeParse(params[name]);
  if (value.success) return value.data;
  throw new ApiFailure({
    code: 'validation_failed',
    message: {
      en: `${name} must be a HubSpot record id`,
      de: `${name} muss eine HubSpot-Datensatz-ID sein`,
    },
    fields: [{ path: name, message: 'must be a HubSpot record id' }],
  });
}

/**
 * The `body` and `run` of a card operation whose request body `schema` parses before `run` sees
 * it: the schema is named once, both as the contract's body and as the check (see withBody).
 */
export function parsedBody<S extends z.ZodType, C, T>(
  schema: S,
  run: (params: Record<string, unknown>, body: z.output<S>, ctx: C) => Promise<ApiResult<T>>,
) {
  return {
    body: schema,
    run: (params: Record<string, unknown>, body: Record<string, unknown>, ctx: C) =>
      withBody(schema, body, (data) => run(params, data, ctx)),
  };
}
