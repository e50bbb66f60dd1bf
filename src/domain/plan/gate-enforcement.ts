// Stage gates where deals move (issue 15 item 2). A deal can enter a stage outside the product —
// dragged on HubSpot's board, moved by the API or a workflow — so a gate is also checked after the
// fact, on the `dealstage` webhook: a deal that entered a gated stage it fails is moved back to the
// stage it came from (`enforce`) or left there (`warn`), and its owner is told what is missing.
// Only forward moves are held: moving a deal back to an earlier stage is always allowed, which is
// also why the product's own move-back never triggers a second enforcement.
// The same pipeline view gives the card its stage path and the gate of the next stage.
import type { Language, Localized } from '../errors.ts';
import type { PlanCompleteness } from './completeness.ts';
import { canEnterStage, type QualificationVerdict, type StageGate } from './stage-gates.ts';

/** One stage of the deal's pipeline, as HubSpot's pipelines API describes it. */
export interface PipelineStageRef {
  id: string;
  label: string;
  displayOrder: number;
  /** Closed (won or lost) stages: `metadata.isClosed` in HubSpot. */
  closed: boolean;
}

/** What the gate of a stage says about one deal's plan. */
export interface GateCheck {
  gates: readonly StageGate[];
  completeness: PlanCompleteness;
  /** The latest qualification verdict; undefined when the deal was never assessed. */
  verdict?: QualificationVerdict;
}

/** What to do about a deal that entered a stage. */
export type StageEntryDecision =
  | {
      action: 'none';
      /** no_gate: the stage has none; met: the plan passes it; backward: an earlier stage. */
      why: 'no_gate' | 'met' | 'backward' | 'unchanged';
    }
  | { action: 'moveBack'; toStageId: string; reasons: Localized[] }
  | {
      action: 'warn';
      reasons: Localized[];
      /** Why the gate was not enforced although its mode is `enforce` (no stage to go back to). */
      enforceImpossible?: 'no_previous_stage' | 'other_pipeline';
    };

/** The change the `dealstage` webhook reports, with the pipeline the deal is in now. */
export interface StageEntry extends GateCheck {
  enteredStageId: string;
  /** The stage before this one (the deal's stage history); undefined for a new deal. */
  previousStageId?: string;
  /** The stages of the deal's pipeline. */
  stages: readonly PipelineStageRef[];
}

/** Decides whether a deal that just entered `enteredStageId` is held by its gate, and how. */
export function decideStageEntry(entry: StageEntry): StageEntryDecision {
  if (entry.previousStageId === entry.enteredStageId) return { action: 'none', why: 'unchanged' };
  const gate = entry.gates.find((candidate) => candidate.stageId === entry.enteredStageId);
  if (gate === undefined) return { action: 'none', why: 'no_gate' };
  const entered = entry.stages.find((stage) => stage.id === entry.enteredStageId);
  const previous =
    entry.previousStageId === undefined
      ? undefined
      : entry.stages.find((stage) => stage.id === entry.previousStageId);
  // Backwards (or sideways) within the pipeline is never held: the gate guards progress.
  if (entered && previous && previous.displayOrder >= entered.displayOrder)
    return { action: 'none', why: 'backward' };
  const decision = canEnterStage({
    stageId: entry.enteredStageId,
    gates: entry.gates,
    completeness: entry.completeness,
    ...(entry.verdict === undefined ? {} : { verdict: entry.verdict }),
  });
  if (decision.allowed) return { action: 'none', why: 'met' };
  if (gate.mode === 'warn') return { action: 'warn', reasons: decision.reasons };
  if (entry.previousStageId === undefined)
    return { action: 'warn', reasons: decision.reasons, enforceImpossible: 'no_previous_stage' };
  if (previous === undefined)
    return { action: 'warn', reasons: decision.reasons, enforceImpossible: 'other_pipeline' };
  return { action: 'moveBack', toStageId: previous.id, reasons: decision.reasons };
}

/** A stage's place on the card's stage path. */
export type StagePathStatus = 'passed' | 'current' | 'ready' | 'blocked';

/** One stage on the stage path, with its gate as the deal's plan meets it today. */
export interface StagePathStep {
  stageId: string;
  label: string;
  status: StagePathStatus;
  /** Whether an admin set a gate for the stage. */
  gated: boolean;
  /** What the gate still needs (empty when met or ungated). */
  reasons: Localized[];
}

/** The open stages of a pipeline in board order (closed stages are outcomes, not steps). */
export function openStagesInOrder(stages: readonly PipelineStageRef[]): PipelineStageRef[] {
  return stages.filter((stage) => !stage.closed).sort((a, b) => a.displayOrder - b.displayOrder);
}

/**
 * The stage path of a deal: every open stage of its pipeline in order, those before the current
 * one passed, the current one current, each later one ready or blocked by its gate. A closed deal
 * (won or lost) has passed every open stage and ends on its closed stage, as HubSpot's own stage
 * tracker shows it; nothing is left to be ready or blocked.
 */
export function stagePath(
  stages: readonly PipelineStageRef[],
  currentStageId: string | null,
  check: GateCheck,
): StagePathStep[] {
  const open = openStagesInOrder(stages);
  const closed = stages.find((stage) => stage.closed && stage.id === currentStageId);
  if (closed) {
    const passed = open.map((stage) => ({
      stageId: stage.id,
      label: stage.label,
      status: 'passed' as const,
      gated: check.gates.some((gate) => gate.stageId === stage.id),
      reasons: [],
    }));
    return [
      ...passed,
      { stageId: closed.id, label: closed.label, status: 'current', gated: false, reasons: [] },
    ];
  }
  const currentIndex = open.findIndex((stage) => stage.id === currentStageId);
  return open.map((stage, index) => {
    const gated = check.gates.some((gate) => gate.stageId === stage.id);
    const decision = canEnterStage({
      stageId: stage.id,
      gates: check.gates,
      completeness: check.completeness,
      ...(check.verdict === undefined ? {} : { verdict: check.verdict }),
    });
    const reasons = decision.allowed ? [] : decision.reasons;
    const status: StagePathStatus =
      currentIndex >= 0 && index < currentIndex
        ? 'passed'
        : index === currentIndex
          ? 'current'
          : decision.allowed
            ? 'ready'
            : 'blocked';
    return {
      stageId: stage.id,
      label: stage.label,
      status,
      gated,
      reasons: status === 'passed' ? [] : reasons,
    };
  });
}

/** The open stage after `currentStageId` in board order; null at the last one or when unknown. */
export function nextStageOnPath(
  stages: readonly PipelineStageRef[],
  currentStageId: string | null,
): PipelineStageRef | null {
  const open = openStagesInOrder(stages);
  const index = open.findIndex((stage) => stage.id === currentStageId);
  if (index < 0) return null;
  return open[index + 1] ?? null;
}

/** What the owner of a deal held by a gate is told (a HubSpot task and a note). */
export interface GateNotice {
  subject: Localized;
  body: Localized;
}

/** The facts a gate notice names. */
export interface GateNoticeFacts {
  dealName: string;
  enteredStageLabel: string;
  /** The stage the deal was moved back to (enforce), absent for a warning. */
  movedBackToLabel?: string;
  reasons: readonly Localized[];
}

/** The task's subject and body (also the note's body) for a deal held or warned by its gate. */
export function gateNotice(facts: GateNoticeFacts): GateNotice {
  const list = (language: Language) =>
    facts.reasons.map((reason) => `• ${reason[language]}`).join('\n');
  const subject: Localized =
    facts.movedBackToLabel === undefined
      ? {
          en: `Complete the plan of “${facts.dealName}” for stage “${facts.enteredStageLabel}”`,
          de: `Plan von „${facts.dealName}“ für die Phase „${facts.enteredStageLabel}“ vervollständigen`,
        }
      : {
          en: `“${facts.dealName}” was moved back: stage “${facts.enteredStageLabel}” needs more`,
          de: `„${facts.dealName}“ wurde zurückgesetzt: Die Phase „${facts.enteredStageLabel}“ erfordert mehr`,
        };
  const lead: Localized =
    facts.movedBackToLabel === undefined
      ? {
          en: `The deal entered the stage “${facts.enteredStageLabel}”, but its Opportunity Plan does not meet the stage's gate yet. It stays in the stage; please complete:`,
          de: `Der Deal ist in die Phase „${facts.enteredStageLabel}“ gewechselt, aber sein Opportunity Plan erfüllt die Voraussetzungen dieser Phase noch nicht. Er bleibt in der Phase; bitte ergänzen Sie:`,
        }
      : {
          en: `The deal was moved to the stage “${facts.enteredStageLabel}”, but its Opportunity Plan does not meet the stage's gate, so it was moved back to “${facts.movedBackToLabel}”. Before moving it again, please complete:`,
          de: `Der Deal wurde in die Phase „${facts.enteredStageLabel}“ verschoben, aber sein Opportunity Plan erfüllt die Voraussetzungen dieser Phase nicht; daher wurde er in die Phase „${facts.movedBackToLabel}“ zurückgesetzt. Bitte ergänzen Sie, bevor Sie ihn erneut verschieben:`,
        };
  return {
    subject,
    body: { en: `${lead.en}\n${list('en')}`, de: `${lead.de}\n${list('de')}` },
  };
}

/** A text in the reader's language when it is known, else in every language (English first). */
export function inLanguage(text: Localized, language: Language | undefined): string {
  return language === undefined ? `${text.en}\n\n${text.de}` : text[language];
}
