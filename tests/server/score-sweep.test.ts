// The incremental score sweep and the one scoring transition, against the local portal through
// the real backend: a rule on an unsubscribed property reaches the stored score within one sweep,
// the sweep and the bulk rescore promote to MQL, the webhook path decides like the card, and a
// sweep that dies mid-run resumes without writing any contact twice.
import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import { SWEEP_STALE_AFTER_MS } from '../../src/jobs/sweep.ts';
import { propertyHistory } from '../../src/local-portal/state/history-log.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
let clock = Date.now();
const advance = (ms: number) => {
  clock += ms;
};

beforeEach(async () => {
  clock = Date.now();
  h = await startHarness({ overrides: { now: () => clock }, portalClock: () => clock });
  expect(await h.install(h.demoPortalId)).toMatch(/^200/);
});
afterEach(async () => {
  await h?.close();
});

const state = () => h.portal.registry.get(h.demoPortalId)!;
const contact = (id: string) => state().getObject('contacts', id)!;
const stored = (id: string) => contact(id).properties[CONTACT_PROPERTIES.totalScore.name];
/** How often the contact's score was written (each write sets op_scored_at). */
const scoreWrites = (id: string) =>
  propertyHistory(contact(id).history, CONTACT_PROPERTIES.scoredAt.name).filter(
    (entry) => entry.value,
  ).length;
const cardScore = async (id: string) =>
  (await h.card<{ score: { total: number } }>('GET', `/api/contacts/${id}/qualification`)).data!
    .score.total;

const MQL_PROPERTIES = {
  jobtitle: 'CEO',
  numemployees: '1000+',
  country: 'Germany',
  industry: 'COMPUTER_SOFTWARE',
  annualrevenue: '50000000',
};

async function saveScoringWithCityRule(): Promise<void> {
  const current = await h.card<{ version: number; settings: Record<string, unknown> }>(
    'GET',
    '/api/settings',
  );
  const settings = current.data!.settings as {
    scoring: { fit: { groups: { rules: unknown[] }[] } };
  };
  settings.scoring.fit.groups[0]!.rules.push({
    id: 'city-berlin',
    label: { en: 'City Berlin', de: 'Stadt Berlin' },
    property: 'city',
    operator: 'eq',
    value: 'Berlin',
    points: 20,
  });
  const saved = await h.card('PUT', '/api/settings', {
    version: current.data!.version,
    settings,
  });
  expect(saved.ok).toBe(true);
}

async function rescoreToEnd(): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const progress = (await h.card<{ status: string } | null>('GET', '/api/rescore')).data;
    if (progress?.status === 'completed') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the rescore did not end');
}

describe('the incremental score sweep', () => {
  it('brings a rule on an unsubscribed property (city) into the stored score within one sweep', async () => {
    // GIVEN a model with a rule on `city`, every stored score current after the rescore it starts
    await saveScoringWithCityRule();
    await rescoreToEnd();
    const id = state().listObjects('contacts')[0]!.id;
    const before = Number(stored(id));
    // WHEN the city changes in HubSpot (no webhook covers `city`) and one sweep runs
    advance(1_000);
    state().updateObject('contacts', id, { city: 'Berlin' });
    advance(1_000);
    const run = await h.backend.runScoreSweep(h.demoPortalId);
    // THEN the stored score carries the rule's points and matches what the card computes
    expect(run).toMatchObject({ ran: true });
    expect(Number(stored(id))).toBe(Math.min(100, before + 20));
    expect(Number(stored(id))).toBe(await cardScore(id));
    // AND the sweep read only what changed since its window, not the whole portal
    if (run.ran) expect(run.pages).toBe(1);
  });

  it('promotes a lead whose score crossed the MQL threshold, once, with one note', async () => {
    const id = state().createObject('contacts', {
      email: 'sweep-mql@example.com',
      lifecyclestage: 'lead',
      ...MQL_PROPERTIES,
    }).id;
    advance(1_000);
    const first = await h.backend.runScoreSweep(h.demoPortalId);
    expect(first).toMatchObject({ ran: true, promoted: 1 });
    expect(contact(id).properties.lifecyclestage).toBe('marketingqualifiedlead');
    expect(contact(id).properties[CONTACT_PROPERTIES.scoredAt.name]).toBeTruthy();
    expect(state().listAssociations('contacts', id, 'notes')).toHaveLength(1);
    // AND a second sweep (which reads the contact again: the sweep wrote it) changes nothing
    advance(60_000);
    const second = await h.backend.runScoreSweep(h.demoPortalId);
    expect(second).toMatchObject({ ran: true, promoted: 0, written: 0 });
    expect(state().listAssociations('contacts', id, 'notes')).toHaveLength(1);
  });

  it('resumes a sweep that died mid-run without writing any contact twice', async () => {
    // GIVEN 450 contacts changed since the last sweep (three search pages)
    await h.backend.runScoreSweep(h.demoPortalId);
    advance(120_000);
    const ids = Array.from(
      { length: 450 },
      (_, index) =>
        state().createObject('contacts', {
          email: `sweep-crash-${index}@example.com`,
          jobtitle: index % 2 === 0 ? 'Director' : 'Student',
        }).id,
    );
    advance(1_000);
    // WHEN the process dies after the second page's writes, before its checkpoint is stored
    const store = h.backend.store;
    const saveJob = store.saveJob.bind(store);
    let saves = 0;
    store.saveJob = async (...args) => {
      if (args[1] === 'score-sweep' && args[2].status === 'running' && ++saves === 2)
        throw new Error('simulated crash');
      return saveJob(...args);
    };
    await expect(h.backend.runScoreSweep(h.demoPortalId)).rejects.toThrow('simulated crash');
    store.saveJob = saveJob;
    // THEN the next run after the dead one went stale takes it over and resumes after page one
    advance(SWEEP_STALE_AFTER_MS + 1_000);
    const resumed = await h.backend.runScoreSweep(h.demoPortalId);
    expect(resumed).toMatchObject({ ran: true, resumed: true });
    // AND every contact is scored, each written exactly once
    for (const id of ids) {
      expect(stored(id)).not.toBeNull();
      expect(scoreWrites(id)).toBe(1);
    }
  });
});

describe('one scoring transition on every path', () => {
  it('the bulk rescore promotes to MQL and writes op_scored_at', async () => {
    const id = state().createObject('contacts', {
      email: 'bulk-mql@example.com',
      lifecyclestage: 'lead',
      ...MQL_PROPERTIES,
    }).id;
    await h.card('POST', '/api/rescore');
    await rescoreToEnd();
    expect(contact(id).properties.lifecyclestage).toBe('marketingqualifiedlead');
    expect(contact(id).properties[CONTACT_PROPERTIES.scoredAt.name]).toBeTruthy();
    expect(state().listAssociations('contacts', id, 'notes')).toHaveLength(1);
  });

  it('after a model change every stored score matches the card once the rescore ends', async () => {
    await h.backend.runScoreSweep(h.demoPortalId);
    await saveScoringWithCityRule();
    await rescoreToEnd();
    for (const record of state().listObjects('contacts')) {
      expect(Number(stored(record.id))).toBe(await cardScore(record.id));
    }
  });

  it('the webhook path writes what the card writes', async () => {
    const [viaWebhook, viaCard] = ['hook', 'card'].map(
      (name) =>
        state().createObject('contacts', {
          email: `same-${name}@example.com`,
          lifecyclestage: 'lead',
          ...MQL_PROPERTIES,
        }).id,
    ) as [string, string];
    const response = await h.portal.appCaller.sendWebhookBatch([
      {
        eventId: 990001,
        subscriptionId: 2,
        portalId: h.demoPortalId,
        appId: h.portal.appId,
        occurredAt: clock,
        subscriptionType: 'contact.creation',
        attemptNumber: 0,
        objectId: Number(viaWebhook),
        changeSource: 'CRM_UI',
      },
    ]);
    expect(response.status).toBe(200);
    expect((await h.card('POST', `/api/contacts/${viaCard}/rescore`)).ok).toBe(true);
    const shown = (id: string) => {
      const p = contact(id).properties;
      const history = JSON.parse(p[CONTACT_PROPERTIES.loopHistory.name] ?? '[]') as {
        kind: string;
      }[];
      return {
        lifecyclestage: p.lifecyclestage,
        score: p[CONTACT_PROPERTIES.totalScore.name],
        grade: p[CONTACT_PROPERTIES.grade.name],
        band: p[CONTACT_PROPERTIES.band.name],
        reasons: p[CONTACT_PROPERTIES.topReasons.name],
        nextChange: p[CONTACT_PROPERTIES.scoreNextChangeAt.name],
        scored: Boolean(p[CONTACT_PROPERTIES.scoredAt.name]),
        history: history.map((entry) => entry.kind),
        notes: state().listAssociations('contacts', id, 'notes').length,
      };
    };
    expect(shown(viaWebhook)).toEqual(shown(viaCard));
    expect(shown(viaCard)).toMatchObject({
      lifecyclestage: 'marketingqualifiedlead',
      history: ['promoted'],
      notes: 1,
    });
  });
});
