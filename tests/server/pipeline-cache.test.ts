import type { CrmGateway, Pipeline } from '../../src/hubspot/gateway.ts';
import {
  PIPELINE_CACHE_TTL_MS,
  PIPELINE_RELOAD_MIN_MS,
  createPipelineCache,
  dealStagesOf,
} from '../../src/server/read-models/pipeline-cache.ts';

function pipeline(id: string, stages: [string, boolean, string][]): Pipeline {
  return {
    id,
    label: id,
    displayOrder: 0,
    stages: stages.map(([stageId, isClosed, probability], index) => ({
      id: stageId,
      label: stageId,
      displayOrder: index,
      metadata: { isClosed: String(isClosed), probability },
    })),
  };
}

/** A gateway that answers only listPipelines, counting its calls. */
function pipelineGateway(answers: Pipeline[][]): CrmGateway & { reads: number } {
  const gateway = {
    portalId: 7,
    reads: 0,
    listPipelines: async () => {
      gateway.reads += 1;
      return answers[Math.min(gateway.reads, answers.length) - 1]!;
    },
    withLane: () => gateway,
    withMaxWait: () => gateway,
  };
  return gateway as unknown as CrmGateway & { reads: number };
}

describe('pipeline cache', () => {
  const first = [
    pipeline('sales', [
      ['s1', false, '0.2'],
      ['s-won', true, '1.0'],
    ]),
  ];
  const second = [
    ...first,
    pipeline('partner', [
      ['p-won', true, '1.0'],
      ['p-lost', true, '0.0'],
    ]),
  ];

  it('reads the pipelines once per TTL, however many callers ask', async () => {
    let now = 0;
    const raw = pipelineGateway([first, second]);
    const gateway = createPipelineCache(() => now).decorate(raw);
    await Promise.all([gateway.listPipelines('deals'), gateway.listPipelines('deals')]);
    await gateway.withMaxWait(100).listPipelines('deals');
    expect(raw.reads).toBe(1);
    now += PIPELINE_CACHE_TTL_MS;
    await expect(gateway.listPipelines('deals')).resolves.toHaveLength(2);
    expect(raw.reads).toBe(2);
  });

  it('re-reads when a stage is unknown (a pipeline added in HubSpot), at most every 30 s', async () => {
    // GIVEN the cached pipelines from before the admin added the partner pipeline
    let now = 0;
    const raw = pipelineGateway([first, second]);
    const gateway = createPipelineCache(() => now).decorate(raw);
    await gateway.listPipelines('deals');
    // WHEN, within the reload window, a deal reaches a stage the cache does not know
    now += PIPELINE_RELOAD_MIN_MS - 1;
    expect((await dealStagesOf(gateway, 'p-won')).won.has('p-won')).toBe(false);
    expect(raw.reads).toBe(1);
    // THEN once the window has passed the pipelines are re-read and the stage is won
    now += 1;
    const catalog = await dealStagesOf(gateway, 'p-won');
    expect(catalog.won.has('p-won')).toBe(true);
    expect(catalog.lost.has('p-lost')).toBe(true);
    expect(raw.reads).toBe(2);
    // AND a known stage never causes a read
    await dealStagesOf(gateway, 's1');
    expect(raw.reads).toBe(2);
  });

  it('forgets a failed read, so the next caller tries again', async () => {
    let fail = true;
    const raw = pipelineGateway([first]);
    const listPipelines = raw.listPipelines;
    raw.listPipelines = async () => {
      if (fail) throw new Error('HubSpot down');
      return listPipelines('deals');
    };
    const gateway = createPipelineCache(() => 0).decorate(raw);
    await expect(gateway.listPipelines('deals')).rejects.toThrow('HubSpot down');
    fail = false;
    await expect(gateway.listPipelines('deals')).resolves.toEqual(first);
  });
});
