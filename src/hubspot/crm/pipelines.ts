// The portal's pipelines and their stages.
import type { z } from 'zod';
import { hubspotPaths } from '../api-version.ts';
import type { CrmGateway, Pipeline } from '../gateway.ts';
import { pipelinesSchema } from '../hubspot-api.ts';
import type { Transport } from '../transport.ts';

/** The pipelines of a GET /crm/pipelines answer, as the gateway returns them. */
export const pipelinesOf = (answer: z.infer<typeof pipelinesSchema>): Pipeline[] =>
  answer.results.map((pipeline) => ({
    id: pipeline.id,
    label: pipeline.label,
    displayOrder: pipeline.displayOrder,
    stages: pipeline.stages.map((stage) => ({
      id: stage.id,
      label: stage.label,
      displayOrder: stage.displayOrder,
      metadata: { ...stage.metadata },
    })),
  }));

export function pipelineOperations(t: Transport): Pick<CrmGateway, 'listPipelines'> {
  return {
    async listPipelines(objectType) {
      // GET /crm/pipelines/2026-09/{objectType} — https://developers.hubspot.com/docs/api/crm/pipelines
      const response = await t.call(
        'standard',
        `list ${objectType} pipelines`,
        { method: 'GET', path: hubspotPaths.pipelines(objectType) },
        pipelinesSchema,
      );
      return pipelinesOf(response);
    },
  };
}
