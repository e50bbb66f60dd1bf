// Admin validation rules on CRM writes, answered as HubSpot 2026-09 does: 400 VALIDATION_ERROR with
// the rule's message and the property in errors[].in / context; batches fail as a whole.
import request from 'supertest';
import { createManualClock } from '../../src/local-portal/clock.ts';
import { parseLocalPortalConfig } from '../../src/local-portal/config.ts';
import { createLocalPortal } from '../../src/local-portal/server.ts';
import type { ValidationRuleInput } from '../../src/local-portal/validation-rules.ts';

function setUp(rules: ValidationRuleInput[] = []) {
  const clock = createManualClock();
  const portal = createLocalPortal({ clock: clock.now });
  portal.validationRules.set(portal.demoPortalId, rules);
  const token = portal.oauth.issueTokens({ portalId: portal.demoPortalId }).access_token;
  return { portal, auth: { authorization: `Bearer ${token}` } };
}

describe('admin validation rules on writes', () => {
  it.each([
    [{ ruleType: 'MAX_LENGTH', ruleArguments: ['5'] }, 'toolong', 'short'],
    [{ ruleType: 'MIN_LENGTH', ruleArguments: ['3'] }, 'ab', 'abc'],
    [{ ruleType: 'REGEX', ruleArguments: ['^[A-Z]{2}-\\d+$'] }, 'ab-1', 'AB-12'],
    [{ ruleType: 'ALPHANUMERIC', ruleArguments: ['NUMERIC_ONLY'] }, '12a', '0042'],
  ] as const)(
    'refuses a jobtitle breaking %j and takes one that keeps it',
    async (rule, bad, good) => {
      const { portal, auth } = setUp([
        {
          objectType: 'contacts',
          propertyName: 'jobtitle',
          ...rule,
          ruleArguments: [...rule.ruleArguments],
        },
      ]);
      const refused = await request(portal.app)
        .post('/crm/v3/objects/contacts')
        .set(auth)
        .send({ properties: { jobtitle: bad } });
      expect(refused.status).toBe(400);
      expect(refused.body.category).toBe('VALIDATION_ERROR');
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          code: 'VALIDATION_RULE_VIOLATION',
          in: 'jobtitle',
          context: { propertyName: ['jobtitle'], ruleType: [rule.ruleType] },
          message: expect.stringContaining('jobtitle'),
        }),
      ]);
      const taken = await request(portal.app)
        .post('/crm/v3/objects/contacts')
        .set(auth)
        .send({ properties: { jobtitle: good } });
      expect(taken.status).toBe(201);
    },
  );

  it('enforces a number range on deals with the admin’s own message', async () => {
    const { portal, auth } = setUp([
      {
        objectType: 'deals',
        propertyName: 'amount',
        ruleType: 'MAX_NUMBER',
        ruleArguments: ['1000000'],
        message: 'Deals above one million need the CFO.',
      },
      { objectType: 'deals', propertyName: 'amount', ruleType: 'MIN_NUMBER', ruleArguments: ['0'] },
    ]);
    const refused = await request(portal.app)
      .post('/crm/v3/objects/deals')
      .set(auth)
      .send({ properties: { dealname: 'Big', amount: '2000000' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toBe('Deals above one million need the CFO.');
    expect(refused.body.message).toContain('Deals above one million need the CFO.');
    const negative = await request(portal.app)
      .post('/crm/v3/objects/deals')
      .set(auth)
      .send({ properties: { dealname: 'Odd', amount: '-5' } });
    expect(negative.body.errors[0].message).toBe('amount must be at least 0.');
  });

  it('requires closedate when a deal moves to closedwon, and leaves other writes alone', async () => {
    const { portal, auth } = setUp([
      {
        objectType: 'deals',
        propertyName: 'closedate',
        ruleType: 'REQUIRED_WHEN',
        ruleArguments: ['dealstage', 'closedwon'],
      },
    ]);
    const deal = await request(portal.app)
      .post('/crm/v3/objects/deals')
      .set(auth)
      .send({ properties: { dealname: 'Gate', dealstage: 'appointmentscheduled' } });
    expect(deal.status).toBe(201);
    const refused = await request(portal.app)
      .patch(`/crm/v3/objects/deals/${deal.body.id}`)
      .set(auth)
      .send({ properties: { dealstage: 'closedwon' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({
      in: 'closedate',
      message: 'closedate is required when dealstage is closedwon.',
    });
    // Nothing of the refused write was applied.
    const read = await request(portal.app)
      .get(`/crm/v3/objects/deals/${deal.body.id}?properties=dealstage`)
      .set(auth);
    expect(read.body.properties.dealstage).toBe('appointmentscheduled');
    const won = await request(portal.app)
      .patch(`/crm/v3/objects/deals/${deal.body.id}`)
      .set(auth)
      .send({ properties: { dealstage: 'closedwon', closedate: '2026-02-01T00:00:00Z' } });
    expect(won.status).toBe(200);
  });

  it('fails a whole batch for one broken input, writing nothing', async () => {
    const { portal, auth } = setUp([
      {
        objectType: 'contacts',
        propertyName: 'firstname',
        ruleType: 'REQUIRED_ON_CREATE',
      },
    ]);
    const response = await request(portal.app)
      .post('/crm/v3/objects/contacts/batch/create')
      .set(auth)
      .send({
        inputs: [
          { properties: { email: 'one@example.com', firstname: 'One' } },
          { properties: { email: 'two@example.com' } },
        ],
      });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ in: 'firstname' });
    expect(
      portal.registry.ensure(portal.demoPortalId).getObject('contacts', 'one@example.com', {
        idProperty: 'email',
      }),
    ).toBeUndefined();
  });

  it('binds only the portal it was set for, and not seeding', async () => {
    const { portal } = setUp([
      {
        objectType: 'contacts',
        propertyName: 'jobtitle',
        ruleType: 'MAX_LENGTH',
        ruleArguments: ['2'],
      },
    ]);
    expect(() =>
      portal.registry.ensure(555).createObject('contacts', { jobtitle: 'long title' }),
    ).not.toThrow();
    expect(() =>
      portal.registry
        .ensure(portal.demoPortalId)
        .createObject('contacts', { jobtitle: 'long title' }, { trusted: true }),
    ).not.toThrow();
  });
});

describe('setting validation rules', () => {
  it('sets and lists a portal’s rules through the control API, naming bad fields', async () => {
    const { portal } = setUp();
    const bad = await request(portal.app)
      .put(`/_local/portals/${portal.demoPortalId}/validation-rules`)
      .send({
        rules: [
          {
            objectType: 'deals',
            propertyName: 'amount',
            ruleType: 'MAX_NUMBER',
            ruleArguments: ['x'],
          },
        ],
      });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('rules.0.ruleArguments');
    const rule = {
      objectType: 'deals',
      propertyName: 'amount',
      ruleType: 'MAX_NUMBER',
      ruleArguments: ['10'],
    };
    const set = await request(portal.app)
      .put(`/_local/portals/${portal.demoPortalId}/validation-rules`)
      .send({ rules: [rule] });
    expect(set.status).toBe(200);
    const listed = await request(portal.app).get(
      `/_local/portals/${portal.demoPortalId}/validation-rules`,
    );
    expect(listed.body).toEqual({ results: [rule] });
  });

  it('seeds rules from createLocalPortal and from LOCAL_PORTAL_VALIDATION_RULES', () => {
    const portal = createLocalPortal({
      validationRules: {
        7: [
          {
            objectType: 'contacts',
            propertyName: 'jobtitle',
            ruleType: 'MAX_LENGTH',
            ruleArguments: ['2'],
          },
        ],
      },
    });
    expect(portal.validationRules.list(7)).toHaveLength(1);
    const config = parseLocalPortalConfig({
      LOCAL_PORTAL_VALIDATION_RULES: JSON.stringify([
        {
          objectType: 'deals',
          propertyName: 'closedate',
          ruleType: 'REQUIRED_WHEN',
          ruleArguments: ['dealstage', 'closedwon'],
        },
        {
          portalId: 9,
          objectType: 'contacts',
          propertyName: 'zip',
          ruleType: 'ALPHANUMERIC',
          ruleArguments: ['NUMERIC_ONLY'],
        },
      ]),
    });
    expect(Object.keys(config.options.validationRules ?? {}).sort()).toEqual(['2026001', '9']);
    expect(() =>
      parseLocalPortalConfig({ LOCAL_PORTAL_VALIDATION_RULES: '[{"objectType":"deals"}]' }),
    ).toThrow(/LOCAL_PORTAL_VALIDATION_RULES\.0\.propertyName/);
  });
});
