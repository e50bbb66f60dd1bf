// What the demo seeders (seed.ts, seed-history.ts) share when they write records: seeding writes
// as the portal itself would (trusted: no scope or validation refusals), with HubSpot-defined
// association types (https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide).

export const DAY_MS = 86_400_000;

/** The write options of a seeding write. */
export const TRUSTED = { trusted: true } as const;

/** An association to the record `id` with HubSpot-defined type ids. */
export function associateTo(id: string, ...typeIds: number[]) {
  return {
    to: { id },
    types: typeIds.map((associationTypeId) => ({
      associationCategory: 'HUBSPOT_DEFINED' as const,
      associationTypeId,
    })),
  };
}

/** A seeded company, as the contacts and the history need it. */
export interface SeedCompany {
  id: string;
  name: string;
  domain: string;
  country: string;
  range: string;
  industry: string;
  revenue: number;
}
