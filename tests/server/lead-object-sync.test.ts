// Which lead stage hand-off and return use (plain data), and the per-portal Leads cache.
import { lifecyclePolicySchema } from '../../src/domain/lifecycle/index.ts';
import type { CrmGateway, Pipeline } from '../../src/hubspot/gateway.ts';
import { qualifiedStageIn, returnStageIn } from '../../src/server/effects/lead-object-sync.ts';
import { createLeadsObjectCache } from '../../src/server/read-models/leads-object-cache.ts';

const stage = (id: string, label: string, displayOrder: number, isClosed: boolean) => ({
  id,
  label,
  displayOrder,
  metadata: { isClosed: String(isClosed) },
});
const marketing: Pipeline = {
  id: 'p2',
  label: 'Marketing',
  displayOrder: 1,
  stages: [
    stage('m-dq', 'Disqualified', 3, true),
    stage('m-new', 'New', 0, false),
    stage('m-q', 'Qualified', 2, true),
    stage('m-work', 'Working', 1, false),
  ],
};
const sales: Pipeline = {
  ...marketing,
  id: 'p1',
  label: 'Sales',
  displayOrder: 0,
  stages: [stage('s-new', 'New', 0, false)],
};

describe('lead stages', () => {
  const policy = lifecyclePolicySchema.parse({}).leadsObject;

  it('GIVEN no configured stage THEN the closed stage named Qualified is chosen, never Disqualified', () => {
    expect(qualifiedStageIn(marketing)?.id).toBe('m-q');
    expect(qualifiedStageIn(sales)).toBeUndefined();
  });

  it('GIVEN a configured stage in the pipeline THEN it wins', () => {
    expect(qualifiedStageIn(marketing, 'm-work')?.id).toBe('m-work');
    expect(qualifiedStageIn(marketing, 'elsewhere')?.id).toBe('m-q');
  });

  it('GIVEN no return settings THEN a returned lead starts in the first open stage of the first pipeline', () => {
    expect(returnStageIn([marketing, sales], policy)).toMatchObject({
      pipeline: { id: 'p1' },
      stage: { id: 's-new' },
    });
  });

  it('GIVEN marketing’s pipeline configured THEN its first open stage by display order', () => {
    const configured = lifecyclePolicySchema.parse({
      leadsObject: { returnPipelineId: 'p2' },
    }).leadsObject;
    expect(returnStageIn([sales, marketing], configured)?.stage.id).toBe('m-new');
    const withStage = lifecyclePolicySchema.parse({
      leadsObject: { returnPipelineId: 'p2', returnStageId: 'm-work' },
    }).leadsObject;
    expect(returnStageIn([sales, marketing], withStage)?.stage.id).toBe('m-work');
    expect(returnStageIn([], policy)).toBeUndefined();
  });
});

describe('the Leads cache', () => {
  function gateway(answers: (boolean | Error)[]) {
    const calls = { probes: 0 };
    const g = {
      portalId: 7,
      leads: {
        isAvailable: async () => {
          const answer = answers[calls.probes++];
          if (answer instanceof Error) throw answer;
          return answer as boolean;
        },
        listPipelines: async () => [],
      },
    } as unknown as CrmGateway;
    g.withLane = () => g;
    return { g, calls };
  }

  it('probes a portal once per TTL, and not at all while the answer is fresh', async () => {
    let now = 0;
    const cache = createLeadsObjectCache(() => now, 1000);
    const { g, calls } = gateway([false, true]);
    expect(await cache.decorate(g).leads.isAvailable()).toBe(false);
    expect(await cache.decorate(g).leads.isAvailable()).toBe(false);
    expect(calls.probes).toBe(1);
    now = 1500;
    expect(await cache.decorate(g).withLane('bulk').leads.isAvailable()).toBe(true);
    expect(calls.probes).toBe(2);
  });

  it('does not keep a failed probe', async () => {
    const cache = createLeadsObjectCache(() => 0, 1000);
    const { g, calls } = gateway([new Error('HubSpot is down'), true]);
    await expect(cache.decorate(g).leads.isAvailable()).rejects.toThrow('down');
    expect(await cache.decorate(g).leads.isAvailable()).toBe(true);
    expect(calls.probes).toBe(2);
  });
});
