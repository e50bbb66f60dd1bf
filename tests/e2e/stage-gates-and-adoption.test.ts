// Stage gates on HubSpot's side and adopting existing deals (issue 15 items 2 and 5), end to end:
// the local portal (HubSpot's stand-in) delivers the real `dealstage` webhooks to the backend
// wired as `npm start` wires it; no browser is needed, the card API is called as a card calls it.
import { readFileSync } from 'node:fs';
import { readWebhookSubscriptions } from '../../src/local-portal/config.ts';
import type { PortalState } from '../../src/local-portal/state.ts';
import { startStack, type Stack } from './stack.ts';

jest.setTimeout(120_000);

let stack: Stack;
let portal: PortalState;

beforeAll(async () => {
  stack = await startStack({
    webhookSubscriptions: readWebhookSubscriptions(
      readFileSync('extensions/app/webhooks/webhooks-hsmeta.json', 'utf8'),
    ),
  });
  portal = stack.portal.registry.ensure(stack.portal.demoPortalId);
});

afterAll(async () => {
  await stack?.close();
});

/** The default pipeline's open stages in board order. */
function openStages() {
  const pipeline = portal.listPipelines('deals')[0]!;
  return [...pipeline.stages]
    .filter((stage) => stage.metadata.isClosed !== 'true')
    .sort((a, b) => a.displayOrder - b.displayOrder);
}

async function setGate(mode: 'enforce' | 'warn', stageId: string): Promise<void> {
  const current = await stack.card<{ version: number; settings: Record<string, unknown> }>(
    'GET',
    '/api/settings',
  );
  const saved = await stack.card('PUT', '/api/settings', {
    version: current.data!.version,
    settings: {
      ...current.data!.settings,
      stageGates: [{ stageId, minCompleteness: 0, requiredItems: ['keyPeople.champion'], mode }],
    },
  });
  expect(saved.ok).toBe(true);
}

function tasksOf(dealId: string) {
  return portal
    .listObjects('tasks')
    .filter((task) =>
      portal.listAssociations('tasks', task.id, 'deals').some((a) => a.toObjectId === dealId),
    );
}

function newDeal(stageId: string, name: string): string {
  const owner = stack.seed.salesOwnerIds[0]!;
  return portal.createObject('deals', {
    dealname: name,
    pipeline: portal.listPipelines('deals')[0]!.id,
    dealstage: stageId,
    hubspot_owner_id: owner,
  }).id;
}

describe('stage gates where deals move', () => {
  it('moves a deal pushed into a gated stage it fails back, with a task naming what is missing', async () => {
    const [from, gated] = openStages();
    await setGate('enforce', gated!.id);
    const dealId = newDeal(from!.id, 'Gate test – enforce');
    await stack.portal.appCaller.flushWebhooks();
    // WHEN the deal is moved by API into the gated stage without a champion
    portal.updateObject('deals', dealId, { dealstage: gated!.id });
    const delivery = await stack.portal.appCaller.flushWebhooks();
    expect(delivery.failed).toBe(0);
    // THEN it is back in the stage it came from
    expect(portal.getObject('deals', dealId)!.properties.dealstage).toBe(from!.id);
    // AND its owner has one task that names the missing item
    const tasks = tasksOf(dealId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.properties.hubspot_owner_id).toBe(stack.seed.salesOwnerIds[0]);
    expect(tasks[0]!.properties.hs_task_body).toContain('Champion known');
    expect(tasks[0]!.properties.hs_task_subject).toContain('moved back');
    // AND the product's own move-back (its webhook delivered too) did not act again
    await stack.portal.appCaller.flushWebhooks();
    expect(tasksOf(dealId)).toHaveLength(1);
    expect(portal.getObject('deals', dealId)!.properties.dealstage).toBe(from!.id);
  });

  it('moves a deal PATCHed through the CRM API into a gated stage back within 10 s, webhooks delivered on their own', async () => {
    const [from, gated] = openStages();
    await setGate('enforce', gated!.id);
    const dealId = newDeal(from!.id, 'Gate test – moved by API');
    await stack.portal.appCaller.flushWebhooks();
    const { access_token: token } = stack.portal.oauth.issueTokens({
      portalId: stack.portal.demoPortalId,
    });
    stack.portal.appCaller.setAutoDeliver(true);
    try {
      // WHEN an integration moves the deal with HubSpot's CRM API
      const patched = await fetch(`${stack.portalUrl}/crm/objects/2026-09/deals/${dealId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { dealstage: gated!.id } }),
      });
      expect(patched.status).toBe(200);
      // THEN it is back in its stage within 10 s: a bounded poll (100 × 100 ms), no clock read
      let stage = portal.getObject('deals', dealId)!.properties.dealstage;
      for (
        let poll = 0;
        poll < 100 && !(stage === from!.id && tasksOf(dealId).length > 0);
        poll++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stage = portal.getObject('deals', dealId)!.properties.dealstage;
      }
      expect(stage).toBe(from!.id);
      expect(tasksOf(dealId)).toHaveLength(1);
    } finally {
      stack.portal.appCaller.setAutoDeliver(false);
      await stack.portal.appCaller.flushWebhooks();
    }
  });

  it('leaves the deal in the stage in warn mode and still creates the task', async () => {
    const [from, gated] = openStages();
    await setGate('warn', gated!.id);
    const dealId = newDeal(from!.id, 'Gate test – warn');
    await stack.portal.appCaller.flushWebhooks();
    portal.updateObject('deals', dealId, { dealstage: gated!.id });
    expect((await stack.portal.appCaller.flushWebhooks()).failed).toBe(0);
    expect(portal.getObject('deals', dealId)!.properties.dealstage).toBe(gated!.id);
    const tasks = tasksOf(dealId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.properties.hs_task_body).toContain('Champion known');
  });

  it('the card offers the next stage with its gate, and refuses the move while it fails', async () => {
    const [from, gated] = openStages();
    await setGate('enforce', gated!.id);
    const dealId = newDeal(from!.id, 'Gate test – card');
    await stack.portal.appCaller.flushWebhooks();
    const plan = await stack.card<{
      nextStage: { stageId: string } | null;
      stageGate: { allowed: boolean } | null;
      stagePath: { stageId: string; status: string }[];
    }>('GET', `/api/deals/${dealId}/plan`);
    expect(plan.data!.nextStage?.stageId).toBe(gated!.id);
    expect(plan.data!.stageGate?.allowed).toBe(false);
    expect(plan.data!.stagePath.find((step) => step.stageId === gated!.id)?.status).toBe('blocked');
    const moved = await stack.card('POST', `/api/deals/${dealId}/move-to-next-stage`, {
      fromStageId: from!.id,
      toStageId: gated!.id,
    });
    expect(moved.ok).toBe(false);
    expect(portal.getObject('deals', dealId)!.properties.dealstage).toBe(from!.id);
  });
});

describe('hand-off adopts a deal made in HubSpot', () => {
  it('lists the open deal, adopts it instead of creating one, and a return handles it as its own', async () => {
    // GIVEN a lead with an open deal created directly in HubSpot
    const contact = portal
      .listObjects('contacts')
      .find(
        (record) =>
          ['lead', 'marketingqualifiedlead'].includes(record.properties.lifecyclestage ?? '') &&
          portal.listAssociations('contacts', record.id, 'deals').length === 0,
      )!;
    const [stage] = openStages();
    const dealId = newDeal(stage!.id, 'Made in HubSpot');
    portal.associate('deals', dealId, 'contacts', contact.id, 'default');
    await stack.portal.appCaller.flushWebhooks();
    const dealsBefore = portal.listObjects('deals').length;
    const qualification = await stack.card<{ openDeals: { dealId: string }[] }>(
      'GET',
      `/api/contacts/${contact.id}/qualification`,
    );
    expect(qualification.data!.openDeals.map((deal) => deal.dealId)).toContain(dealId);
    // WHEN the seller hands off adopting it
    const handed = await stack.card<{ dealId: string; adopted: boolean }>(
      'POST',
      `/api/contacts/${contact.id}/hand-off`,
      {
        operationId: 'adopt-e2e-0001',
        salesOwner: { mode: 'explicit', ownerId: stack.seed.salesOwnerIds[1] },
        existingDeal: { mode: 'adopt', dealId },
      },
    );
    // THEN no second deal exists, the adopted one is the loop's deal with the sales owner
    expect(handed.ok).toBe(true);
    expect(handed.data).toMatchObject({ dealId, adopted: true });
    expect(portal.listObjects('deals')).toHaveLength(dealsBefore);
    expect(portal.getObject('deals', dealId)!.properties.hubspot_owner_id).toBe(
      stack.seed.salesOwnerIds[1],
    );
    // AND a return from the deal returns this contact, like a deal the product opened
    const returned = await stack.card<{ contactIds: string[]; loopCount: number }>(
      'POST',
      `/api/deals/${dealId}/return-to-marketing`,
      { operationId: 'adopt-e2e-return-1', reason: 'no_budget' },
    );
    expect(returned.ok).toBe(true);
    expect(returned.data!.contactIds).toEqual([contact.id]);
    expect(portal.getObject('deals', dealId)!.properties.op_loop_count).toBe('1');
  });
});
