// Option lists for the settings pickers, built from the owners and pipelines GET /api/settings
// returns. A stored value the portal no longer offers stays selectable (shown by its raw id), so
// opening and saving the page never silently drops it.
import type { OwnerView, PipelineView } from '../lib/types.ts';

/** One select option. */
export interface Option {
  label: string;
  value: string;
}

/** Adds options for values that are not in the list, labelled by the value itself. */
export function withCurrent(options: Option[], values: readonly string[]): Option[] {
  const known = new Set(options.map((option) => option.value));
  const extra = values.filter((value) => value !== '' && !known.has(value));
  return [...options, ...extra.map((value) => ({ label: value, value }))];
}

/** Owners as options: "Name (email)". */
export function ownerOptions(owners: readonly OwnerView[]): Option[] {
  return owners.map((owner) => ({
    value: owner.id,
    label: owner.email === '' ? owner.name : `${owner.name} (${owner.email})`,
  }));
}

/** The stages of one pipeline. */
export function stageOptions(pipelines: readonly PipelineView[], pipelineId: string): Option[] {
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  return (pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: stage.label }));
}

/** Every stage of every pipeline: "Pipeline › Stage" (one entry per stage id). */
export function allStageOptions(pipelines: readonly PipelineView[]): Option[] {
  const seen = new Set<string>();
  const options: Option[] = [];
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages) {
      if (seen.has(stage.id)) continue;
      seen.add(stage.id);
      options.push({ value: stage.id, label: `${pipeline.label} › ${stage.label}` });
    }
  }
  return options;
}
