// Path parameters of the card API, checked once for every route module.
import { z } from 'zod';
import { ApiFailure } from '../http/envelope.ts';

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
