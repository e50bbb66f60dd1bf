// Closed deals offer no return and no re-qualification (view, card API and workflow action say the
// same), and check-qualification tells "never assessed" from "not qualified" and reports the
// gate of the deal's next stage — against the local portal.
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
const portal = () => h.portal.registry.get(h.demoPortalId)!;
const dealOf = (id: string) => portal().getObject('deals', id)!;
const used = new Set<string>();
function openDeal(): string {
  const id = h.seed.dealIds.find((candidate) => {
    const p = dealOf(candidate).properties;
    return (
      !used.has(candidate) &&
      p.hubspot_owner_id &&
      p.pipeline === 'default' &&
      p.dealstage !== 'closedwon' &&
      p.dealstage !== 'closedlost' &&
      !p.op_assessment
    );
  });
  if (!id) throw new Error('the seed has too few open deals');
  used.add(id);
  portal().updateObject('deals', id, { dealstage: 'appointmentscheduled' }, { trusted: true });
  return id;
}

async function checkQualification(dealId: string, callbackId: string) {
  const answer = await h.portal.appCaller.callWorkflowAction({
    actionUrl: '/hubspot/actions/check-qualification',
    portalId: h.demoPortalId,
    actionDefinitionId: 14,
    workflowId: 90,
    callbackId,
    object: { objectId: Number(dealId), objectType: 'DEAL' },
  });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body).outputFields as Record<string, unknown>;
}

const weakAnswers = ['real_opportunity', 'competitive_position', 'good_deal', 'can_win'].map(
  (question) => ({ question, value: 1, evidence: 'nothing confirmed' }),
);

beforeAll(async () => {
  h = await startHarness();
  expect(await h.install(h.demoPortalId)).toMatch(/^200/);
  // GIVEN the stage after appointmentscheduled needs a qualified deal and 80 % of the plan
  const current = await h.card<{ version: number; settings: Record<string, unknown> }>(
    'GET',
    '/api/settings',
  );
  const saved = await h.card('PUT', '/api/settings', {
    version: current.data!.version,
    settings: {
      ...current.data!.settings,
      stageGates: [{ stageId: 'qualifiedtobuy', minCompleteness: 80, requireQualified: true }],
    },
  });
  expect(saved.ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('check-qualification', () => {
  it('reports a deal never assessed as never_assessed, with the next stage’s gate', async () => {
    const dealId = openDeal();
    const output = await checkQualification(dealId, 'cb-never');
    expect(output).toMatchObject({
      hs_execution_state: 'SUCCESS',
      verdict: 'never_assessed',
      assessed: false,
      next_stage_id: 'qualifiedtobuy',
      next_stage_allowed: false,
    });
    expect(output.next_stage_missing).toContain('has not been qualified yet');
    expect(output.next_stage_missing).toContain('needs 80 %');
  });

  it('reports an assessed, weak deal as not_qualified', async () => {
    const dealId = openDeal();
    const answer = await h.card('POST', `/api/deals/${dealId}/assessments`, {
      answers: weakAnswers,
      expectedDecisionDate: '2027-06-30',
    });
    expect(answer.ok).toBe(true);
    const output = await checkQualification(dealId, 'cb-weak');
    expect(output).toMatchObject({ verdict: 'not_qualified', assessed: true });
    expect(output.next_stage_missing).toContain('the latest verdict is');
  });
});

describe('closed deals', () => {
  it('say so in the plan view, and refuse return and re-qualification', async () => {
    const dealId = openDeal();
    const open = await h.card<Record<string, unknown>>('GET', `/api/deals/${dealId}/plan`);
    expect(open.data).toMatchObject({
      closed: null,
      canReturn: true,
      canRequalify: true,
      dealUrl: `https://app.hubspot.com/contacts/${h.demoPortalId}/record/0-3/${dealId}`,
    });
    expect(typeof open.data!.ownerName).toBe('string');

    portal().updateObject('deals', dealId, { dealstage: 'closedwon' }, {});
    const closed = await h.card<{
      closed: string | null;
      canReturn: boolean;
      canRequalify: boolean;
      assessment: { requalification: { due: boolean } };
    }>('GET', `/api/deals/${dealId}/plan`);
    expect(closed.data).toMatchObject({ closed: 'won', canReturn: false, canRequalify: false });
    // Never assessed, but closed: nothing is due ("At risk" banners have nothing to say)
    expect(closed.data!.assessment.requalification.due).toBe(false);

    const returned = await h.card('POST', `/api/deals/${dealId}/return-to-marketing`, {
      reason: 'no_budget',
    });
    expect(returned).toMatchObject({
      ok: false,
      error: { code: 'rejected', fields: [{ path: 'deal_closed' }] },
    });
    expect(dealOf(dealId).properties.dealstage).toBe('closedwon');

    const assessed = await h.card('POST', `/api/deals/${dealId}/assessments`, {
      answers: weakAnswers,
      expectedDecisionDate: '2027-06-30',
    });
    expect(assessed).toMatchObject({ ok: false, error: { code: 'rejected' } });
    const output = await checkQualification(dealId, 'cb-closed');
    expect(output).toMatchObject({ requalification_due: false });
  });
});
