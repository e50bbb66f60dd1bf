import type { LoopEntry } from '../../src/domain/lifecycle/index.ts';
import { computeLoopAnalytics, isoWeek, SMALL_SAMPLE } from '../../src/domain/loop-analytics.ts';

const DAY = 86_400_000;
const FROM = Date.parse('2026-09-01T00:00:00Z');
const TO = FROM + 8 * 7 * DAY;
const at = (day: number) => new Date(FROM + day * DAY).toISOString();
const e = (kind: LoopEntry['kind'], day: number, extra: Partial<LoopEntry> = {}): LoopEntry => ({
  kind,
  at: at(day),
  by: 'u',
  ...extra,
});

function analytics(overrides: Partial<Parameters<typeof computeLoopAnalytics>[0]> = {}) {
  return computeLoopAnalytics({
    from: FROM,
    to: TO,
    weeks: 8,
    contacts: [
      {
        // promoted, handed off, returned for no budget, handed off again, won
        contactId: '1',
        history: [
          e('promoted', 1),
          e('handoff', 2, { dealId: 'd1' }),
          e('return', 12, { reason: 'no_budget', dealId: 'd1' }),
          e('handoff', 22, { dealId: 'd1' }),
          e('won', 40, { dealId: 'd1' }),
        ],
      },
      {
        // handed off before the period, returned in it (no reason recorded)
        contactId: '2',
        history: [e('handoff', -30, { dealId: 'd2' }), e('return', 3, { dealId: 'd2' })],
      },
      {
        contactId: '3',
        history: [
          e('promoted', 5),
          e('handoff', 6, { dealId: 'd3' }),
          e('lost', 30, { dealId: 'd3' }),
        ],
      },
      { contactId: '4', history: [e('handoff', 50, { dealId: 'd4' })] },
    ],
    newLeads: { count: 6, ids: ['9'] },
    loopCounts: [1, 1, 0, 0],
    deals: [
      { id: 'd1', outcome: 'won', competitors: ['Salesforce', 'salesforce.com', 'MS Dynamics'] },
      { id: 'd2', outcome: 'lost', closedAt: FROM + 3 * DAY, competitors: ['Salesforce'] },
      { id: 'd3', outcome: 'lost', competitors: ['Microsoft Dynamics 365', ''] },
      { id: 'd4', outcome: 'open', competitors: ['Salesforce'] },
      { id: 'd5', outcome: 'won', closedAt: FROM - 10 * DAY, competitors: ['Salesforce'] },
      { id: 'd6', outcome: 'lost', competitors: ['Zoho'] },
    ],
    catalog: [{ name: 'Microsoft Dynamics', aliases: ['Microsoft Dynamics 365', 'MS Dynamics'] }],
    ...overrides,
  });
}

describe('computeLoopAnalytics', () => {
  it('counts the funnel over the period with every loop, and the conversion between steps', () => {
    const result = analytics();
    expect(result.funnel.map((step) => [step.stage, step.count, step.conversion])).toEqual([
      ['lead', 8, null], // 6 new + 2 returns in the period
      ['mql', 2, 25],
      ['sql', 4, 200],
      ['opportunity', 3, 75],
      ['customer', 1, 33],
    ]);
    expect(result.funnel[2]!.records.map((link) => link.id)).toEqual(['1', '3', '4']);
    expect(result.funnel[0]!.records).toEqual([
      { objectTypeId: '0-1', id: '9' },
      { objectTypeId: '0-1', id: '1' },
      { objectTypeId: '0-1', id: '2' },
    ]);
  });

  it('splits hand-offs by loop number and flags small samples', () => {
    const [first, second, third] = analytics().byLoop;
    expect(first).toMatchObject({
      loop: 1,
      handOffs: 3,
      returned: 1,
      lost: 1,
      open: 1,
      winRate: 0,
      returnRate: 50,
    });
    expect(second).toMatchObject({ loop: 2, handOffs: 1, won: 1, winRate: 100, small: true });
    expect(third).toMatchObject({ handOffs: 0, winRate: 0, returnRate: 0 });
    expect(SMALL_SAMPLE).toBe(20);
  });

  it('measures return to re-hand-off and the returned leads won later', () => {
    const result = analytics();
    expect(result.reHandOff).toMatchObject({ count: 1, medianDays: 10, small: true });
    expect(result.reHandOff.buckets.find((b) => b.bucket === '8-30')?.count).toBe(1);
    expect(result.returnedLaterWon).toMatchObject({
      returnedContacts: 2,
      wonLater: 1,
      percent: 50,
    });
    expect(result.returnsByReason).toEqual([
      { reason: 'no_budget', count: 1, records: [{ objectTypeId: '0-1', id: '1' }] },
      { reason: 'other', count: 1, records: [{ objectTypeId: '0-1', id: '2' }] },
    ]);
    expect(result.loopsPerRecord).toEqual([
      { loops: 0, records: 2 },
      { loops: 1, records: 2 },
    ]);
  });

  it('counts every competitor once per deal, joins spellings, keeps returned apart from lost', () => {
    const rows = analytics().winRateByCompetitor;
    const byName = Object.fromEntries(rows.map((row) => [row.competitor, row]));
    // d1 won (Salesforce and Dynamics), d2 returned (its last loop event), d5 out of the period,
    // d4 open, d6 without a date in the period.
    expect(byName.Salesforce).toMatchObject({ won: 1, lost: 0, returned: 1, winRate: 100 });
    expect(byName['Microsoft Dynamics']).toMatchObject({
      won: 1,
      lost: 1,
      returned: 0,
      winRate: 50,
    });
    expect(byName.Zoho).toBeUndefined();
    expect(byName['Microsoft Dynamics']!.records.map((r) => r.objectTypeId)).toEqual([
      '0-3',
      '0-3',
    ]);
  });

  it('has empty figures without history', () => {
    const result = analytics({
      contacts: [],
      deals: [],
      newLeads: { count: 0, ids: [] },
      loopCounts: [],
    });
    expect(result.funnel.every((step) => step.count === 0)).toBe(true);
    expect(result.funnel[1]!.conversion).toBeNull();
    expect(result.reHandOff.medianDays).toBeNull();
    expect(result.weekly.every((w) => w.handoffs === 0 && w.returns === 0)).toBe(true);
  });

  it('takes the median of an even number of re-hand-offs', () => {
    const contacts = ['a', 'b'].map((contactId, index) => ({
      contactId,
      history: [e('handoff', 1), e('return', 2), e('handoff', 2 + (index + 1) * 5)],
    }));
    expect(analytics({ contacts }).reHandOff.medianDays).toBe(7.5);
  });

  it('labels ISO weeks across a year boundary', () => {
    expect(isoWeek(Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-W01');
    expect(isoWeek(Date.parse('2027-01-01T00:00:00Z'))).toBe('2026-W53');
  });
});
