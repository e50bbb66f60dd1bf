// The local portal's property history as one write log per record: what propertiesWithHistory
// and the lagged search index read from it, and snapshots saved in the older per-property format.
import {
  appendWrite,
  forEachChange,
  propertyHistory,
  toHistoryLog,
  writeTimes,
  type HistoryLog,
} from '../../src/local-portal/state/history-log.ts';
import { createPortalRegistry } from '../../src/local-portal/state.ts';

const T0 = Date.UTC(2026, 11, 1, 9);

describe('the history write log', () => {
  it('keeps one timestamp and source per write, and every value of a property in order', () => {
    const log: HistoryLog = [];
    appendWrite(log, T0, 'CALCULATED', [['hs_object_id', '7']]);
    appendWrite(log, T0, 'API', [
      ['email', 'a@example.com'],
      ['jobtitle', 'CEO'],
    ]);
    appendWrite(log, T0 + 5, 'CRM_UI', []);
    appendWrite(log, T0 + 9, 'CRM_UI', [['jobtitle', 'CTO']]);
    expect(log).toEqual([
      T0,
      'CALCULATED',
      'hs_object_id',
      '7',
      T0,
      'API',
      'email',
      'a@example.com',
      'jobtitle',
      'CEO',
      T0 + 9,
      'CRM_UI',
      'jobtitle',
      'CTO',
    ]);
    expect(propertyHistory(log, 'jobtitle')).toEqual([
      { value: 'CEO', timestamp: T0, sourceType: 'API' },
      { value: 'CTO', timestamp: T0 + 9, sourceType: 'CRM_UI' },
    ]);
    expect(propertyHistory(log, 'phone')).toEqual([]);
    expect(writeTimes(log)).toEqual([T0, T0, T0 + 9]);
    const seen: string[] = [];
    forEachChange(log, (name, value, at, source) =>
      seen.push(`${name}=${value}@${at - T0}/${source}`),
    );
    expect(seen).toEqual([
      'hs_object_id=7@0/CALCULATED',
      'email=a@example.com@0/API',
      'jobtitle=CEO@0/API',
      'jobtitle=CTO@9/CRM_UI',
    ]);
  });

  it('regroups a per-property history of older snapshots into the same writes', () => {
    const old = {
      hs_object_id: [{ value: '7', timestamp: T0, sourceType: 'CALCULATED' }],
      email: [{ value: 'a@example.com', timestamp: T0, sourceType: 'API' }],
      jobtitle: [
        { value: 'CEO', timestamp: T0, sourceType: 'API' },
        { value: '', timestamp: T0 + 4, sourceType: 'API' },
        { value: 'CTO', timestamp: T0 + 9, sourceType: 'CRM_UI' },
      ],
    };
    const log = toHistoryLog(old);
    expect(writeTimes(log)).toEqual([T0, T0, T0 + 4, T0 + 9]);
    for (const [name, entries] of Object.entries(old))
      expect(propertyHistory(log, name)).toEqual(entries);
    expect(toHistoryLog(log)).toBe(log);
    expect(toHistoryLog(undefined)).toEqual([]);
  });

  it('restores a snapshot saved with per-property history, and the record reads as before', () => {
    let now = T0;
    const registry = createPortalRegistry({ clock: () => now });
    const portal = registry.ensure(5);
    const created = portal.createObject('contacts', { email: 'b@example.com', jobtitle: 'CEO' });
    now += 1_000;
    portal.updateObject('contacts', created.id, { jobtitle: 'CTO' });
    const snapshot = registry.snapshot() as {
      portals: { records: { contacts: Record<string, { history: unknown }> } }[];
    };
    // What a snapshot of the earlier format held for this record.
    const record = snapshot.portals[0]!.records.contacts[created.id]!;
    const perProperty: Record<string, unknown[]> = {};
    forEachChange(record.history as HistoryLog, (name, value, timestamp, sourceType) => {
      (perProperty[name] ??= []).push({ value, timestamp, sourceType });
    });
    record.history = perProperty;

    const copy = createPortalRegistry({ clock: () => now });
    copy.restore(snapshot);
    const restored = copy.get(5)!.getObject('contacts', created.id)!;
    expect(propertyHistory(restored.history, 'jobtitle')).toEqual([
      { value: 'CEO', timestamp: T0, sourceType: 'API' },
      { value: 'CTO', timestamp: T0 + 1_000, sourceType: 'API' },
    ]);
    expect(restored.history).toEqual(portal.getObject('contacts', created.id)!.history);
  });
});
