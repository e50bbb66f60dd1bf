// Keeps the record page in step after a card changed the record. HubSpot's cards do not talk to each
// other; the record does: `actions.refreshObjectProperties()` makes HubSpot re-read the record (its
// left column, the association cards such as Deals), and every card that registered
// `actions.onCrmPropertiesUpdate` hears about the new values, so the plan tab, the sidebar and the
// contact card reload their data from the backend when the record changed under them.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-extensions-sdk
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { useExtensionActions } from '@hubspot/ui-extensions';

/** A stable fingerprint of a property snapshot (order of keys does not matter). */
export function snapshotOf(properties: Record<string, string | null | undefined>): string {
  return JSON.stringify(
    Object.keys(properties)
      .sort()
      .map((key) => [key, properties[key] ?? null]),
  );
}

/** What a card calls after it changed the record. */
export interface RecordSync {
  /** Tells HubSpot the record changed: the page and the other cards refresh. */
  changed(): void;
}

/**
 * Registers for property updates of the current record and calls `onChange` whenever they differ
 * from the last values seen (not for the first snapshot, which is the state the card loaded with).
 */
export function useRecordSync(onChange: () => void): RecordSync {
  const actions = useExtensionActions<'crm.record.tab'>();
  const last = useRef<string | null>(null);
  const callback = useRef(onChange);
  useLayoutEffect(() => {
    callback.current = onChange;
  });
  const active = useRef(true);

  useEffect(() => {
    active.current = true;
    // Hosts without the CRM actions (tests of other surfaces) simply never update.
    actions.onCrmPropertiesUpdate?.('*', (properties, error) => {
      if (!active.current || error) return;
      const next = snapshotOf(properties);
      const previous = last.current;
      last.current = next;
      if (previous !== null && previous !== next) callback.current();
    });
    return () => {
      active.current = false;
    };
    // One registration per mounted card: HubSpot offers no way to unregister.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const changed = useCallback(() => {
    actions.refreshObjectProperties?.();
  }, [actions]);
  return { changed };
}
