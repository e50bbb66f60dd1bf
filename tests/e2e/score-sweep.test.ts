// Issue 15's done-when for scores, through the real backend and the app's own webhook
// subscriptions against the local portal: a rule on a property no webhook covers changes the
// stored score within one sweep; after a model change every stored score matches the card once the
// rescore ends; bulk and sweep promote to MQL. (No browser: no card text is asserted here.)
import { readFileSync } from 'node:fs';
import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import { readWebhookSubscriptions } from '../../src/local-portal/config.ts';
import { startStack, type Stack } from './stack.ts';

const subscriptions = () =>
  readWebhookSubscriptions(readFileSync('extensions/app/webhooks/webhooks-hsmeta.json', 'utf8'));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ webhookSubscriptions: subscriptions() });
});
afterAll(async () => stack?.close());

const state = () => stack.portal.registry.ensure(stack.portal.demoPortalId);
const stored = (id: string) =>
  Number(state().getObject('contacts', id)!.properties[CONTACT_PROPERTIES.totalScore.name]);
const cardScore = async (id: string) =>
  (await stack.card<{ score: { total: number } }>('GET', `/api/contacts/${id}/qualification`)).data!
    .score.total;
const MQL = {
  jobtitle: 'CEO',
  numemployees: '1000+',
  country: 'Germany',
  industry: 'COMPUTER_SOFTWARE',
  annualrevenue: '50000000',
};

async function rescoreToEnd(): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const progress = (await stack.card<{ status: string } | null>('GET', '/api/rescore')).data;
    if (progress?.status === 'completed') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the rescore did not end');
}

describe('scores in HubSpot stay current', () => {
  it('keeps every stored score equal to the card through a model change, a city edit and sweeps', async () => {
    // GIVEN a lead good enough for MQL that nothing has scored yet
    const lead = state().createObject('contacts', {
      email: 'e2e-mql@example.com',
      lifecyclestage: 'lead',
      ...MQL,
    }).id;
    // WHEN the admin adds a rule on `city` (no webhook subscription covers it)
    const current = await stack.card<{ version: number; settings: Record<string, unknown> }>(
      'GET',
      '/api/settings',
    );
    const settings = current.data!.settings as {
      scoring: { fit: { groups: { rules: unknown[] }[] } };
    };
    settings.scoring.fit.groups[0]!.rules.push({
      id: 'city-hamburg',
      label: { en: 'City Hamburg', de: 'Stadt Hamburg' },
      property: 'city',
      operator: 'eq',
      value: 'Hamburg',
      points: 15,
    });
    const saved = await stack.card('PUT', '/api/settings', {
      version: current.data!.version,
      settings,
    });
    expect(saved.ok).toBe(true);
    // THEN the model change starts the full rescore; once it ends every stored score is the card's
    await rescoreToEnd();
    for (const record of state().listObjects('contacts'))
      expect(stored(record.id)).toBe(await cardScore(record.id));
    // AND the bulk rescore promoted the lead to MQL
    expect(state().getObject('contacts', lead)!.properties.lifecyclestage).toBe(
      'marketingqualifiedlead',
    );
    // WHEN a contact's city changes in HubSpot and one sweep runs
    const someone = state().listObjects('contacts')[1]!.id;
    const before = stored(someone);
    state().updateObject('contacts', someone, { city: 'Hamburg' });
    // AND a lead crosses the MQL threshold by an edit no webhook reports
    const quiet = state().createObject('contacts', {
      email: 'e2e-quiet@example.com',
      lifecyclestage: 'lead',
    }).id;
    state().updateObject('contacts', quiet, MQL);
    const run = await stack.backend.runScoreSweep(stack.portal.demoPortalId);
    // THEN the stored score carries the city rule, matching the card, and the sweep promoted
    expect(run).toMatchObject({ ran: true });
    // (the rule's group has a cap, so the points may be scaled: the reason says the rule counted)
    expect(
      state().getObject('contacts', someone)!.properties[CONTACT_PROPERTIES.topReasons.name],
    ).toContain('City Hamburg');
    expect(stored(someone)).toBeGreaterThanOrEqual(before);
    expect(stored(someone)).toBe(await cardScore(someone));
    expect(state().getObject('contacts', quiet)!.properties.lifecyclestage).toBe(
      'marketingqualifiedlead',
    );
  });
});
