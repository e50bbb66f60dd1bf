// One policy for damaged stored data (issue 11): a loop history that no longer parses is never
// read as "no history" on a write path (the next transition would overwrite it); the error names
// the record and the property, and the card shows it in both languages.
import { StoredDataDamagedError } from '../../src/domain/errors.ts';
import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import { errorToResult } from '../../src/server/http/errors.ts';
import { parseLoopHistory, readLoopHistory } from '../../src/server/read-models/lead-state.ts';

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
