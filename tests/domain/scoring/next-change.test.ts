import {
  DEFAULT_SCORING_MODEL,
  NEXT_CHANGE_RESOLUTION_MS,
  nextScoreChangeAt,
  shownScore,
  type ScoringModel,
} from '../../../src/domain/scoring/index.ts';
import { generateContacts } from '../../../bench/synthetic-contacts.ts';
import { DAY, NOW, daysAgoIso, modelWith, rule } from './model-builders.ts';

const MINUTE = NEXT_CHANGE_RESOLUTION_MS;
const isEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The instant is the first whole minute at which the shown score differs from the one now. */
function expectFirstChange(
  properties: Record<string, string>,
  model: ScoringModel,
  now: Date,
  at: Date,
): void {
  const before = shownScore(properties, model, now);
  expect(at.getTime() % MINUTE).toBe(0);
  expect(at.getTime()).toBeGreaterThan(now.getTime());
  expect(shownScore(properties, model, at)).not.toEqual(before);
  const minuteBefore = new Date(at.getTime() - MINUTE);
  if (minuteBefore.getTime() > now.getTime())
    expect(shownScore(properties, model, minuteBefore)).toEqual(before);
}

describe('nextScoreChangeAt', () => {
  it('is null when no rule depends on time', () => {
    const model = modelWith({ fitRules: [rule('title', { operator: 'contains', value: 'ceo' })] });
    expect(nextScoreChangeAt({ prop: 'CEO' }, model, NOW)).toBeNull();
  });

  it('finds the minute a decaying engagement score first rounds to a new value', () => {
    // 40 points decaying with a 10-day half-life from now: 39.5 is reached after
    // 10 × log2(40 / 39.5) days, and the rounded engagement becomes 39.
    const model = modelWith({
      engagementRules: [
        rule('visits', { operator: 'gt', value: 0, decayDateProperty: 'last_visit' }, 40),
      ],
    });
    const properties = { prop: '5', last_visit: NOW.toISOString() };
    const at = nextScoreChangeAt(properties, model, NOW);
    const exact = NOW.getTime() + 10 * Math.log2(40 / 39.5) * DAY;
    expect(at).not.toBeNull();
    expect(at!.getTime()).toBe(Math.ceil(exact / MINUTE) * MINUTE);
    expect(shownScore(properties, model, at!).engagement).toBe(39);
    expectFirstChange(properties, model, NOW, at!);
  });

  it('finds the instant a within-last-days rule stops matching (the MQL threshold is crossed)', () => {
    const model = modelWith({
      halfLifeDays: null,
      fitRules: [rule('fit', { operator: 'is_known' }, 30)],
      engagementRules: [
        rule('recent', { operator: 'within_last_days', value: 30, property: 'last_form' }, 15),
      ],
    });
    // Submitted 5 days ago: the rule holds for 25 more days, then 45 (MQL) drops to 30 (lead).
    const properties = { prop: 'x', last_form: daysAgoIso(5) };
    expect(shownScore(properties, model, NOW).band).toBe('mql');
    const at = nextScoreChangeAt(properties, model, NOW);
    expect(at?.toISOString()).toBe(new Date(NOW.getTime() + 25 * DAY + MINUTE).toISOString());
    expect(shownScore(properties, model, at!).band).toBe('lead');
  });

  it('treats a decay date in the future as no decay until that date', () => {
    const model = modelWith({
      engagementRules: [
        rule('visits', { operator: 'gt', value: 0, decayDateProperty: 'last_visit' }, 40),
      ],
    });
    const properties = { prop: '5', last_visit: new Date(NOW.getTime() + 3 * DAY).toISOString() };
    const at = nextScoreChangeAt(properties, model, NOW)!;
    expect(at.getTime()).toBeGreaterThan(NOW.getTime() + 3 * DAY);
    expectFirstChange(properties, model, NOW, at);
  });

  it('answers the first change for every synthetic contact of the default model, whatever "now" inside', () => {
    const contacts = generateContacts({
      count: 150,
      changedShare: 0,
      seed: 3,
      asOf: NOW.getTime(),
      model: DEFAULT_SCORING_MODEL,
    });
    let checked = 0;
    for (const contact of contacts) {
      const at = nextScoreChangeAt(contact, DEFAULT_SCORING_MODEL, NOW);
      if (at === null) continue;
      expectFirstChange(contact, DEFAULT_SCORING_MODEL, NOW, at);
      // Asked again later but before the change, the answer is the same instant: an unchanged
      // contact is never written again just because it was scored at another moment.
      // (The reported minute may lie up to a minute after the exact instant: skip those.)
      const later = new Date(NOW.getTime() + (at.getTime() - NOW.getTime()) / 2);
      const unchanged = shownScore(contact, DEFAULT_SCORING_MODEL, NOW);
      if (!isEqual(shownScore(contact, DEFAULT_SCORING_MODEL, later), unchanged)) continue;
      checked += 1;
      expect(nextScoreChangeAt(contact, DEFAULT_SCORING_MODEL, later)?.getTime()).toBe(
        at.getTime(),
      );
    }
    expect(checked).toBeGreaterThan(100);
  });
});
