import type { LeadState, LoopEntry } from '../../../src/domain/lifecycle/index.ts';
import {
  MAX_HISTORY_ENTRIES,
  MAX_HISTORY_JSON_LENGTH,
  MAX_ID_LENGTH,
  MAX_NOTE_LENGTH,
  appendHistory,
  attachCreatedDeal,
  findStateProblems,
  initialLeadState,
  isValidState,
  leadStateSchema,
  loopEntrySchema,
  recordIdSchema,
  scoreSnapshotSchema,
  serializeLoopHistory,
} from '../../../src/domain/lifecycle/index.ts';

const AT = '2026-03-02T09:30:00.000Z';
const entry = (kind: LoopEntry['kind'], extra: Partial<LoopEntry> = {}): LoopEntry => ({
  kind,
  at: AT,
  by: 'u1',
  ...extra,
});
const stateWith = (overrides: Partial<LeadState>): LeadState => ({
  ...initialLeadState('c1'),
  ...overrides,
});

describe('initialLeadState', () => {
  it('starts a contact as a lead without deal, owner or loops', () => {
    const state = initialLeadState('42');
    expect(state).toEqual({
      contactId: '42',
      stage: 'lead',
      dealStatus: 'none',
      loopCount: 0,
      history: [],
    });
    expect(isValidState(state)).toBe(true);
  });
});

describe('findStateProblems', () => {
  it.each<[string, Partial<LeadState>, string]>([
    ['a customer without a won deal', { stage: 'customer' }, 'A customer must have a won deal'],
    [
      'a won deal on a lead',
      { dealId: 'd1', dealStatus: 'won' },
      'A won deal makes the contact a customer',
    ],
    ['a deal id without status', { dealId: 'd1' }, 'A deal id needs a deal status other than none'],
    ['a lost deal without id', { dealStatus: 'lost' }, 'A won or lost deal needs its id'],
    [
      'an open deal without id on a lead',
      { dealStatus: 'open' },
      'Only a fresh opportunity may wait for its new deal id',
    ],
    [
      'an opportunity without deal',
      { stage: 'opportunity' },
      'An opportunity needs an open or lost deal',
    ],
    [
      'fewer loops than returns in the history',
      { loopCount: 1, history: [entry('return'), entry('return')] },
      'The loop count is lower than the returns in the history',
    ],
  ])('reports %s', (_, overrides, problem) => {
    const state = stateWith(overrides);
    expect(findStateProblems(state)).toContain(problem);
    expect(isValidState(state)).toBe(false);
  });

  it('reports schema problems by field and stops there', () => {
    const state = stateWith({ contactId: ' ', loopCount: -1 });
    expect(findStateProblems(state)).toEqual([
      'contactId: The id must not be blank',
      expect.stringMatching(/^loopCount: /),
    ]);
  });

  it.each<[string, Partial<LeadState>]>([
    ['a fresh opportunity waiting for its deal id', { stage: 'opportunity', dealStatus: 'open' }],
    [
      'an opportunity whose deal was lost',
      { stage: 'opportunity', dealId: 'd1', dealStatus: 'lost' },
    ],
    ['a returned lead whose deal stays open', { dealId: 'd1', dealStatus: 'open', loopCount: 1 }],
    ['an evangelist with a won deal', { stage: 'evangelist', dealId: 'd1', dealStatus: 'won' }],
    [
      'more loops than the (trimmed) history shows',
      { loopCount: 150, history: [entry('return')], returnedAt: AT },
    ],
  ])('accepts %s', (_, overrides) => {
    expect(findStateProblems(stateWith(overrides))).toEqual([]);
  });

  it('accepts instants with an offset and rejects other text', () => {
    expect(
      leadStateSchema.safeParse(stateWith({ handedOffAt: '2026-03-02T10:30:00+01:00' })).success,
    ).toBe(true);
    expect(isValidState(stateWith({ handedOffAt: 'yesterday' }))).toBe(false);
  });
});

describe('appendHistory', () => {
  it('keeps only the newest MAX_HISTORY_ENTRIES entries', () => {
    let history: LoopEntry[] = [];
    for (let i = 0; i < MAX_HISTORY_ENTRIES + 5; i += 1) {
      history = appendHistory(history, entry('promoted', { score: i }));
    }
    expect(history).toHaveLength(MAX_HISTORY_ENTRIES);
    expect(history[0]?.score).toBe(5);
    expect(history.at(-1)?.score).toBe(MAX_HISTORY_ENTRIES + 4);
  });
});

describe('attachCreatedDeal', () => {
  it('GIVEN a fresh hand-off WHEN the runner reports the new deal id THEN state and history carry it', () => {
    const state = stateWith({
      stage: 'opportunity',
      dealStatus: 'open',
      history: [entry('promoted'), entry('handoff', { ownerId: 's1' })],
    });
    const attached = attachCreatedDeal(state, 'd7');
    expect(attached.dealId).toBe('d7');
    expect(attached.history).toEqual([
      entry('promoted'),
      entry('handoff', { ownerId: 's1', dealId: 'd7' }),
    ]);
    expect(state.dealId).toBeUndefined();
  });

  it('attaches without touching a history whose last entry is not the hand-off', () => {
    const state = stateWith({
      stage: 'opportunity',
      dealStatus: 'open',
      history: [entry('promoted')],
    });
    expect(attachCreatedDeal(state, 'd7')).toEqual({ ...state, dealId: 'd7' });
  });

  it.each<[string, Partial<LeadState>]>([
    ['already has a deal id', { stage: 'opportunity', dealId: 'd1', dealStatus: 'open' }],
    ['has no open deal', { stage: 'lead' }],
  ])('leaves a state alone that %s', (_, overrides) => {
    const state = stateWith(overrides);
    expect(attachCreatedDeal(state, 'd7')).toBe(state);
  });
});

describe('serializeLoopHistory', () => {
  it('writes the whole history as JSON when it fits', () => {
    const history = [entry('handoff'), entry('return', { reason: 'no_budget' })];
    expect(JSON.parse(serializeLoopHistory(history))).toEqual(history);
  });

  it('drops the oldest entries until the JSON fits the budget', () => {
    const history = [1, 2, 3, 4].map((i) => entry('return', { note: 'x'.repeat(100), score: i }));
    const oneEntry = JSON.stringify([history[3]]).length;
    const json = serializeLoopHistory(history, oneEntry * 2 + 5);
    expect((JSON.parse(json) as LoopEntry[]).map((e) => e.score)).toEqual([3, 4]);
    expect(serializeLoopHistory(history, 1)).toBe('[]');
  });
});

describe('state schemas', () => {
  it('bounds ids, entries and score snapshots', () => {
    expect(recordIdSchema.safeParse('1'.repeat(MAX_ID_LENGTH)).success).toBe(true);
    expect(recordIdSchema.safeParse('1'.repeat(MAX_ID_LENGTH + 1)).success).toBe(false);
    expect(loopEntrySchema.safeParse(entry('handoff')).success).toBe(true);
    expect(loopEntrySchema.safeParse({ ...entry('handoff'), kind: 'demoted' }).success).toBe(false);
    expect(scoreSnapshotSchema.safeParse({ total: 5, grade: 'C3', band: 'lead' }).success).toBe(
      true,
    );
    expect(scoreSnapshotSchema.safeParse({ total: 5, grade: 'C3', band: 'hot' }).success).toBe(
      false,
    );
  });

  it('GIVEN a full history of maximal notes WHEN serialised with the default budget THEN it fits the textarea budget', () => {
    const history = Array.from({ length: MAX_HISTORY_ENTRIES }, () =>
      entry('return', { note: '"'.repeat(MAX_NOTE_LENGTH), reason: 'no_budget' }),
    );
    const json = serializeLoopHistory(history);
    expect(json.length).toBeLessThanOrEqual(MAX_HISTORY_JSON_LENGTH);
    const kept = JSON.parse(json) as LoopEntry[];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.at(-1)).toEqual(history.at(-1));
  });
});
