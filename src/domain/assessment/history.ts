// The qualification history of one deal: every assessment ever answered (who, when, what, why) and
// every competitor assessment, kept as one JSON document in the hidden deal textarea property
// DEAL_PROPERTIES.assessment (src/domain/properties.ts). The list is bounded by the policy's
// `historyLimit` and the document by HubSpot's textarea limit, so a deal can always be saved.
// Everything here is derived from the document: the score series for a chart, the trend, the
// change log, and whether the deal is due for re-qualification.
import { z } from 'zod';
import type { FieldError, Localized, Validated } from '../errors.ts';
import { fieldErrorsFromZod, parseStoredJson } from '../errors.ts';
import type { AssessmentEntry, QualificationPolicy, Verdict } from './assessment.ts';
import { assessmentEntrySchema, scoreAssessment } from './assessment.ts';
import type { CompetitorAssessment } from './competitor.ts';
import { competitorAssessmentSchema } from './competitor.ts';
import type { QuestionId, ScaleValue } from './questions.ts';
import { QUESTION_IDS } from './questions.ts';
import { MAX_TEXTAREA_JSON_BYTES, measureUtf8Bytes } from '../hubspot-limits.ts';

/** The document layout this code writes and reads. */
export const HISTORY_SCHEMA_VERSION = 1;

/** The largest serialized history we write, in UTF-8 bytes: the product's one textarea budget. */
export const MAX_HISTORY_JSON_SIZE = MAX_TEXTAREA_JSON_BYTES;

/** A score change smaller than this many points (either way) is reported as a stable trend. */
export const TREND_STABLE_BAND = 5;

const MS_PER_DAY = 86_400_000;

/** The stored qualification history of one deal. */
export const historySchema = z
  .strictObject({
    schemaVersion: z.literal(HISTORY_SCHEMA_VERSION),
    entries: z.array(assessmentEntrySchema).default([]),
    competitors: z.array(competitorAssessmentSchema).default([]),
  })
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    doc.entries.forEach((entry, index) => {
      if (ids.has(entry.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['entries', index, 'id'],
          message: `The assessment id "${entry.id}" is used more than once`,
          input: entry.id,
        });
      }
      ids.add(entry.id);
    });
  });
/** The qualification history of one deal, entries and competitor assessments oldest first. */
export type QualificationHistory = z.output<typeof historySchema>;

/** A deal never assessed. */
export function emptyHistory(): QualificationHistory {
  return { schemaVersion: HISTORY_SCHEMA_VERSION, entries: [], competitors: [] };
}

/** Sorts records by `answeredAt`, oldest first; records answered at the same instant keep their order. */
function sortByAnsweredAt<T extends { answeredAt: string }>(records: readonly T[]): T[] {
  return records.slice().sort((a, b) => Date.parse(a.answeredAt) - Date.parse(b.answeredAt));
}

/**
 * Reads the stored history JSON. Missing or empty → the empty history; otherwise the document is
 * validated (every problem named by its field path, `entries.2.answers.0.value`) and its lists are
 * put in answer order.
 */
export function parseHistory(json: string | null | undefined): Validated<QualificationHistory> {
  const stored = parseStoredJson(json, {
    path: '(root)',
    what: 'qualification history',
    schema: { current: HISTORY_SCHEMA_VERSION, path: 'schemaVersion' },
  });
  if (!stored.ok) return stored;
  const doc = stored.value;
  if (doc === undefined) return { ok: true, value: emptyHistory() };
  const parsed = historySchema.safeParse(doc);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error) };
  return {
    ok: true,
    value: {
      ...parsed.data,
      entries: sortByAnsweredAt(parsed.data.entries),
      competitors: sortByAnsweredAt(parsed.data.competitors),
    },
  };
}

/** Why a history could not be serialized. */
export interface HistoryTooLargeError {
  code: 'too_large';
  /** Serialized size in UTF-8 bytes after trimming. */
  size: number;
  /** The largest size allowed. */
  limit: number;
  message: Localized;
}

/** Outcome of serializing a history: the JSON to store and what was left out to make it fit. */
export type SerializedHistory =
  | {
      ok: true;
      json: string;
      /** The history as written (after trimming). */
      history: QualificationHistory;
      /** Ids of assessments left out, oldest first. */
      droppedEntries: string[];
      /** Competitor assessments left out, oldest first. */
      droppedCompetitors: CompetitorAssessment[];
    }
  | { ok: false; error: HistoryTooLargeError };

/** Options for `serializeHistory`. */
export interface SerializeHistoryOptions {
  /**
   * When the history is too large even within `historyLimit`, drop further oldest records
   * (never the latest assessment, never a competitor's latest assessment) until it fits, instead
   * of failing. Off by default: losing history is the caller's decision.
   */
  compact?: boolean;
  /** The size limit in UTF-8 bytes; MAX_HISTORY_JSON_SIZE unless a test needs a smaller one. */
  maxSize?: number;
}

/** Groups digits in thousands with `separator` (locale-free, so output is deterministic). */
function formatCount(value: number, separator: string): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Index of the oldest competitor assessment that a later one of the same competitor supersedes. */
function oldestSupersededCompetitor(competitors: readonly CompetitorAssessment[]): number {
  return competitors.findIndex((assessment, index) =>
    competitors.slice(index + 1).some((later) => later.competitorId === assessment.competitorId),
  );
}

/**
 * Keeps at most `limit` competitor assessments, dropping superseded ones oldest first, so every
 * competitor keeps its latest assessment while there is room; then the oldest of the rest.
 */
function trimCompetitors(
  competitors: readonly CompetitorAssessment[],
  limit: number,
): { kept: CompetitorAssessment[]; dropped: CompetitorAssessment[] } {
  const kept = sortByAnsweredAt(competitors);
  const dropped: CompetitorAssessment[] = [];
  while (kept.length > limit) {
    const superseded = oldestSupersededCompetitor(kept);
    dropped.push(...kept.splice(superseded === -1 ? 0 : superseded, 1));
  }
  return { kept, dropped };
}

/**
 * Turns the history into the JSON stored on the deal. Keeps the newest `policy.historyLimit`
 * assessments (and as many competitor assessments), then checks the size; a history still too
 * large is refused with a message saying what to do, unless `options.compact` allows dropping more.
 */
export function serializeHistory(
  doc: QualificationHistory,
  policy: QualificationPolicy,
  options: SerializeHistoryOptions = {},
): SerializedHistory {
  const limit = options.maxSize ?? MAX_HISTORY_JSON_SIZE;
  const sortedEntries = sortByAnsweredAt(doc.entries);
  const cut = Math.max(0, sortedEntries.length - policy.historyLimit);
  const entries = sortedEntries.slice(cut);
  const droppedEntries = sortedEntries.slice(0, cut).map((entry) => entry.id);
  const trimmed = trimCompetitors(doc.competitors, policy.historyLimit);
  const competitors = trimmed.kept;
  const droppedCompetitors = trimmed.dropped;

  for (;;) {
    const history: QualificationHistory = {
      schemaVersion: HISTORY_SCHEMA_VERSION,
      entries: entries.slice(),
      competitors: competitors.slice(),
    };
    const json = JSON.stringify(history);
    const size = measureUtf8Bytes(json);
    if (size <= limit) return { ok: true, json, history, droppedEntries, droppedCompetitors };

    // Compaction: drop the older of the oldest droppable entry and the oldest superseded
    // competitor assessment. The latest assessment is never droppable.
    const superseded = oldestSupersededCompetitor(competitors);
    const entryDroppable = entries.length > 1;
    if (options.compact === true && (entryDroppable || superseded !== -1)) {
      const oldestEntry = entryDroppable ? entries[0] : undefined;
      const oldestSuperseded = superseded === -1 ? undefined : competitors[superseded];
      const dropEntry =
        oldestEntry !== undefined &&
        (oldestSuperseded === undefined ||
          Date.parse(oldestEntry.answeredAt) <= Date.parse(oldestSuperseded.answeredAt));
      if (dropEntry) droppedEntries.push(...entries.splice(0, 1).map((entry) => entry.id));
      else droppedCompetitors.push(...competitors.splice(superseded, 1));
      continue;
    }
    return {
      ok: false,
      error: {
        code: 'too_large',
        size,
        limit,
        message: {
          en:
            `The qualification history is too large to save ` +
            `(${formatCount(size, ',')} of at most ${formatCount(limit, ',')} characters). ` +
            'Shorten the evidence and notes of the new assessment, or lower the number of assessments kept in the settings.',
          de:
            `Der Qualifizierungsverlauf ist zu groß zum Speichern ` +
            `(${formatCount(size, '.')} von höchstens ${formatCount(limit, '.')} Zeichen). ` +
            'Kürzen Sie Belege und Notizen der neuen Qualifizierung oder verringern Sie in den Einstellungen die Zahl der aufbewahrten Qualifizierungen.',
        },
      },
    };
  }
}

/** Outcome of adding an assessment: the new history and what fell out of it, or the input's problems. */
export type AppendResult<Dropped> =
  | { ok: true; history: QualificationHistory; dropped: Dropped[] }
  | { ok: false; errors: FieldError[] };

/** Inserts `record` after every record answered at or before it, keeping answer order. */
function insertInOrder<T extends { answeredAt: string }>(records: readonly T[], record: T): T[] {
  const at = Date.parse(record.answeredAt);
  const index = records.findIndex((existing) => Date.parse(existing.answeredAt) > at);
  const next = records.slice();
  next.splice(index === -1 ? next.length : index, 0, record);
  return next;
}

/**
 * Adds an assessment (untrusted input, validated here) to the history in answer order, refusing an
 * id already recorded, and drops the oldest assessments beyond `policy.historyLimit` (their ids are
 * returned, so the caller can say so).
 */
export function appendAssessment(
  history: QualificationHistory,
  input: unknown,
  policy: QualificationPolicy,
): AppendResult<string> {
  const parsed = assessmentEntrySchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error) };
  const entry = parsed.data;
  if (history.entries.some((existing) => existing.id === entry.id)) {
    return {
      ok: false,
      errors: [{ path: 'id', message: `An assessment with id "${entry.id}" is already recorded` }],
    };
  }
  const all = insertInOrder(sortByAnsweredAt(history.entries), entry);
  const cut = Math.max(0, all.length - policy.historyLimit);
  return {
    ok: true,
    history: { ...history, entries: all.slice(cut) },
    dropped: all.slice(0, cut).map((dropped) => dropped.id),
  };
}

/**
 * Adds a competitor assessment (untrusted input, validated here) in answer order, refusing a second
 * assessment of the same competitor at the same instant (a resubmission), and keeps at most
 * `policy.historyLimit` competitor assessments, dropping superseded ones first.
 */
export function appendCompetitorAssessment(
  history: QualificationHistory,
  input: unknown,
  policy: QualificationPolicy,
): AppendResult<CompetitorAssessment> {
  const parsed = competitorAssessmentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error) };
  const assessment = parsed.data;
  const at = Date.parse(assessment.answeredAt);
  const duplicate = history.competitors.some(
    (existing) =>
      existing.competitorId === assessment.competitorId && Date.parse(existing.answeredAt) === at,
  );
  if (duplicate) {
    return {
      ok: false,
      errors: [
        {
          path: 'answeredAt',
          message: `The competitor "${assessment.competitorId}" already has an assessment at ${assessment.answeredAt}`,
        },
      ],
    };
  }
  const all = insertInOrder(sortByAnsweredAt(history.competitors), assessment);
  const { kept, dropped } = trimCompetitors(all, policy.historyLimit);
  return { ok: true, history: { ...history, competitors: kept }, dropped };
}

/** The latest assessment of the deal, or null when it was never assessed. */
export function latestAssessment(history: QualificationHistory): AssessmentEntry | null {
  return sortByAnsweredAt(history.entries).at(-1) ?? null;
}

/** How the answer to one question changed between two assessments. */
export interface AnswerChange {
  question: QuestionId;
  /** The previous answer, or null when there was no previous assessment. */
  from: ScaleValue | null;
  to: ScaleValue;
  evidenceChanged: boolean;
}

/** What one assessment changed compared with the one before: who, when, what. */
export interface AssessmentDiff {
  entryId: string;
  by: string;
  at: string;
  /** Only the questions whose answer or evidence changed, in question order. */
  answers: AnswerChange[];
  /** The expected decision date, when it moved (from null: first assessment). */
  decisionDate: { from: string | null; to: string } | null;
  /** The deal stage recorded with the assessment, when it differs. */
  dealStage: { from: string | null; to: string | null } | null;
  noteChanged: boolean;
}

/** What `next` changed compared with `previous` (null: `next` is the first assessment). */
export function diffAssessments(
  previous: AssessmentEntry | null,
  next: AssessmentEntry,
): AssessmentDiff {
  const answers: AnswerChange[] = [];
  for (const question of QUESTION_IDS) {
    const before = previous?.answers.find((answer) => answer.question === question);
    // The schema guarantees every question is answered once.
    const after = next.answers.find((answer) => answer.question === question)!;
    const from = before === undefined ? null : before.value;
    const evidenceChanged = (before?.evidence ?? '') !== after.evidence;
    if (from !== after.value || evidenceChanged) {
      answers.push({ question, from, to: after.value, evidenceChanged });
    }
  }
  const fromDate = previous === null ? null : previous.expectedDecisionDate;
  const fromStage = previous?.dealStageId ?? null;
  const toStage = next.dealStageId ?? null;
  return {
    entryId: next.id,
    by: next.answeredBy,
    at: next.answeredAt,
    answers,
    decisionDate:
      fromDate === next.expectedDecisionDate
        ? null
        : { from: fromDate, to: next.expectedDecisionDate },
    dealStage: fromStage === toStage ? null : { from: fromStage, to: toStage },
    noteChanged: (previous?.note ?? '') !== (next.note ?? ''),
  };
}

/** The change log of the history: each assessment compared with the one before, oldest first. */
export function listChanges(history: QualificationHistory): AssessmentDiff[] {
  const sorted = sortByAnsweredAt(history.entries);
  return sorted.map((entry, index) => diffAssessments(sorted[index - 1] ?? null, entry));
}

/** One point of the score chart. */
export interface ScorePoint {
  entryId: string;
  at: string;
  score: number;
  verdict: Verdict;
  by: string;
}

/** The score of every assessment in answer order, scored under today's policy, for a chart. */
export function scoreSeries(
  history: QualificationHistory,
  policy: QualificationPolicy,
): ScorePoint[] {
  return sortByAnsweredAt(history.entries).map((entry) => {
    const { score, verdict } = scoreAssessment(entry, policy);
    return { entryId: entry.id, at: entry.answeredAt, score, verdict, by: entry.answeredBy };
  });
}

/** Which way the qualification is moving. */
export type TrendDirection = 'improving' | 'declining' | 'stable' | 'unknown';

/** The trend and the score change behind it. */
export interface Trend {
  direction: TrendDirection;
  /** Latest score minus the previous one; null with fewer than two assessments. */
  delta: number | null;
}

/**
 * The trend compares the latest assessment with the one before (what a seller reads as "+12 since
 * the last assessment"): a change of less than TREND_STABLE_BAND points either way is stable, more
 * is improving or declining; with fewer than two assessments the trend is unknown. Both are scored
 * under the same (current) policy, so a policy change alone never shows as a trend.
 */
export function trend(history: QualificationHistory, policy: QualificationPolicy): Trend {
  const [previous, latest] = scoreSeries(history, policy).slice(-2);
  if (previous === undefined || latest === undefined) return { direction: 'unknown', delta: null };
  const delta = latest.score - previous.score;
  if (delta >= TREND_STABLE_BAND) return { direction: 'improving', delta };
  if (delta <= -TREND_STABLE_BAND) return { direction: 'declining', delta };
  return { direction: 'stable', delta };
}

/** What the deal looks like now, for deciding whether it needs a new assessment. */
export interface DealStageContext {
  /** The deal's current pipeline stage id (HubSpot `dealstage`), when known. */
  currentStageId?: string | null;
  /** ISO 8601 instant the deal entered its current stage, when known. */
  stageChangedAt?: string | null;
  /** The deal is closed (won or lost): it needs no re-qualification any more. */
  closed?: 'won' | 'lost' | null;
}

/** Whether the deal is due for re-qualification, by when, and why. */
export interface Requalification {
  due: boolean;
  /** Set when the deal is closed: nothing is due, whatever its assessments say. */
  closed?: 'won' | 'lost';
  /** The UTC calendar day by which to re-qualify; null when the deal was never assessed. */
  dueDate: string | null;
  reasons: Localized[];
}

/** The UTC calendar day (YYYY-MM-DD) of an instant given in milliseconds since the epoch. */
function toIsoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A YYYY-MM-DD day as Germans write it (DD.MM.YYYY). */
function toGermanDay(isoDay: string): string {
  const [year, month, day] = isoDay.split('-');
  return `${day}.${month}.${year}`;
}

/**
 * Decides whether the deal needs a new assessment. Due when
 * 1. it was never assessed (due date null: there is nothing to count from);
 * 2. the latest assessment is `policy.maxAgeDays` days old or older (due date: answeredAt plus
 *    maxAgeDays);
 * 3. the deal changed stage since the latest assessment: it entered its stage after the answer
 *    (`stageChangedAt` > answeredAt), or its stage differs from the one recorded with the answer
 *    (due date: the day of the change, or today when the day is unknown).
 * The due date is the earliest that applies; days are UTC calendar days (the domain has no time zone).
 * A closed deal (won or lost) is never due.
 */
export function requalification(
  history: QualificationHistory,
  context: DealStageContext,
  policy: QualificationPolicy,
  now: Date,
): Requalification {
  if (context.closed === 'won' || context.closed === 'lost') {
    return {
      due: false,
      closed: context.closed,
      dueDate: null,
      reasons: [
        context.closed === 'won'
          ? {
              en: 'The deal is closed won; it needs no re-qualification.',
              de: 'Der Deal ist als gewonnen abgeschlossen; er muss nicht erneut qualifiziert werden.',
            }
          : {
              en: 'The deal is closed lost; it needs no re-qualification.',
              de: 'Der Deal ist als verloren abgeschlossen; er muss nicht erneut qualifiziert werden.',
            },
      ],
    };
  }
  const latest = latestAssessment(history);
  if (latest === null) {
    return {
      due: true,
      dueDate: null,
      reasons: [
        {
          en: 'The deal has not been assessed yet.',
          de: 'Der Deal wurde noch nicht qualifiziert.',
        },
      ],
    };
  }
  const reasons: Localized[] = [];
  const answeredMs = Date.parse(latest.answeredAt);
  const expiresMs = answeredMs + policy.maxAgeDays * MS_PER_DAY;
  let dueDate = toIsoDay(expiresMs);

  if (now.getTime() >= expiresMs) {
    const ageDays = Math.floor((now.getTime() - answeredMs) / MS_PER_DAY);
    reasons.push({
      en: `The latest assessment is ${ageDays} days old; deals are re-qualified every ${policy.maxAgeDays} days.`,
      de: `Die letzte Qualifizierung ist ${ageDays} Tage alt; Deals werden alle ${policy.maxAgeDays} Tage erneut qualifiziert.`,
    });
  }

  // A missing or unreadable instant parses to NaN, which is never after anything.
  const changedMs = Date.parse(context.stageChangedAt ?? '');
  let stageDue: string | null = null;
  if (changedMs > answeredMs) {
    stageDue = toIsoDay(changedMs);
    reasons.push({
      en: `The deal changed stage on ${stageDue}, after the latest assessment.`,
      de: `Der Deal hat am ${toGermanDay(stageDue)} die Deal-Phase gewechselt, nach der letzten Qualifizierung.`,
    });
  } else if (
    typeof context.currentStageId === 'string' &&
    latest.dealStageId !== undefined &&
    context.currentStageId !== latest.dealStageId
  ) {
    stageDue = toIsoDay(now.getTime());
    reasons.push({
      en: 'The deal is in a different stage than at the latest assessment.',
      de: 'Der Deal ist in einer anderen Deal-Phase als bei der letzten Qualifizierung.',
    });
  }
  if (stageDue !== null && stageDue < dueDate) dueDate = stageDue;

  return { due: reasons.length > 0, dueDate, reasons };
}
