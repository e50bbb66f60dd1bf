import { boundMs, budgetsAtScale, lowerBoundCalls } from '../../bench/bounds.ts';
import { generateContacts } from '../../bench/synthetic-contacts.ts';
import { storedScoreWrites, DEFAULT_SCORING_MODEL } from '../../src/domain/scoring/index.ts';

describe('rescore bounds', () => {
  it('needs one search page per 200 contacts and one batch update per 100 changed', () => {
    expect(lowerBoundCalls(20_000, 2_000)).toEqual({ pages: 100, updates: 20, calls: 120 });
    expect(lowerBoundCalls(10_001, 101)).toEqual({ pages: 51, updates: 2, calls: 53 });
    expect(lowerBoundCalls(0, 0)).toEqual({ pages: 1, updates: 0, calls: 1 });
  });

  it('is bound by the slower of the two budgets, which run in parallel', () => {
    const hubspot = budgetsAtScale(1);
    expect(hubspot).toEqual({ searchPerSecond: 5, generalPerSecond: 11 });
    // 100 pages at 5/s = 20 s; 20 updates at 11/s ≈ 1.8 s
    expect(boundMs(20_000, 2_000, hubspot)).toBe(20_000);
    // 100 pages = 20 s; 1,000 updates at 11/s ≈ 90.9 s
    expect(boundMs(20_000, 100_000, hubspot)).toBeCloseTo(90_909.09, 1);
    expect(boundMs(20_000, 2_000, budgetsAtScale(0.1))).toBe(2_000);
    expect(() => budgetsAtScale(0)).toThrow('scale must be positive');
  });
});

describe('synthetic contacts', () => {
  const asOf = Date.UTC(2026, 2, 2);
  const options = { count: 1_000, changedShare: 0.3, seed: 5, asOf, model: DEFAULT_SCORING_MODEL };

  it('are deterministic and carry an outdated score on exactly the chosen share', () => {
    const contacts = generateContacts(options);
    expect(generateContacts(options)).toEqual(contacts);
    const outdated = contacts.filter((contact) =>
      storedScoreWrites(contact, DEFAULT_SCORING_MODEL, new Date(asOf)),
    );
    expect(outdated).toHaveLength(300);
    expect(new Set(contacts.map((contact) => contact.email)).size).toBe(1_000);
  });
});
