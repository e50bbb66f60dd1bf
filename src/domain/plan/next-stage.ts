// The stage a deal moves to next in its pipeline, so the check-qualification action (and the
// card) can report that stage's gate before the move. Stages are ordered by `displayOrder`; the
// next one is the first later stage that is not closed (won/lost stages end the pipeline, they are
// not "the next step"). https://developers.hubspot.com/docs/api/crm/pipelines
import type { PipelineData } from '../lifecycle/policy.ts';

/** A pipeline stage as `nextOpenStage` reads it. */
export interface OrderedStage {
  id: string;
  label?: string;
  displayOrder: number;
  metadata: Readonly<Record<string, string>>;
}

/** The next open stage after `currentStageId` in pipeline `pipelineId`, or null (last, closed, unknown). */
export function nextOpenStage(
  pipelines: readonly (PipelineData & { stages: readonly OrderedStage[] })[],
  pipelineId: string | null | undefined,
  currentStageId: string | null | undefined,
): OrderedStage | null {
  const pipeline =
    pipelines.find((candidate) => candidate.id === pipelineId) ??
    pipelines.find((candidate) => candidate.stages.some((stage) => stage.id === currentStageId));
  if (!pipeline || !currentStageId) return null;
  const ordered = [...pipeline.stages].sort((a, b) => a.displayOrder - b.displayOrder);
  const index = ordered.findIndex((stage) => stage.id === currentStageId);
  if (index < 0) return null;
  return ordered.slice(index + 1).find((stage) => stage.metadata.isClosed !== 'true') ?? null;
}
