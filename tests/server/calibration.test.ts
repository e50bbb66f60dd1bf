// The Calibration tab's card operations and the loop analytics, end to end against the local
// portal seeded with months of loop history.
import type {
  CalibrationView,
  CalibrationWriteView,
  LoopAnalytics,
} from '../../src/contract/card-api.ts';
import { DEFAULT_SCORING_MODEL } from '../../src/domain/scoring/index.ts';
import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import { parseLoopHistory } from '../../src/server/read-models/lead-state.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ history: { contacts: 420, days: 300 } });
  expect(await h.install(h.demoPortalId)).toMatch(/^200 /);
});
afterAll(() => h.close());

const reviewed = (view: CalibrationView) => ({
  rules: view.calibration.proposal.rules.map(({ ruleId, to }) => ({ ruleId, to })),
  thresholds: view.calibration.proposal.thresholds.map(({ threshold, to }) => ({ threshold, to })),
});

describe('calibration card operations', () => {
  it('calibrates from the loop history, applies as a new version and restores the old model', async () => {
    // GIVEN the seeded history WHEN the admin opens the Calibration tab
    const first = await h.card<CalibrationView>('GET', '/api/settings/calibration');
    expect(first.ok).toBe(true);
    const view = first.data!;
    expect(view.calibration.enough).toBe(true);
    expect(view.calibration.proposal.rules.length).toBeGreaterThanOrEqual(3);
    expect(view.calibration.backtest.returnsAvoided).toBeGreaterThan(0);
    expect(view.previous).toBeNull();

    // WHEN Apply is sent for a proposal the admin did not review THEN it is refused as a conflict
    const tampered = await h.card('POST', '/api/settings/calibration/apply', {
      version: view.version,
      proposal: { rules: [{ ruleId: 'title-vp', to: 100 }], thresholds: [] },
    });
    expect(tampered.error?.code).toBe('conflict');

    // WHEN the reviewed proposal is applied
    const applied = await h.card<CalibrationWriteView>('POST', '/api/settings/calibration/apply', {
      version: view.version,
      proposal: reviewed(view),
    });
    expect(applied.ok).toBe(true);
    expect(applied.data!.version).toBe(view.version + 1);
    // THEN the new version carries the changed points and keeps the old model restorable
    const settings = await h.card<{
      version: number;
      settings: { scoring: typeof DEFAULT_SCORING_MODEL; previousScoring?: { version: number } };
    }>('GET', '/api/settings');
    const points = (id: string) =>
      [
        ...settings.data!.settings.scoring.fit.groups,
        ...settings.data!.settings.scoring.engagement.groups,
      ]
        .flatMap((group) => group.rules)
        .find((rule) => rule.id === id)?.points;
    for (const change of view.calibration.proposal.rules)
      expect(points(change.ruleId)).toBe(change.to);
    expect(settings.data!.settings.previousScoring?.version).toBe(view.version);

    // AND recalibrating the same history proposes none of the applied changes again
    const again = await h.card<CalibrationView>('GET', '/api/settings/calibration');
    const repeated = again.data!.calibration.proposal.rules.filter((change) =>
      view.calibration.proposal.rules.some(
        (before) =>
          before.ruleId === change.ruleId &&
          Math.sign(before.to - before.from) === Math.sign(change.to - change.from),
      ),
    );
    expect(repeated).toEqual([]);
    expect(again.data!.previous?.version).toBe(view.version);

    // WHEN a stale version restores THEN it is a conflict; with the current one the model returns
    const stale = await h.card('POST', '/api/settings/calibration/restore', {
      version: view.version,
    });
    expect(stale.error?.code).toBe('conflict');
    const restored = await h.card<CalibrationWriteView>(
      'POST',
      '/api/settings/calibration/restore',
      {
        version: again.data!.version,
      },
    );
    expect(restored.ok).toBe(true);
    const after = await h.card<{ settings: { scoring: unknown } }>('GET', '/api/settings');
    expect(after.data!.settings.scoring).toEqual(DEFAULT_SCORING_MODEL);
  });

  it('names the field of a malformed Apply', async () => {
    const answer = await h.card('POST', '/api/settings/calibration/apply', { version: 'x' });
    expect(answer.error?.code).toBe('validation_failed');
    expect(answer.error?.fields?.map((field) => field.path)).toEqual(
      expect.arrayContaining(['version', 'proposal']),
    );
  });

  it('records the score, grade and rule points of a hand-off made through the card API', async () => {
    const portal = h.portal.registry.get(h.demoPortalId)!;
    const lead = h.seed.contactIds.find(
      (id) => portal.getObject('contacts', id)?.properties.lifecyclestage === 'lead',
    )!;
    const answer = await h.card('POST', `/api/contacts/${lead}/hand-off`, {
      salesOwner: { mode: 'explicit', ownerId: h.seed.salesOwnerIds[0] },
    });
    expect(answer.ok).toBe(true);
    const history = parseLoopHistory(
      portal.getObject('contacts', lead)!.properties[CONTACT_PROPERTIES.loopHistory.name],
    );
    const handOff = history.at(-1)!;
    expect(handOff.kind).toBe('handoff');
    expect(handOff.grade).toMatch(/^[ABC][123]$/);
    expect(typeof handOff.score).toBe('number');
    expect(handOff.rules).toBeDefined();
  });
});

describe('loop analytics from the history', () => {
  it('counts the funnel, loops, re-hand-offs and competitors over the period', async () => {
    const answer = await h.card<LoopAnalytics>('GET', '/api/analytics/loop?weeks=52');
    expect(answer.ok).toBe(true);
    const data = answer.data!;
    expect(data.funnel.map((step) => step.stage)).toEqual([
      'lead',
      'mql',
      'sql',
      'opportunity',
      'customer',
    ]);
    const sql = data.funnel.find((step) => step.stage === 'sql')!;
    expect(sql.count).toBeGreaterThan(100);
    expect(sql.conversion).not.toBeNull();
    expect(sql.records[0]).toMatchObject({ objectTypeId: '0-1' });
    expect(data.byLoop[0]!.handOffs).toBeGreaterThan(data.byLoop[1]!.handOffs);
    expect(data.byLoop[1]!.handOffs).toBeGreaterThan(0);
    expect(data.reHandOff.count).toBeGreaterThan(0);
    expect(data.returnsByReason[0]!.reason).toBe('no_budget');
    expect(data.winRateByCompetitor.length).toBeGreaterThan(2);
    expect(data.winRateByCompetitor[0]!.records[0]).toMatchObject({ objectTypeId: '0-3' });

    // A shorter period counts fewer hand-offs: the period is honoured.
    const short = await h.card<LoopAnalytics>('GET', '/api/analytics/loop?weeks=4');
    expect(short.data!.funnel[2]!.count).toBeLessThan(sql.count);
    const shortReturns = short.data!.returnsByReason.reduce((sum, row) => sum + row.count, 0);
    const allReturns = data.returnsByReason.reduce((sum, row) => sum + row.count, 0);
    expect(shortReturns).toBeLessThan(allReturns);
  });
});
