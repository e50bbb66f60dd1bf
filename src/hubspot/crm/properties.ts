// The portal's property definitions (labels, types, options), which the settings page offers in
// its pickers instead of internal names.
import { hubspotPaths } from '../api-version.ts';
import type { CrmGateway, CrmPropertyDefinition } from '../gateway.ts';
import { propertiesSchema } from '../hubspot-api.ts';
import type { Transport } from '../transport.ts';

export function propertyOperations(t: Transport): Pick<CrmGateway, 'listProperties'> {
  return {
    async listProperties(objectType) {
      // GET /crm/properties/2026-09/{objectType} (CollectionResponsePropertyNoPaging: one answer,
      // no paging) — https://developers.hubspot.com/docs/api/crm/properties
      const response = await t.call(
        'standard',
        `list properties of ${objectType}`,
        { method: 'GET', path: hubspotPaths.properties(objectType), query: { archived: 'false' } },
        propertiesSchema,
      );
      return response.results.map((property): CrmPropertyDefinition => ({
        name: property.name,
        label: property.label,
        type: property.type,
        fieldType: property.fieldType ?? 'text',
        groupName: property.groupName ?? '',
        hidden: property.hidden ?? false,
        options: [...property.options]
          .filter((option) => option.hidden !== true)
          .sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))
          .map((option) => ({ label: option.label, value: option.value })),
      }));
    },
  };
}
