// Per-portal settings: the scoring model, the lifecycle (hand-off and return) policy, the
// qualification policy, stage gates and section weights. Validated here, stored by the backend,
// edited on the app's settings page. Every part has a sensible default, so a new portal works
// before an admin changes anything.
import { z } from 'zod';
import { qualificationPolicySchema, DEFAULT_QUALIFICATION_POLICY } from './assessment/index.ts';
import type { QualificationPolicy } from './assessment/index.ts';
import { validate, type FieldError, type Validated } from './errors.ts';
import { DEFAULT_LIFECYCLE_POLICY, lifecyclePolicySchema } from './lifecycle/index.ts';
import type { LifecyclePolicy } from './lifecycle/index.ts';
import {
  DEFAULT_SECTION_WEIGHTS,
  sectionWeightsSchema,
  stageGatesSchema,
  type SectionKey,
  type StageGate,
} from './plan/index.ts';
import { DEFAULT_SCORING_MODEL, validateModel, type ScoringModel } from './scoring/index.ts';
import {
  competitorCatalogSchema,
  previousScoringSchema,
  type CompetitorCatalog,
  type PreviousScoring,
} from './settings-extras.ts';

export interface Settings {
  scoring: ScoringModel;
  lifecycle: LifecyclePolicy;
  qualification: QualificationPolicy;
  stageGates: StageGate[];
  sectionWeights: Record<SectionKey, number>;
  /** Competitor names as the admin keeps them; aliases ("salesforce.com") count as one. */
  competitors: CompetitorCatalog;
  /** The scoring model a calibration (or restore) replaced, so it can be restored. */
  previousScoring?: PreviousScoring;
}

export const DEFAULT_SETTINGS: Settings = {
  scoring: DEFAULT_SCORING_MODEL,
  lifecycle: DEFAULT_LIFECYCLE_POLICY,
  qualification: DEFAULT_QUALIFICATION_POLICY,
  stageGates: [],
  sectionWeights: { ...DEFAULT_SECTION_WEIGHTS },
  competitors: [],
};

const envelopeSchema = z.strictObject({
  scoring: z.unknown().optional(),
  lifecycle: z.unknown().optional(),
  qualification: z.unknown().optional(),
  stageGates: z.unknown().optional(),
  sectionWeights: z.unknown().optional(),
  competitors: z.unknown().optional(),
  previousScoring: z.unknown().optional(),
  /** Stored by an earlier version beside the policy; now `lifecycle.ownerLanguages` (folded in). */
  ownerLanguages: z.unknown().optional(),
});

function prefixed(prefix: string, errors: FieldError[]): FieldError[] {
  return errors.map((error) => ({
    path: error.path === '(root)' ? prefix : `${prefix}.${error.path}`,
    message: error.message,
  }));
}

/**
 * The lifecycle part with the owner languages an earlier version stored at the top level folded
 * in (one home: `lifecycle.ownerLanguages`); the policy's own value wins.
 */
function withOwnerLanguages(parts: { lifecycle?: unknown; ownerLanguages?: unknown }): unknown {
  const lifecycle = parts.lifecycle ?? {};
  if (parts.ownerLanguages === undefined || typeof lifecycle !== 'object' || lifecycle === null)
    return lifecycle;
  if ('ownerLanguages' in lifecycle) return lifecycle;
  return { ...lifecycle, ownerLanguages: parts.ownerLanguages };
}

/**
 * Validates settings from an admin (or the store). Missing parts take their defaults; every problem
 * is reported with its full path (`scoring.fit.groups.0.rules.2.value`), all parts at once.
 */
export function validateSettings(input: unknown): Validated<Settings> {
  const envelope = validate(envelopeSchema, input ?? {});
  if (!envelope.ok) return envelope;
  const parts = envelope.value;
  const errors: FieldError[] = [];

  const scoring =
    parts.scoring === undefined
      ? { ok: true as const, value: DEFAULT_SCORING_MODEL }
      : validateModel(parts.scoring);
  if (!scoring.ok) errors.push(...prefixed('scoring', scoring.errors));
  const lifecycle = validate(lifecyclePolicySchema, withOwnerLanguages(parts));
  if (!lifecycle.ok) errors.push(...prefixed('lifecycle', lifecycle.errors));
  const qualification = validate(qualificationPolicySchema, parts.qualification ?? {});
  if (!qualification.ok) errors.push(...prefixed('qualification', qualification.errors));
  const stageGates = validate(stageGatesSchema, parts.stageGates ?? []);
  if (!stageGates.ok) errors.push(...prefixed('stageGates', stageGates.errors));
  const sectionWeights = validate(
    sectionWeightsSchema,
    parts.sectionWeights ?? DEFAULT_SECTION_WEIGHTS,
  );
  if (!sectionWeights.ok) errors.push(...prefixed('sectionWeights', sectionWeights.errors));

  const competitors = validate(competitorCatalogSchema, parts.competitors ?? []);
  if (!competitors.ok) errors.push(...prefixed('competitors', competitors.errors));
  const previousScoring =
    parts.previousScoring === undefined
      ? undefined
      : validate(previousScoringSchema, parts.previousScoring);
  if (previousScoring !== undefined && !previousScoring.ok)
    errors.push(...prefixed('previousScoring', previousScoring.errors));

  if (
    !scoring.ok ||
    !lifecycle.ok ||
    !qualification.ok ||
    !stageGates.ok ||
    !sectionWeights.ok ||
    !competitors.ok ||
    (previousScoring !== undefined && !previousScoring.ok)
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      scoring: scoring.value,
      lifecycle: lifecycle.value,
      qualification: qualification.value,
      stageGates: stageGates.value,
      sectionWeights: { ...DEFAULT_SECTION_WEIGHTS, ...sectionWeights.value },
      competitors: competitors.value,
      ...(previousScoring === undefined ? {} : { previousScoring: previousScoring.value }),
    },
  };
}
