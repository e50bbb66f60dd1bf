// The daily re-qualification sweep against the local portal: one HubSpot task per deal and due
// period for the deal's owner, in the owner's language, never a second for the same period, a new
// one for the next period, none once answered, none for closed deals; and op_requalify_by kept
// current after a stage change (the webhook path's refresh).
import { DEAL_PROPERTIES } from '../../src/domain/properties.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { refreshRequalifyBy } from '../../src/server/handlers/requalification.ts';
import type { HandlerContext } from '../../src/server/handlers/context.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { startHarness, type Harness } from './harness.ts';

const DAY_MS = 86_400_000;
let h: Harness;
/** The backend's and the portal's clock run `offset` ms ahead: the test moves time, never waits. */
let offset = 0;

const portal = () => h.portal.registry.get(h.demoPortalId)!;
const dealOf = (id: string) => portal().getObject('deals', id)!;
const tasksOf = (dealId: string) =>
  portal()
    .listAssociations('deals', dealId, 'tasks')
    .map((association) => portal().getObject('tasks', association.toObjectId)!);

const answers = ['real_opportunity', 'competitive_position', 'good_deal', 'can_win'].map(
  (question) => ({ question, value: 4, evidence: 'seen in the workshop' }),
);

/** An open seeded deal with an owner, not used by another test of this file. */
const used = new Set<string>();
function openDeal(): string {
  const id = h.seed.dealIds.find((candidate) => {
    const p = dealOf(candidate).properties;
    return (
      !used.has(candidate) &&
      p.hubspot_owner_id &&
      p.dealname &&
      p.dealstage !== 'closedwon' &&
      p.dealstage !== 'closedlost'
    );
  });
  if (!id) throw new Error('the seed has too few open deals');
  used.add(id);
  return id;
}

async function assess(dealId: string): Promise<void> {
  const answer = await h.card('POST', `/api/deals/${dealId}/assessments`, {
    answers,
    expectedDecisionDate: '2027-06-30',
  });
  expect(answer.ok).toBe(true);
}

beforeAll(async () => {
  h = await startHarness({
    portalClock: () => Date.now() + offset,
    overrides: { now: () => Date.now() + offset },
  });
  expect(await h.install(h.demoPortalId)).toMatch(/^200/);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  offset = 0;
});

describe('re-qualification sweep', () => {
  it('gives the owner one task per due period, in their language, and none once answered', async () => {
    const dealId = openDeal();
    const ownerId = dealOf(dealId).properties.hubspot_owner_id!;
    // GIVEN the owner reads German
    const current = await h.card<{ version: number; settings: Record<string, unknown> }>(
      'GET',
      '/api/settings',
    );
    const settings = current.data!.settings as { lifecycle: Record<string, unknown> };
    const saved = await h.card('PUT', '/api/settings', {
      version: current.data!.version,
      settings: {
        ...settings,
        lifecycle: { ...settings.lifecycle, ownerLanguages: { byOwner: { [ownerId]: 'de' } } },
      },
    });
    expect(saved.ok).toBe(true);
    await assess(dealId);

    // Not due yet: no task
    let swept = await h.backend.runRequalificationSweep(h.demoPortalId);
    expect(tasksOf(dealId)).toHaveLength(0);

    // WHEN the assessment is 31 days old
    offset = 31 * DAY_MS;
    swept = await h.backend.runRequalificationSweep(h.demoPortalId);
    expect(swept.tasksCreated).toBeGreaterThanOrEqual(1);
    const tasks = tasksOf(dealId);
    expect(tasks).toHaveLength(1);
    const name = dealOf(dealId).properties.dealname!;
    expect(tasks[0]!.properties).toMatchObject({
      hubspot_owner_id: ownerId,
      hs_task_subject: `Deal „${name}“ neu qualifizieren`,
      hs_task_status: 'NOT_STARTED',
    });
    expect(tasks[0]!.properties.hs_task_body).toContain('zur Neuqualifizierung fällig');
    expect(tasks[0]!.properties.hs_timestamp).toBeTruthy();

    // AND a second sweep the same day, or the next day, creates none
    await h.backend.runRequalificationSweep(h.demoPortalId);
    offset = 32 * DAY_MS;
    await h.backend.runRequalificationSweep(h.demoPortalId);
    expect(tasksOf(dealId)).toHaveLength(1);

    // WHEN the next period starts unanswered (another 30 days), one more task
    offset = 61 * DAY_MS;
    await h.backend.runRequalificationSweep(h.demoPortalId);
    expect(tasksOf(dealId)).toHaveLength(2);

    // WHEN the seller answers, nothing is due and no task follows
    await assess(dealId);
    offset = 62 * DAY_MS;
    await h.backend.runRequalificationSweep(h.demoPortalId);
    expect(tasksOf(dealId)).toHaveLength(2);
  });

  it('stops for closed deals: no task, op_requalify_by cleared', async () => {
    const dealId = openDeal();
    await assess(dealId);
    expect(dealOf(dealId).properties[DEAL_PROPERTIES.requalifyBy.name]).toBeTruthy();
    portal().updateObject('deals', dealId, { dealstage: 'closedwon' }, { trusted: true });
    offset = 40 * DAY_MS;
    const swept = await h.backend.runRequalificationSweep(h.demoPortalId);
    expect(swept.closedCleared).toBeGreaterThanOrEqual(1);
    expect(tasksOf(dealId)).toHaveLength(0);
    expect(dealOf(dealId).properties[DEAL_PROPERTIES.requalifyBy.name] ?? '').toBe('');
  });

  it('keeps op_requalify_by current after a stage change', async () => {
    const dealId = openDeal();
    await assess(dealId);
    const assessedDay = new Date(Date.now()).toISOString().slice(0, 10);
    offset = 3 * DAY_MS;
    const changedAt = Date.now() + offset;
    const ctx: HandlerContext = {
      portalId: h.demoPortalId,
      userId: 'system',
      gateway: h.backend.gatewayFor(h.demoPortalId),
      store: h.backend.store,
      settings: DEFAULT_SETTINGS,
      now: new Date(changedAt),
      logger: createLogger('silent'),
      listOwners: async () => [],
    };
    // The day it was assessed plus 30 days, before the stage change
    expect(
      (dealOf(dealId).properties[DEAL_PROPERTIES.requalifyBy.name] ?? '').slice(0, 10) >
        assessedDay,
    ).toBe(true);
    portal().updateObject('deals', dealId, { dealstage: 'presentationscheduled' }, {});
    const refreshed = await refreshRequalifyBy(ctx, dealId, 'open', changedAt);
    expect(refreshed).toEqual({
      requalifyBy: new Date(changedAt).toISOString().slice(0, 10),
      changed: true,
    });
    // Redelivered: the same value, no write
    expect(await refreshRequalifyBy(ctx, dealId, 'open', changedAt)).toMatchObject({
      changed: false,
    });
    // Closed: cleared
    expect(await refreshRequalifyBy(ctx, dealId, 'won', changedAt)).toEqual({
      requalifyBy: '',
      changed: true,
    });
  });
});
