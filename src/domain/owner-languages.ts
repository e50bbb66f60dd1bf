// The language each HubSpot owner reads. HubSpot's owners API carries no language or locale
// (crm-owners.json: id, email, names, userId, teams), so texts the product writes for one owner
// (tasks, notes) use the admin's choice per owner, else the portal's default, else both languages.
import { z } from 'zod';
import type { Language } from './errors.ts';

export const LANGUAGES = ['en', 'de'] as const satisfies readonly Language[];

/** Languages by owner id, plus the portal's default for owners not listed. */
export const ownerLanguagesSchema = z.strictObject({
  /** Used for owners not listed; absent: write both languages. */
  default: z.enum(LANGUAGES).optional(),
  byOwner: z
    .record(z.string().regex(/^\d{1,20}$/, 'must be a HubSpot owner id'), z.enum(LANGUAGES))
    .refine((map) => Object.keys(map).length <= 1000, 'At most 1,000 owners')
    .default({}),
});
export type OwnerLanguages = z.output<typeof ownerLanguagesSchema>;

export const DEFAULT_OWNER_LANGUAGES: OwnerLanguages = { byOwner: {} };

/** The language owner `ownerId` reads, or undefined when unknown (write every language). */
export function languageOfOwner(
  languages: OwnerLanguages,
  ownerId: string | null | undefined,
): Language | undefined {
  return (ownerId ? languages.byOwner[ownerId] : undefined) ?? languages.default;
}
