// Stage gates: an admin decides what a plan must hold before a deal may enter a pipeline stage
// (a minimum completeness, particular items, a qualified verdict). The check explains every blocker
// in words a seller can act on, so the card can say why a stage move is refused.
import { z } from 'zod';
import type { Localized } from '../errors.ts';
import type { CompletenessItemId, PlanCompleteness } from './completeness.ts';
import { ALL_COMPLETENESS_ITEMS, COMPLETENESS_ITEM_IDS } from './completeness.ts';
import { SECTION_LABELS } from './sections.ts';

/** The qualification verdicts (as in DEAL_PROPERTIES.verdict). */
export const QUALIFICATION_VERDICTS = ['qualified', 'at_risk', 'not_qualified'] as const;
/** The latest answer to "is this opportunity qualified?". */
export type QualificationVerdict = (typeof QUALIFICATION_VERDICTS)[number];

const VERDICT_LABELS: Record<QualificationVerdict, Localized> = {
  qualified: { en: 'Qualified', de: 'Qualifiziert' },
  at_risk: { en: 'At risk', de: 'Gefährdet' },
  not_qualified: { en: 'Not qualified', de: 'Nicht qualifiziert' },
};

/** What a deal's plan must hold to enter one pipeline stage. */
export const stageGateSchema = z.strictObject({
  /** The HubSpot pipeline stage id (internal value). */
  stageId: z
    .string()
    .max(100)
    .refine((s) => s.trim().length > 0, 'Enter a stage id'),
  /** Minimum overall plan completeness in percent. */
  minCompleteness: z.number().int().min(0).max(100),
  /** Completeness items that must be met, whatever the overall percent. */
  requiredItems: z
    .array(z.enum(COMPLETENESS_ITEM_IDS))
    .max(COMPLETENESS_ITEM_IDS.length)
    .refine((items) => new Set(items).size === items.length, 'Each item only once')
    .default([]),
  /** Whether the latest qualification verdict must be "qualified". */
  requireQualified: z.boolean().optional(),
  /**
   * What happens when a deal enters the stage failing the gate (a board drag, the API, a
   * workflow): `enforce` moves it back to the stage it came from, `warn` leaves it there; both
   * give its owner a task and a note naming what is missing (gate-enforcement.ts).
   */
  mode: z.enum(['enforce', 'warn']).default('enforce'),
});
/** A validated stage gate. */
export type StageGate = z.output<typeof stageGateSchema>;

/** All gates of a portal; at most one per stage. */
export const stageGatesSchema = z
  .array(stageGateSchema)
  .max(200)
  .superRefine((gates, ctx) => {
    const seen = new Set<string>();
    gates.forEach((gate, index) => {
      if (seen.has(gate.stageId)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'stageId'],
          message: `Stage "${gate.stageId}" already has a gate`,
          input: gate.stageId,
        });
      }
      seen.add(gate.stageId);
    });
  });

/** Whether a deal may enter a stage, and if not, every reason why. */
export type StageGateDecision = { allowed: true } | { allowed: false; reasons: Localized[] };

/** What canEnterStage needs to know. */
export interface StageEntryCheck {
  stageId: string;
  gates: readonly StageGate[];
  completeness: PlanCompleteness;
  /** The latest qualification verdict; undefined when the deal was never assessed. */
  verdict?: QualificationVerdict;
}

const ITEMS_BY_ID = new Map(ALL_COMPLETENESS_ITEMS.map((entry) => [entry.item, entry]));

/** Whether item `id` is met according to `completeness`. */
function isItemMet(id: CompletenessItemId, completeness: PlanCompleteness): boolean {
  const section = ITEMS_BY_ID.get(id)!.section;
  return !completeness.sections[section].missing.some((m) => m.item === id);
}

/** Decides whether a deal may enter `stageId`; a stage without a gate is always open. */
export function canEnterStage(check: StageEntryCheck): StageGateDecision {
  const gate = check.gates.find((g) => g.stageId === check.stageId);
  if (gate === undefined) return { allowed: true };

  const reasons: Localized[] = [];
  const overall = check.completeness.overall;
  if (overall < gate.minCompleteness) {
    reasons.push({
      en: `Plan completeness is ${overall} %, this stage needs ${gate.minCompleteness} %.`,
      de: `Die Plan-Vollständigkeit beträgt ${overall} %, diese Phase erfordert ${gate.minCompleteness} %.`,
    });
  }
  for (const id of gate.requiredItems) {
    if (isItemMet(id, check.completeness)) continue;
    const entry = ITEMS_BY_ID.get(id)!;
    const section = SECTION_LABELS[entry.section];
    reasons.push({
      en: `This stage requires "${entry.title.en}" (${section.en}): ${entry.hint.en}`,
      de: `Diese Phase erfordert „${entry.title.de}“ (${section.de}): ${entry.hint.de}`,
    });
  }
  if (gate.requireQualified === true && check.verdict !== 'qualified') {
    reasons.push(
      check.verdict === undefined
        ? {
            en: 'This stage needs a qualified opportunity; it has not been qualified yet.',
            de: 'Diese Phase erfordert eine qualifizierte Opportunity; sie wurde noch nicht qualifiziert.',
          }
        : {
            en: `This stage needs a qualified opportunity; the latest verdict is "${VERDICT_LABELS[check.verdict].en}".`,
            de: `Diese Phase erfordert eine qualifizierte Opportunity; das letzte Ergebnis ist „${VERDICT_LABELS[check.verdict].de}“.`,
          },
    );
  }
  return reasons.length === 0 ? { allowed: true } : { allowed: false, reasons };
}
