import fc from 'fast-check';
import type { QualificationHistory } from '../../../src/domain/assessment/index.ts';
import {
  DEFAULT_QUALIFICATION_POLICY,
  HISTORY_SCHEMA_VERSION,
  MAX_HISTORY_JSON_SIZE,
  TREND_STABLE_BAND,
  appendAssessment,
  appendCompetitorAssessment,
  diffAssessments,
  emptyHistory,
  latestAssessment,
  listChanges,
  parseHistory,
  qualificationPolicySchema,
  requalification,
  scoreSeries,
  serializeHistory,
  trend,
} from '../../../src/domain/assessment/index.ts';
import { DEAL_PROPERTIES } from '../../../src/domain/properties.ts';
import type { Values } from './build.ts';
import { answersOf, competitorOf, dayAfterStart, entryOf } from './build.ts';

const policy = DEFAULT_QUALIFICATION_POLICY;
const policyWith = (input: unknown) => qualificationPolicySchema.parse(input);
const historyOf = (partial: Partial<QualificationHistory>): QualificationHistory => ({
  ...emptyHistory(),
  ...partial,
});

describe('the history document', () => {
  it('is stored in the hidden JSON deal property for the qualification history', () => {
    expect(DEAL_PROPERTIES.assessment).toMatchObject({
      object: 'deals',
      kind: 'json',
      hidden: true,
    });
  });

  it('is written at the current schema version', () => {
    expect(emptyHistory().schemaVersion).toBe(HISTORY_SCHEMA_VERSION);
  });
});

describe('parseHistory', () => {
  it.each([null, undefined, '', '   '])('GIVEN %p THEN it is the empty history', (json) => {
    expect(parseHistory(json)).toEqual({
      ok: true,
      value: { schemaVersion: 1, entries: [], competitors: [] },
    });
  });

  it('GIVEN a document without lists THEN both lists default to empty', () => {
    expect(parseHistory('{"schemaVersion":1}')).toEqual({ ok: true, value: emptyHistory() });
  });

  it('GIVEN stored lists out of order THEN they are returned oldest first', () => {
    const late = entryOf({ id: 'late', answeredAt: dayAfterStart(9) });
    const early = entryOf({ id: 'early', answeredAt: dayAfterStart(1) });
    const lateComp = competitorOf({ answeredAt: dayAfterStart(4) });
    const earlyComp = competitorOf({ answeredAt: dayAfterStart(2) });
    const json = JSON.stringify({
      schemaVersion: 1,
      entries: [late, early],
      competitors: [lateComp, earlyComp],
    });
    const result = parseHistory(json);
    expect(result).toEqual({
      ok: true,
      value: { schemaVersion: 1, entries: [early, late], competitors: [earlyComp, lateComp] },
    });
  });

  it.each<[string, string, string, string | RegExp]>([
    ['invalid JSON', '{"schemaVersion":', '(root)', /not valid JSON/],
    ['a JSON array', '[]', '(root)', /object/i],
    [
      'a newer schema',
      '{"schemaVersion":2,"entries":[]}',
      'schemaVersion',
      /newer version of the app \(schema 2\)/,
    ],
    ['schema version 0', '{"schemaVersion":0}', 'schemaVersion', /1/],
    ['a schema version that is text', '{"schemaVersion":"1"}', 'schemaVersion', /1/],
    [
      'an entry with an answer out of range',
      JSON.stringify({
        schemaVersion: 1,
        entries: [{ ...entryOf(), answers: answersOf([3, 3, 9, 3]) }],
      }),
      'entries.0.answers.2.value',
      /5/,
    ],
    [
      'two entries with the same id',
      JSON.stringify({ schemaVersion: 1, entries: [entryOf({ id: 'x' }), entryOf({ id: 'x' })] }),
      'entries.1.id',
      'The assessment id "x" is used more than once',
    ],
    [
      'a competitor assessment without a competitor',
      JSON.stringify({ schemaVersion: 1, competitors: [{ ...competitorOf(), competitorId: '' }] }),
      'competitors.0.competitorId',
      /id is required/,
    ],
  ])('GIVEN %s THEN the error names %s', (_case, json, path, message) => {
    const result = parseHistory(json);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.errors.find((e) => e.path === path);
    expect(error).toBeDefined();
    if (typeof message === 'string') expect(error?.message).toBe(message);
    else expect(error?.message).toMatch(message);
  });
});

describe('serializeHistory', () => {
  it('GIVEN a small history THEN it is written whole and reads back the same', () => {
    const history = historyOf({
      entries: [entryOf({ id: 'a' }), entryOf({ id: 'b', answeredAt: dayAfterStart(1) })],
      competitors: [competitorOf()],
    });
    const result = serializeHistory(history, policy);
    expect(result).toMatchObject({ ok: true, droppedEntries: [], droppedCompetitors: [] });
    if (!result.ok) return;
    expect(parseHistory(result.json)).toEqual({ ok: true, value: history });
    expect(result.history).toEqual(history);
  });

  it('GIVEN more entries than the history limit THEN the oldest are left out and named', () => {
    const entries = [3, 1, 2, 0].map((day) =>
      entryOf({ id: `e${day}`, answeredAt: dayAfterStart(day) }),
    );
    const result = serializeHistory(historyOf({ entries }), policyWith({ historyLimit: 2 }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.history.entries.map((e) => e.id)).toEqual(['e2', 'e3']);
    expect(result.droppedEntries).toEqual(['e0', 'e1']);
  });

  it('GIVEN more competitor assessments than the limit THEN superseded ones go first', () => {
    const a0 = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(0) });
    const b1 = competitorOf({ competitorId: 'b', answeredAt: dayAfterStart(1) });
    const a2 = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(2) });
    const c3 = competitorOf({ competitorId: 'c', answeredAt: dayAfterStart(3) });
    const result = serializeHistory(
      historyOf({ competitors: [a0, b1, a2, c3] }),
      policyWith({ historyLimit: 3 }),
    );
    expect(result).toMatchObject({ ok: true, droppedCompetitors: [a0] });
    if (result.ok) expect(result.history.competitors).toEqual([b1, a2, c3]);
  });

  it('GIVEN more distinct competitors than the limit THEN the oldest assessments go', () => {
    const a = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(0) });
    const b = competitorOf({ competitorId: 'b', answeredAt: dayAfterStart(1) });
    const result = serializeHistory(
      historyOf({ competitors: [b, a] }),
      policyWith({ historyLimit: 1 }),
    );
    expect(result).toMatchObject({ ok: true, droppedCompetitors: [a] });
  });

  it('GIVEN a history over the size limit THEN it is refused with the size in both languages', () => {
    const evidence = Array.from({ length: 4 }, () => 'ä'.repeat(2000)); // 2 bytes each in UTF-8
    const entries = Array.from({ length: 5 }, (_, i) =>
      entryOf({ id: `e${i}`, answeredAt: dayAfterStart(i), evidence }),
    );
    const result = serializeHistory(historyOf({ entries }), policy);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('too_large');
    expect(result.error.limit).toBe(MAX_HISTORY_JSON_SIZE);
    expect(result.error.size).toBeGreaterThan(80_000);
    expect(result.error.message.en).toMatch(
      /too large to save \(8\d,\d{3} of at most 61,440 characters\)/,
    );
    expect(result.error.message.de).toMatch(
      /zu groß zum Speichern \(8\d\.\d{3} von höchstens 61\.440 Zeichen\)/,
    );
  });

  describe('with compaction', () => {
    const sizeOf = (history: QualificationHistory) => JSON.stringify(history).length;

    it('drops the oldest records, entries or superseded competitor assessments, until it fits', () => {
      const e0 = entryOf({ id: 'e0', answeredAt: dayAfterStart(0) });
      const c1 = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(1) });
      const e2 = entryOf({ id: 'e2', answeredAt: dayAfterStart(2) });
      const c3 = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(3) });
      const e4 = entryOf({ id: 'e4', answeredAt: dayAfterStart(4) });
      const full = historyOf({ entries: [e0, e2, e4], competitors: [c1, c3] });
      // Room for everything except the two oldest records (e0 and c1).
      const maxSize = sizeOf(historyOf({ entries: [e2, e4], competitors: [c3] }));
      const result = serializeHistory(full, policy, { compact: true, maxSize });
      expect(result).toMatchObject({ ok: true, droppedEntries: ['e0'], droppedCompetitors: [c1] });
      if (result.ok)
        expect(result.history).toEqual(historyOf({ entries: [e2, e4], competitors: [c3] }));
    });

    it('drops a superseded competitor assessment before a younger entry', () => {
      const c0 = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(0) });
      const e1 = entryOf({ id: 'e1', answeredAt: dayAfterStart(1) });
      const c2 = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(2) });
      const e3 = entryOf({ id: 'e3', answeredAt: dayAfterStart(3) });
      const maxSize = sizeOf(historyOf({ entries: [e1, e3], competitors: [c2] }));
      const result = serializeHistory(
        historyOf({ entries: [e1, e3], competitors: [c0, c2] }),
        policy,
        {
          compact: true,
          maxSize,
        },
      );
      expect(result).toMatchObject({ ok: true, droppedEntries: [], droppedCompetitors: [c0] });
    });

    it('never drops the latest assessment or a competitor’s latest one, and fails when that is not enough', () => {
      const e0 = entryOf({ id: 'e0', answeredAt: dayAfterStart(0) });
      const e1 = entryOf({ id: 'e1', answeredAt: dayAfterStart(1) });
      const c = competitorOf({ competitorId: 'a' });
      const result = serializeHistory(historyOf({ entries: [e0, e1], competitors: [c] }), policy, {
        compact: true,
        maxSize: 100,
      });
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.error.size).toBe(sizeOf(historyOf({ entries: [e1], competitors: [c] })));
    });

    it('GIVEN only superseded competitor assessments to drop THEN those go', () => {
      const e = entryOf({ id: 'e' });
      const c0 = competitorOf({ answeredAt: dayAfterStart(0) });
      const c1 = competitorOf({ answeredAt: dayAfterStart(1) });
      const maxSize = sizeOf(historyOf({ entries: [e], competitors: [c1] }));
      const result = serializeHistory(historyOf({ entries: [e], competitors: [c0, c1] }), policy, {
        compact: true,
        maxSize,
      });
      expect(result).toMatchObject({ ok: true, droppedCompetitors: [c0] });
    });
  });
});

describe('appendAssessment', () => {
  it('GIVEN an empty history WHEN an assessment is added THEN it is the only entry', () => {
    const input = { ...entryOf({ id: 'first' }) };
    const result = appendAssessment(emptyHistory(), input, policy);
    expect(result).toEqual({ ok: true, history: historyOf({ entries: [input] }), dropped: [] });
  });

  it('GIVEN invalid input THEN it is refused with the field named', () => {
    const input = { ...entryOf(), answers: answersOf([3, 3, 3, 0]) };
    const result = appendAssessment(emptyHistory(), input, policy);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['answers.3.value']);
  });

  it('GIVEN an id already recorded THEN it is refused as a duplicate', () => {
    const history = historyOf({ entries: [entryOf({ id: 'same' })] });
    const result = appendAssessment(
      history,
      entryOf({ id: 'same', answeredAt: dayAfterStart(1) }),
      policy,
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'id', message: 'An assessment with id "same" is already recorded' }],
    });
  });

  it.each<[string, number, string[]]>([
    ['a later assessment goes last', 5, ['d0', 'd2', 'd4', 'new']],
    ['an earlier assessment goes in its place', 1, ['d0', 'new', 'd2', 'd4']],
    ['one at the same instant goes after the existing one', 2, ['d0', 'd2', 'new', 'd4']],
    ['the earliest goes first', -1, ['new', 'd0', 'd2', 'd4']],
  ])('keeps answer order: %s', (_case, day, order) => {
    const history = historyOf({
      entries: [0, 2, 4].map((d) => entryOf({ id: `d${d}`, answeredAt: dayAfterStart(d) })),
    });
    const result = appendAssessment(
      history,
      entryOf({ id: 'new', answeredAt: dayAfterStart(day) }),
      policy,
    );
    expect(result.ok && result.history.entries.map((e) => e.id)).toEqual(order);
  });

  it('GIVEN a full history THEN the oldest assessment is dropped and named', () => {
    const small = policyWith({ historyLimit: 2 });
    const history = historyOf({
      entries: [0, 1].map((d) => entryOf({ id: `d${d}`, answeredAt: dayAfterStart(d) })),
      competitors: [competitorOf()],
    });
    const result = appendAssessment(
      history,
      entryOf({ id: 'new', answeredAt: dayAfterStart(2) }),
      small,
    );
    expect(result).toMatchObject({ ok: true, dropped: ['d0'] });
    if (!result.ok) return;
    expect(result.history.entries.map((e) => e.id)).toEqual(['d1', 'new']);
    expect(result.history.competitors).toEqual(history.competitors);
  });

  it('does not change the history it was given', () => {
    const history = historyOf({ entries: [entryOf({ id: 'a' })] });
    const before = structuredClone(history);
    appendAssessment(history, entryOf({ id: 'b', answeredAt: dayAfterStart(1) }), policy);
    expect(history).toEqual(before);
  });
});

describe('appendCompetitorAssessment', () => {
  it('adds a valid competitor assessment in answer order', () => {
    const later = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(3) });
    const earlier = competitorOf({ competitorId: 'b', answeredAt: dayAfterStart(1) });
    const result = appendCompetitorAssessment(historyOf({ competitors: [later] }), earlier, policy);
    expect(result).toEqual({
      ok: true,
      history: historyOf({ competitors: [earlier, later] }),
      dropped: [],
    });
  });

  it('GIVEN invalid input THEN it is refused with the field named', () => {
    const result = appendCompetitorAssessment(
      emptyHistory(),
      { ...competitorOf(), competitorId: '' },
      policy,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['competitorId']);
  });

  it('GIVEN the same competitor at the same instant THEN it is refused as a resubmission', () => {
    const existing = competitorOf({ answeredAt: '2025-03-01T10:00:00.000Z' });
    const result = appendCompetitorAssessment(
      historyOf({ competitors: [existing] }),
      { ...competitorOf({ answeredAt: '2025-03-01T10:00:00Z' }) },
      policy,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'answeredAt',
          message: 'The competitor "comp-a" already has an assessment at 2025-03-01T10:00:00Z',
        },
      ],
    });
  });

  it('GIVEN another competitor at the same instant THEN it is added', () => {
    const existing = competitorOf({ competitorId: 'a' });
    const result = appendCompetitorAssessment(
      historyOf({ competitors: [existing] }),
      competitorOf({ competitorId: 'b' }),
      policy,
    );
    expect(result.ok && result.history.competitors.map((c) => c.competitorId)).toEqual(['a', 'b']);
  });

  it('GIVEN a full list THEN a superseded assessment is dropped, keeping every competitor', () => {
    const a0 = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(0) });
    const b1 = competitorOf({ competitorId: 'b', answeredAt: dayAfterStart(1) });
    const a2 = competitorOf({ competitorId: 'a', answeredAt: dayAfterStart(2) });
    const b3 = competitorOf({ competitorId: 'b', answeredAt: dayAfterStart(3) });
    const result = appendCompetitorAssessment(
      historyOf({ competitors: [a0, b1, a2] }),
      b3,
      policyWith({ historyLimit: 3 }),
    );
    expect(result).toEqual({
      ok: true,
      history: historyOf({ competitors: [b1, a2, b3] }),
      dropped: [a0],
    });
  });
});

describe('latestAssessment', () => {
  it('is null for a deal never assessed', () => {
    expect(latestAssessment(emptyHistory())).toBeNull();
  });

  it('is the entry answered last, whatever the list order', () => {
    const late = entryOf({ id: 'late', answeredAt: dayAfterStart(3) });
    const early = entryOf({ id: 'early', answeredAt: dayAfterStart(1) });
    expect(latestAssessment(historyOf({ entries: [late, early] }))).toBe(late);
  });
});

describe('diffAssessments', () => {
  const previous = entryOf({
    id: 'p',
    values: [3, 3, 3, 3],
    evidence: ['budget approved', '', '', ''],
    dealStageId: 'appointmentscheduled',
    note: 'kick-off',
  });

  it('GIVEN no previous assessment THEN every answer is new and the decision date is set', () => {
    const next = entryOf({ id: 'n', values: [4, 3, 2, 5], evidence: ['x'] });
    expect(diffAssessments(null, next)).toEqual({
      entryId: 'n',
      by: 'user-1',
      at: '2025-03-01T10:00:00.000Z',
      answers: [
        { question: 'real_opportunity', from: null, to: 4, evidenceChanged: true },
        { question: 'competitive_position', from: null, to: 3, evidenceChanged: false },
        { question: 'good_deal', from: null, to: 2, evidenceChanged: false },
        { question: 'can_win', from: null, to: 5, evidenceChanged: false },
      ],
      decisionDate: { from: null, to: '2025-06-30' },
      dealStage: null,
      noteChanged: false,
    });
  });

  it('GIVEN the same answers THEN nothing changed', () => {
    const next = { ...previous, id: 'n', answeredBy: 'user-2', answeredAt: dayAfterStart(7) };
    expect(diffAssessments(previous, next)).toEqual({
      entryId: 'n',
      by: 'user-2',
      at: dayAfterStart(7),
      answers: [],
      decisionDate: null,
      dealStage: null,
      noteChanged: false,
    });
  });

  it('GIVEN changed values, evidence, date, stage and note THEN each change is listed', () => {
    const next = entryOf({
      id: 'n',
      values: [3, 4, 3, 2],
      evidence: ['budget approved', '', 'new pricing', ''],
      expectedDecisionDate: '2025-09-30',
      dealStageId: 'qualifiedtobuy',
    });
    expect(diffAssessments(previous, next)).toMatchObject({
      answers: [
        { question: 'competitive_position', from: 3, to: 4, evidenceChanged: false },
        { question: 'good_deal', from: 3, to: 3, evidenceChanged: true },
        { question: 'can_win', from: 3, to: 2, evidenceChanged: false },
      ],
      decisionDate: { from: '2025-06-30', to: '2025-09-30' },
      dealStage: { from: 'appointmentscheduled', to: 'qualifiedtobuy' },
      noteChanged: true,
    });
  });

  it('GIVEN a stage recorded before but not now THEN the stage change is to null', () => {
    const next = { ...previous, dealStageId: undefined };
    expect(diffAssessments(previous, next).dealStage).toEqual({
      from: 'appointmentscheduled',
      to: null,
    });
  });
});

describe('listChanges', () => {
  it('compares each assessment with the one before, oldest first', () => {
    const first = entryOf({ id: 'a', answeredAt: dayAfterStart(0), values: [3, 3, 3, 3] });
    const second = entryOf({ id: 'b', answeredAt: dayAfterStart(1), values: [4, 3, 3, 3] });
    const changes = listChanges(historyOf({ entries: [second, first] }));
    expect(changes.map((c) => c.entryId)).toEqual(['a', 'b']);
    expect(changes[0]?.answers).toHaveLength(4);
    expect(changes[1]?.answers).toEqual([
      { question: 'real_opportunity', from: 3, to: 4, evidenceChanged: false },
    ]);
  });
});

describe('scoreSeries', () => {
  it('scores every assessment in answer order with who answered', () => {
    const history = historyOf({
      entries: [
        entryOf({ id: 'b', answeredAt: dayAfterStart(5), answeredBy: 'u2', values: [5, 5, 5, 5] }),
        entryOf({ id: 'a', answeredAt: dayAfterStart(0), answeredBy: 'u1', values: [3, 3, 3, 3] }),
      ],
    });
    expect(scoreSeries(history, policy)).toEqual([
      { entryId: 'a', at: dayAfterStart(0), score: 50, verdict: 'at_risk', by: 'u1' },
      { entryId: 'b', at: dayAfterStart(5), score: 100, verdict: 'qualified', by: 'u2' },
    ]);
  });

  it('is empty for a deal never assessed', () => {
    expect(scoreSeries(emptyHistory(), policy)).toEqual([]);
  });
});

describe('trend', () => {
  const historyWith = (...valueSets: Values[]) =>
    historyOf({
      entries: valueSets.map((values, i) =>
        entryOf({ id: `e${i}`, answeredAt: dayAfterStart(i), values }),
      ),
    });

  it.each<[string, Values[], string, number | null]>([
    ['no assessment', [], 'unknown', null],
    ['one assessment', [[3, 3, 3, 3]], 'unknown', null],
    [
      'a rise of 25 points',
      [
        [3, 3, 3, 3],
        [4, 4, 4, 4],
      ],
      'improving',
      25,
    ],
    [
      'a fall of 25 points',
      [
        [4, 4, 4, 4],
        [3, 3, 3, 3],
      ],
      'declining',
      -25,
    ],
    [
      'no change',
      [
        [3, 3, 3, 3],
        [3, 3, 3, 3],
      ],
      'stable',
      0,
    ],
    // 50 → 56 (6.25 rounds to 56): one step on one question exceeds the band.
    [
      'a rise of one step on one question',
      [
        [3, 3, 3, 3],
        [4, 3, 3, 3],
      ],
      'improving',
      6,
    ],
    [
      'only the last two count',
      [
        [5, 5, 5, 5],
        [1, 1, 1, 1],
        [2, 1, 1, 1],
      ],
      'improving',
      6,
    ],
  ])('GIVEN %s THEN the trend is %s', (_case, valueSets, direction, delta) => {
    expect(trend(historyWith(...valueSets), policy)).toEqual({ direction, delta });
  });

  // Weights 1, 2 and 22 (total 25) make one step on those questions worth exactly 1, 2 and 22
  // points, so the band's edges can be hit exactly.
  const fine = policyWith({
    weights: { real_opportunity: 1, competitive_position: 2, good_deal: 22, can_win: 0 },
  });
  it.each<[string, Values, Values, number, string]>([
    ['a rise of exactly the band', [3, 3, 3, 3], [4, 5, 3, 3], TREND_STABLE_BAND, 'improving'],
    ['a rise just under the band', [3, 3, 3, 3], [5, 4, 3, 3], TREND_STABLE_BAND - 1, 'stable'],
    ['a fall just under the band', [5, 4, 3, 3], [3, 3, 3, 3], -(TREND_STABLE_BAND - 1), 'stable'],
    ['a fall of exactly the band', [4, 5, 3, 3], [3, 3, 3, 3], -TREND_STABLE_BAND, 'declining'],
  ])('GIVEN %s THEN the trend is %s', (_case, before, after, delta, direction) => {
    const history = historyOf({
      entries: [
        entryOf({ id: 'a', answeredAt: dayAfterStart(0), values: before }),
        entryOf({ id: 'b', answeredAt: dayAfterStart(1), values: after }),
      ],
    });
    expect(trend(history, fine)).toEqual({ direction, delta });
  });
});

describe('requalification', () => {
  // The latest assessment: 2025-03-01T10:00Z, in stage "qualifiedtobuy"; maxAgeDays 30 → due 2025-03-31.
  const latest = entryOf({
    id: 'latest',
    answeredAt: '2025-03-01T10:00:00.000Z',
    dealStageId: 'qualifiedtobuy',
  });
  const history = historyOf({
    entries: [
      entryOf({
        id: 'old',
        answeredAt: '2025-01-01T10:00:00.000Z',
        dealStageId: 'appointmentscheduled',
      }),
      latest,
    ],
  });
  const at = (iso: string) => new Date(iso);

  it('GIVEN a deal never assessed THEN it is due now, with no due date', () => {
    const result = requalification(
      emptyHistory(),
      { currentStageId: 'qualifiedtobuy' },
      policy,
      at('2025-03-02T00:00:00Z'),
    );
    expect(result).toEqual({
      due: true,
      dueDate: null,
      reasons: [
        {
          en: 'The deal has not been assessed yet.',
          de: 'Der Deal wurde noch nicht qualifiziert.',
        },
      ],
    });
  });

  it.each<[string, Parameters<typeof requalification>[1], string, boolean, string, RegExp[]]>([
    [
      'a fresh assessment in the same stage',
      { currentStageId: 'qualifiedtobuy' },
      '2025-03-10T00:00:00Z',
      false,
      '2025-03-31',
      [],
    ],
    ['a fresh assessment and no stage known', {}, '2025-03-10T00:00:00Z', false, '2025-03-31', []],
    ['one instant before the maximum age', {}, '2025-03-31T09:59:59.999Z', false, '2025-03-31', []],
    [
      'exactly the maximum age',
      {},
      '2025-03-31T10:00:00.000Z',
      true,
      '2025-03-31',
      [/30 days old; deals are re-qualified every 30 days/],
    ],
    [
      'an assessment 42 days old',
      { currentStageId: 'qualifiedtobuy' },
      '2025-04-12T12:00:00Z',
      true,
      '2025-03-31',
      [/42 days old/],
    ],
    [
      'a stage change after the answer',
      { currentStageId: 'qualifiedtobuy', stageChangedAt: '2025-03-05T08:00:00Z' },
      '2025-03-10T00:00:00Z',
      true,
      '2025-03-05',
      [/changed stage on 2025-03-05, after the latest assessment/],
    ],
    [
      'a stage entered before the answer',
      { currentStageId: 'qualifiedtobuy', stageChangedAt: '2025-02-20T08:00:00Z' },
      '2025-03-10T00:00:00Z',
      false,
      '2025-03-31',
      [],
    ],
    [
      'a different stage without a known change time',
      { currentStageId: 'decisionmakerboughtin' },
      '2025-03-10T15:00:00Z',
      true,
      '2025-03-10',
      [/different stage than at the latest assessment/],
    ],
    [
      'a different stage that was entered before the answer (stale stage on the entry)',
      { currentStageId: 'decisionmakerboughtin', stageChangedAt: '2025-02-20T08:00:00Z' },
      '2025-03-10T15:00:00Z',
      true,
      '2025-03-10',
      [/different stage/],
    ],
    [
      'an unreadable stage change time',
      { stageChangedAt: 'yesterday' },
      '2025-03-10T00:00:00Z',
      false,
      '2025-03-31',
      [],
    ],
    [
      'a null stage and change time',
      { currentStageId: null, stageChangedAt: null },
      '2025-03-10T00:00:00Z',
      false,
      '2025-03-31',
      [],
    ],
    [
      'an old assessment and a later stage change',
      { currentStageId: 'qualifiedtobuy', stageChangedAt: '2025-04-05T08:00:00Z' },
      '2025-04-10T00:00:00Z',
      true,
      '2025-03-31',
      [/days old/, /changed stage on 2025-04-05/],
    ],
  ])(
    'GIVEN %s THEN due and due date follow the rules',
    (_case, context, now, due, dueDate, reasons) => {
      const result = requalification(history, context, policy, at(now));
      expect(result.due).toBe(due);
      expect(result.dueDate).toBe(dueDate);
      expect(result.reasons.map((r) => r.en)).toEqual(reasons.map((r) => expect.stringMatching(r)));
      for (const reason of result.reasons) expect(reason.de).not.toBe(reason.en);
    },
  );

  it('GIVEN an entry without a recorded stage THEN only a known change time can make it due', () => {
    const noStage = historyOf({ entries: [entryOf({ answeredAt: '2025-03-01T10:00:00.000Z' })] });
    const now = at('2025-03-10T00:00:00Z');
    expect(requalification(noStage, { currentStageId: 'closedwon' }, policy, now).due).toBe(false);
    expect(
      requalification(
        noStage,
        { currentStageId: 'closedwon', stageChangedAt: '2025-03-02T00:00:00Z' },
        policy,
        now,
      ).due,
    ).toBe(true);
  });

  it('writes the stage change day the German way in German', () => {
    const result = requalification(
      history,
      { stageChangedAt: '2025-03-05T08:00:00Z' },
      policy,
      at('2025-03-10T00:00:00Z'),
    );
    expect(result.reasons[0]?.de).toContain('am 05.03.2025');
  });

  it('follows the policy’s maximum age', () => {
    const weekly = policyWith({ maxAgeDays: 7 });
    const result = requalification(history, {}, weekly, at('2025-03-09T00:00:00Z'));
    expect(result).toMatchObject({ due: true, dueDate: '2025-03-08' });
    expect(result.reasons[0]?.en).toContain('every 7 days');
  });
});

describe('history properties', () => {
  const instant = fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
    .map((ms) => new Date(ms).toISOString());
  const value = fc.integer({ min: 1, max: 5 });
  const text = fc.string({ maxLength: 30, unit: 'grapheme' });
  const answers = fc
    .tuple(value, value, value, value, fc.array(text, { minLength: 4, maxLength: 4 }))
    .map(([a, b, c, d, evidence]) => answersOf([a, b, c, d], evidence));
  const entryInput = (id: string) =>
    fc.record(
      {
        id: fc.constant(id),
        answeredAt: instant,
        answeredBy: fc.constantFrom('u1', 'u2', '77'),
        answers,
        expectedDecisionDate: instant.map((iso) => iso.slice(0, 10)),
        dealStageId: fc.constantFrom('appointmentscheduled', 'qualifiedtobuy'),
        note: text,
      },
      { requiredKeys: ['id', 'answeredAt', 'answeredBy', 'answers', 'expectedDecisionDate'] },
    );
  const entryInputs = fc
    .integer({ min: 0, max: 12 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => entryInput(`e${i}`))));
  const competitorInput = fc.record(
    {
      competitorId: fc.constantFrom('a', 'b', 'c'),
      answeredAt: instant,
      answeredBy: fc.constant('u1'),
      answers,
      note: text,
    },
    { requiredKeys: ['competitorId', 'answeredAt', 'answeredBy', 'answers'] },
  );
  const limit = fc.integer({ min: 1, max: 6 });

  /** Builds a history by appending every input, as the card API would. */
  function build(
    inputs: readonly unknown[],
    competitors: readonly unknown[],
    historyLimit: number,
  ) {
    const pol = policyWith({ historyLimit });
    let history = emptyHistory();
    for (const input of inputs) {
      const result = appendAssessment(history, input, pol);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      history = result.history;
    }
    for (const input of competitors) {
      const result = appendCompetitorAssessment(history, input, pol);
      if (result.ok) history = result.history; // a resubmission at the same instant is refused
    }
    return { history, pol };
  }

  it('never keeps more than historyLimit assessments or competitor assessments', () => {
    fc.assert(
      fc.property(
        entryInputs,
        fc.array(competitorInput, { maxLength: 10 }),
        limit,
        (inputs, comps, n) => {
          const { history } = build(inputs, comps, n);
          expect(history.entries.length).toBe(Math.min(inputs.length, n));
          expect(history.competitors.length).toBeLessThanOrEqual(n);
        },
      ),
    );
  });

  it('keeps the newest assessments, oldest first', () => {
    fc.assert(
      fc.property(entryInputs, limit, (inputs, n) => {
        const { history } = build(inputs, [], n);
        const times = history.entries.map((e) => Date.parse(e.answeredAt));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        const allTimes = inputs.map((i) => Date.parse(i.answeredAt)).sort((a, b) => a - b);
        expect(times).toEqual(allTimes.slice(allTimes.length - times.length));
      }),
    );
  });

  it('round-trips through JSON: serialize then parse gives the same history', () => {
    fc.assert(
      fc.property(
        entryInputs,
        fc.array(competitorInput, { maxLength: 8 }),
        limit,
        (inputs, comps, n) => {
          const { history, pol } = build(inputs, comps, n);
          const serialized = serializeHistory(history, pol);
          expect(serialized.ok).toBe(true);
          if (!serialized.ok) return;
          expect(serialized.history).toEqual(history);
          expect(parseHistory(serialized.json)).toEqual({ ok: true, value: history });
        },
      ),
    );
  });

  it('reports a trend delta equal to the last two points of the score series', () => {
    fc.assert(
      fc.property(entryInputs, (inputs) => {
        const { history, pol } = build(inputs, [], 50);
        const series = scoreSeries(history, pol);
        const { delta } = trend(history, pol);
        if (series.length < 2) expect(delta).toBeNull();
        else
          expect(delta).toBe(series[series.length - 1]!.score - series[series.length - 2]!.score);
      }),
    );
  });
});
