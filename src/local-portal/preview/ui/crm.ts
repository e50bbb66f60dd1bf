/// <reference lib="dom" />
// What the preview bundle gets for `import … from '@hubspot/ui-extensions/crm'`: the CRM data hooks,
// served from the local portal's CRM for the record the extension is mounted on.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/crm-data-components
import { useEffect, useState } from 'react';
import { normaliseObjectType } from '../../../domain/object-type-names.ts';
import { useExtensionContext } from './runtime.tsx';

/** `useCrmProperties(names)`: the record's current property values. */
export function useCrmProperties(propertyNames: string[]): {
  properties: Record<string, string>;
  isLoading: boolean;
  error: Error | null;
} {
  const context = useExtensionContext();
  const key = propertyNames.join(',');
  const [state, setState] = useState<{
    properties: Record<string, string>;
    isLoading: boolean;
    error: Error | null;
  }>({ properties: {}, isLoading: true, error: null });
  useEffect(() => {
    let live = true;
    void fetch(
      `${objectUrl(context.crm.objectTypeId, context.crm.objectId)}?properties=${encodeURIComponent(key)}`,
      {
        headers: { 'x-local-portal-id': String(context.portal.id) },
      },
    )
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { properties: Record<string, string> };
        if (live) setState({ properties: body.properties, isLoading: false, error: null });
      })
      .catch((error: unknown) => {
        if (live) setState({ properties: {}, isLoading: false, error: error as Error });
      });
    return () => {
      live = false;
    };
  }, [context.crm.objectTypeId, context.crm.objectId, context.portal.id, key]);
  return state;
}

/** One associated record as `useAssociations` returns it. */
export interface AssociationResult {
  toObjectId: number;
  associationTypes: { category: string; typeId: number; label: string | null }[];
  properties: Record<string, string>;
}

/** `useAssociations({ toObjectType, properties })`: the records associated with the current one. */
export function useAssociations(config: {
  toObjectType: string;
  properties?: string[];
  pageLength?: number;
}): {
  results: AssociationResult[];
  isLoading: boolean;
  error: Error | null;
  hasMore: boolean;
} {
  const context = useExtensionContext();
  const properties = (config.properties ?? []).join(',');
  const [state, setState] = useState<{
    results: AssociationResult[];
    isLoading: boolean;
    error: Error | null;
  }>({
    results: [],
    isLoading: true,
    error: null,
  });
  useEffect(() => {
    let live = true;
    const toType = normaliseObjectType(config.toObjectType);
    void fetch(
      `${objectUrl(context.crm.objectTypeId, context.crm.objectId)}/associations/${toType}?properties=${encodeURIComponent(properties)}`,
      { headers: { 'x-local-portal-id': String(context.portal.id) } },
    )
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { results: AssociationResult[] };
        if (live) setState({ results: body.results, isLoading: false, error: null });
      })
      .catch((error: unknown) => {
        if (live) setState({ results: [], isLoading: false, error: error as Error });
      });
    return () => {
      live = false;
    };
  }, [
    context.crm.objectTypeId,
    context.crm.objectId,
    context.portal.id,
    config.toObjectType,
    properties,
  ]);
  const pageLength = config.pageLength ?? state.results.length;
  return {
    ...state,
    results: state.results.slice(0, pageLength),
    hasMore: state.results.length > pageLength,
  };
}

function objectUrl(objectTypeId: string, objectId: number): string {
  return `/preview/api/objects/${normaliseObjectType(objectTypeId)}/${objectId}`;
}
