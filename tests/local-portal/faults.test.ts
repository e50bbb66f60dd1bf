import express from 'express';
import request from 'supertest';
import { createCounters, toRouteTemplate } from '../../src/local-portal/counters.ts';
import { createFaults } from '../../src/local-portal/faults.ts';

function buildApp(faults = createFaults(), counters = createCounters()) {
  const app = express();
  app.use(counters.middleware);
  app.use(faults.middleware);
  app.use((req, res, next) => {
    res.locals.portalId = Number(req.header('x-portal') ?? 1);
    next();
  });
  app.all('/*path', (_req, res) => {
    res.json({ ok: true });
  });
  return { app, faults, counters };
}

describe('fault injection', () => {
  it('draws the same outcomes from the same seed', () => {
    const faults = createFaults({
      seed: 9,
      rules: [{ pathPrefix: '/crm', rate500: 0.3, rate429: 0.2 }],
    });
    const first = Array.from({ length: 50 }, () => faults.decide('GET', '/crm/v3/x').outcome);
    faults.configure(faults.current());
    const second = Array.from({ length: 50 }, () => faults.decide('GET', '/crm/v3/x').outcome);
    expect(second).toEqual(first);
    expect(first).toContain('500');
    expect(first).toContain('429');
    expect(first).toContain('pass');
  });

  it('applies a rule only to its path prefix and method', () => {
    const faults = createFaults({
      rules: [{ pathPrefix: '/crm/v3/objects/deals', method: 'post', rate502: 1 }],
    });
    expect(faults.decide('POST', '/crm/v3/objects/deals/batch/read').outcome).toBe('502');
    expect(faults.decide('GET', '/crm/v3/objects/deals').outcome).toBe('pass');
    expect(faults.decide('POST', '/crm/v3/objects/contacts').outcome).toBe('pass');
  });

  it('answers HubSpot-shaped 500s at the configured rate', async () => {
    // GIVEN a 50 % rate of 500s on contacts
    const { app } = buildApp(
      createFaults({ seed: 3, rules: [{ pathPrefix: '/crm/v3/objects/contacts', rate500: 0.5 }] }),
    );
    // WHEN 40 calls are made
    const responses: Array<{ status: number; body: unknown }> = [];
    for (let call = 0; call < 40; call += 1) {
      const response = await request(app).get('/crm/v3/objects/contacts');
      responses.push({ status: response.status, body: response.body });
    }
    // THEN roughly half fail (deterministically for this seed) with HubSpot's body, the rest pass
    const failures = responses.filter((response) => response.status === 500);
    expect(failures.length).toBeGreaterThan(10);
    expect(failures.length).toBeLessThan(30);
    expect(failures[0]!.body).toMatchObject({ status: 'error', category: 'INTERNAL_ERROR' });
    const passes = responses.filter((response) => response.status !== 500);
    expect(passes.every((response) => response.status === 200)).toBe(true);
  });

  it('answers an injected 429 with HubSpot’s ten-second body', async () => {
    const { app } = buildApp(createFaults({ rules: [{ rate429: 1 }] }));
    const response = await request(app).get('/crm/v3/objects/deals');
    expect(response.status).toBe(429);
    expect(response.body).toMatchObject({
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
  });

  it('drops the connection for a timeout fault', async () => {
    const { app, counters } = buildApp(
      createFaults({ timeoutMs: 20, rules: [{ rateTimeout: 1 }] }),
    );
    await expect(request(app).get('/crm/v3/objects/deals')).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(counters.snapshot().byStatus).toEqual({ '0': 1 });
  });

  it('carries a request out, then resets the connection instead of its 2xx answer', async () => {
    // GIVEN a route that records what it did, and a reset-after-success fault on POSTs only
    const applied: string[] = [];
    const app = express();
    app.use(createFaults({ rules: [{ method: 'POST', rateResetAfterSuccess: 1 }] }).middleware);
    app.post('/crm/v3/objects/deals', (_req, res) => {
      applied.push('created');
      res.status(201).json({ id: '1' });
    });
    app.post('/crm/v3/objects/notes', (_req, res) => {
      res.status(400).json({ message: 'bad' });
    });
    // WHEN a create is sent THEN the client sees no answer, though the create happened
    await expect(request(app).post('/crm/v3/objects/deals').send({})).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    expect(applied).toEqual(['created']);
    // AND a failing answer is still delivered
    expect((await request(app).post('/crm/v3/objects/notes').send({})).status).toBe(400);
  });

  it('delays answers by the configured latency', async () => {
    const { app } = buildApp(createFaults({ rules: [{ latencyMs: 30 }] }));
    const response = await request(app).get('/crm/v3/objects/deals');
    expect(response.status).toBe(200);
  });
});

describe('call counters', () => {
  it('count by method, route template, path, portal and status, and reset', async () => {
    const { app, counters } = buildApp();
    await request(app).get('/crm/v3/objects/contacts/101').set('x-portal', '1');
    await request(app).get('/crm/v3/objects/contacts/102').set('x-portal', '1');
    await request(app).post('/crm/v3/objects/contacts/batch/read').set('x-portal', '2');
    const snapshot = counters.snapshot();
    expect(snapshot.total).toBe(3);
    expect(snapshot.byMethod).toEqual({ GET: 2, POST: 1 });
    expect(snapshot.byRoute).toEqual({
      'GET /crm/v3/objects/contacts/{id}': 2,
      'POST /crm/v3/objects/contacts/batch/read': 1,
    });
    expect(snapshot.byPath['GET /crm/v3/objects/contacts/101']).toBe(1);
    expect(snapshot.byPortal).toEqual({ '1': 2, '2': 1 });
    expect(snapshot.byPortalRoute['1 GET /crm/v3/objects/contacts/{id}']).toBe(2);
    expect(snapshot.byStatus).toEqual({ '200': 3 });
    expect(snapshot.byStatusRoute).toEqual({
      '200 GET /crm/v3/objects/contacts/{id}': 2,
      '200 POST /crm/v3/objects/contacts/batch/read': 1,
    });
    counters.reset();
    expect(counters.snapshot().total).toBe(0);
  });

  it('turn numeric segments into {id}', () => {
    expect(toRouteTemplate('/crm/v4/objects/deals/5/associations/contacts/7')).toBe(
      '/crm/v4/objects/deals/{id}/associations/contacts/{id}',
    );
  });
});
