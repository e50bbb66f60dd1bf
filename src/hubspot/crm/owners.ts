// The portal's owners (HubSpot users who can own records).
import { hubspotPaths } from '../api-version.ts';
import type { CrmGateway, CrmOwner } from '../gateway.ts';
import { ownersPageSchema } from '../hubspot-api.ts';
import type { Transport } from '../transport.ts';

export function ownerOperations(t: Transport): Pick<CrmGateway, 'listOwners'> {
  return {
    async listOwners() {
      // GET /crm/owners/2026-09 (≤ 500 per page) — https://developers.hubspot.com/docs/api/crm/owners
      const owners: CrmOwner[] = [];
      let after: string | undefined;
      do {
        const page = await t.call(
          'standard',
          'list owners',
          {
            method: 'GET',
            path: hubspotPaths.owners(),
            query: { limit: '500', archived: 'false', after },
          },
          ownersPageSchema,
        );
        for (const owner of page.results) {
          owners.push({
            id: owner.id,
            email: owner.email ?? null,
            firstName: owner.firstName ?? null,
            lastName: owner.lastName ?? null,
            userId: owner.userId ?? null,
            teams: (owner.teams ?? []).map((team) => ({
              id: team.id,
              name: team.name,
              primary: team.primary,
            })),
          });
        }
        after = page.paging?.next?.after;
      } while (after);
      return owners;
    },
  };
}
