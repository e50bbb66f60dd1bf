// One policy for damaged stored data (issue 11): a loop history that no longer parses is never
// read as "no history" on a write path (the next transition would overwrite it); the error names
// the record and the property, and the card shows it in both languages.
import { StoredDataDamagedError } from '../../src/domain/errors.ts';
import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import { DEFAULT_SETTINGS, settingsFromStore } from '../../src/domain/settings.ts';
import { errorToResult } from '../../src/server/http/errors.ts';
import { parseLoopHistory, readLoopHistory } from '../../src/server/read-models/lead-state.ts';
import { startHarness, type Harness } from './harness.ts';

const VALID = JSON.stringify([{ kind: 'handoff', at: '2026-01-01T00:00:00.000Z', by: 'u1' }]);

describe('damaged loop history', () => {
  it('reads a valid history, and an empty property as no history', () => {
    expect(readLoopHistory('7', VALID)).toHaveLength(1);
    expect(readLoopHistory('7', '')).toEqual([]);
    expect(readLoopHistory('7', null)).toEqual([]);
  });

  it.each([
    ['not JSON', '{"kind": "handoff"'],
    ['the wrong shape', JSON.stringify([{ kind: 'teleported', at: 'yesterday' }])],
  ])('refuses a history that is %s, naming record and property', (_what, json) => {
    let thrown: unknown;
    try {
      readLoopHistory('7', json);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoredDataDamagedError);
    expect(thrown).toMatchObject({
      record: 'contacts/7',
      property: CONTACT_PROPERTIES.loopHistory.name,
    });
    // Read-only views (analytics) still see no history rather than failing.
    expect(parseLoopHistory(json)).toEqual([]);
  });

  it('answers the card with stored_data_damaged in English and German', () => {
    const error = new StoredDataDamagedError('contacts/7', 'op_loop_history', 'not JSON');
    const result = errorToResult(error, 'req-1');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('stored_data_damaged');
    expect(result.error.message.en).toContain('op_loop_history on contacts/7');
    expect(result.error.message.de).toContain('op_loop_history an contacts/7');
  });
});

describe('damaged stored settings (one rule for server, app functions and CLI)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.install(h.demoPortalId);
  }, 60_000);
  afterAll(async () => h?.close());

  it('falls back to the defaults only for missing settings', () => {
    expect(settingsFromStore(null, 42)).toEqual({ version: 0, settings: DEFAULT_SETTINGS });
    expect(() => settingsFromStore({ version: 3, value: { scoring: { version: 1 } } }, 42)).toThrow(
      StoredDataDamagedError,
    );
  });

  it('refuses what needs the settings, naming them, and lets the admin repair them', async () => {
    // GIVEN stored settings that no longer validate
    const stored = await h.backend.store.getSettings(h.demoPortalId);
    const written = await h.backend.store.putSettings(
      h.demoPortalId,
      { scoring: { version: 1, fit: 'nope' } },
      { expectedVersion: stored?.version ?? 0, updatedBy: 'test' },
    );
    expect(written.ok).toBe(true);
    const contactId = h.seed.contactIds[0]!;

    // WHEN a card needs them THEN it is refused with stored_data_damaged naming record and field
    const refused = await h.card('GET', `/api/contacts/${contactId}/qualification`);
    expect(refused).toMatchObject({ ok: false, error: { code: 'stored_data_damaged' } });
    expect(refused.error!.message.en).toContain(`settings of portal ${h.demoPortalId}`);
    expect(refused.error!.message.en).toMatch(/scoring/);
    expect(refused.error!.message.de).toContain('beschädigt');

    // AND the settings page opens with the damage shown and the defaults to edit
    const page = await h.card<{
      version: number;
      settings: unknown;
      damaged?: { record: string; property: string };
    }>('GET', '/api/settings');
    expect(page.ok).toBe(true);
    expect(page.data!.damaged).toMatchObject({
      record: `settings of portal ${h.demoPortalId}`,
      property: expect.stringMatching(/^scoring/),
    });
    expect(page.data!.settings).toEqual(DEFAULT_SETTINGS);
    // AND nothing replaced the damaged copy on its own
    expect((await h.backend.store.getSettings(h.demoPortalId))?.value).toEqual({
      scoring: { version: 1, fit: 'nope' },
    });

    // WHEN the admin saves the settings THEN they replace the damaged copy and the card works
    const saved = await h.card('PUT', '/api/settings', {
      version: page.data!.version,
      settings: page.data!.settings,
    });
    expect(saved.ok).toBe(true);
    expect((await h.card('GET', `/api/contacts/${contactId}/qualification`)).ok).toBe(true);
  });
});
