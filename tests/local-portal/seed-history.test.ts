// The demo portal's past: made by the product's transitions, with patterns the calibration finds.
import { calibrate, handOffRecords } from '../../src/domain/calibration/index.ts';
import { DEFAULT_LIFECYCLE_POLICY, loopHistorySchema } from '../../src/domain/lifecycle/index.ts';
import { computeLoopAnalytics } from '../../src/domain/loop-analytics.ts';
import { DEFAULT_SCORING_MODEL } from '../../src/domain/scoring/index.ts';
import { createLocalPortal } from '../../src/local-portal/server.ts';
import { seedDemoPortal } from '../../src/local-portal/seed.ts';
import { parseLoopHistory } from '../../src/server/read-models/lead-state.ts';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const DAY_MS = 86_400_000;

function seeded() {
  const local = createLocalPortal({
    publicBaseUrl: 'http://127.0.0.1:1',
    webhookPath: '/w',
    seed: 7,
  });
  const portal = local.registry.ensure(local.demoPortalId);
  const summary = seedDemoPortal(portal, { seed: 42, contacts: 60, now: NOW, history: {} });
  const contacts = (summary.history?.contactIds ?? []).map((id) => {
    const properties = portal.getObject('contacts', id)?.properties ?? {};
    return {
      contactId: id,
      properties,
      history: parseLoopHistory(properties.op_loop_history),
    };
  });
  return { portal, summary, contacts };
}

describe('the demo portal with a past', () => {
  const { portal, summary, contacts } = seeded();
  const records = handOffRecords(contacts);
  const reasons = DEFAULT_LIFECYCLE_POLICY.returnReasons;

  it('carries months of hand-offs, returns, re-hand-offs, wins and losses in the contacts', () => {
    const history = summary.history!;
    expect(history.handOffs).toBeGreaterThan(200);
    expect(history.returns).toBeGreaterThan(50);
    expect(history.wins).toBeGreaterThan(30);
    expect(history.losses).toBeGreaterThan(20);
    expect(records.some((record) => record.loopNumber >= 2)).toBe(true);
    const first = Math.min(...records.map((record) => Date.parse(record.at)));
    expect(NOW - first).toBeGreaterThan(180 * DAY_MS);
    for (const contact of contacts) {
      // Written as the product writes it: a valid history, a loop count that counts its returns.
      expect(
        loopHistorySchema.safeParse(JSON.parse(contact.properties.op_loop_history!)).success,
      ).toBe(true);
      const returns = contact.history.filter((entry) => entry.kind === 'return').length;
      expect(Number(contact.properties.op_loop_count ?? 0)).toBe(returns);
    }
    // A returned lead is back with marketing, a won one a customer with a won deal.
    const returned = contacts.find((c) => c.history.at(-1)?.kind === 'return')!;
    expect(returned.properties.lifecyclestage).toBe('lead');
    const won = contacts.find((c) => c.history.at(-1)?.kind === 'won')!;
    expect(won.properties.lifecyclestage).toBe('customer');
    const dealId = won.history.at(-1)!.dealId!;
    expect(portal.getObject('deals', dealId)?.properties.dealstage).toBe('closedwon');
  });

  it('lets the calibration name at least three rule changes and avoid returns on held-out hand-offs', () => {
    const result = calibrate(records, DEFAULT_SCORING_MODEL, reasons);
    expect(result.enough).toBe(true);
    expect(result.proposal.rules.length).toBeGreaterThanOrEqual(3);
    const sizes = result.proposal.rules.find((change) => change.ruleId === 'size-25-99');
    expect(sizes?.to).toBeLessThan(sizes!.from);
    expect(sizes?.reason.en).toContain('No budget');
    expect(result.backtest.enough).toBe(true);
    expect(result.backtest.returnsAvoided).toBeGreaterThan(0);
    // The loss of wins is stated, and smaller than the returns avoided.
    expect(result.backtest.winsLost).toBeLessThan(result.backtest.returnsAvoided);
    expect(result.backtest.summary.en).toMatch(/lost \d+ of \d+ wins/);
  });

  it('says there is not enough data on a portal with 10 hand-offs', () => {
    const result = calibrate(records.slice(0, 10), DEFAULT_SCORING_MODEL, reasons);
    expect(result.enough).toBe(false);
    expect(result.proposal.rules).toEqual([]);
    expect(result.summary.en).toContain('not enough data');
  });

  it('gives the app page conversion rates, per-loop figures, re-hand-off times and competitors', () => {
    const analytics = computeLoopAnalytics({
      from: NOW - 52 * 7 * DAY_MS,
      to: NOW,
      weeks: 52,
      contacts,
      newLeads: { count: 100, ids: [] },
      loopCounts: contacts.map((c) => Number(c.properties.op_loop_count ?? 0)),
      deals: (summary.history?.dealIds ?? []).map((id) => {
        const deal = portal.getObject('deals', id)!.properties;
        const stage = deal.dealstage;
        const competition = deal.op_plan_competition
          ? (JSON.parse(deal.op_plan_competition) as {
              content: { competitors: { name: string }[] };
            })
          : undefined;
        return {
          id,
          outcome: stage === 'closedwon' ? 'won' : stage === 'closedlost' ? 'lost' : 'open',
          ...(deal.closedate ? { closedAt: Date.parse(deal.closedate) } : {}),
          competitors: competition?.content.competitors.map((c) => c.name) ?? [],
        };
      }),
      catalog: [{ name: 'Microsoft Dynamics', aliases: ['Microsoft Dynamics 365', 'MS Dynamics'] }],
    });
    expect(analytics.funnel.find((step) => step.stage === 'sql')?.conversion).not.toBeNull();
    expect(analytics.byLoop[1]!.handOffs).toBeGreaterThan(0);
    expect(analytics.reHandOff.medianDays).toBeGreaterThan(0);
    const names = analytics.winRateByCompetitor.map((row) => row.competitor);
    // "Salesforce" and "salesforce.com" are one competitor; the catalogue joins the Dynamics names.
    expect(names.filter((name) => /salesforce/i.test(name))).toHaveLength(1);
    expect(names).toContain('Microsoft Dynamics');
    expect(names).not.toContain('MS Dynamics');
    expect(analytics.winRateByCompetitor.some((row) => row.returned > 0)).toBe(true);
  });
});
