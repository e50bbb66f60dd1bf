// The stage path at the top of the Opportunity Plan (issue 18 item 5, issue 15 item 2): every open
// stage of the deal's pipeline in HubSpot's StepIndicator, each marked with its gate status; the
// gate of the next stage before the move, and "Move to next stage", which the backend only carries
// out when the plan meets that gate. Clicking a step shows what its gate still needs.
// StepIndicator props (@hubspot/ui-extensions 0.17): stepNames, currentStep, direction,
// circleSize, variant, onClick(stepIndex).
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/step-indicator
import { useState } from 'react';
import {
  Alert,
  Button,
  Flex,
  List,
  StepIndicator,
  Text,
  useExtensionActions,
} from '@hubspot/ui-extensions';
import { useCardApi } from '../lib/api.ts';
import type { I18n } from '../lib/i18n.ts';
import type { PlanView, StagePathStepView } from '../lib/types.ts';

/** The step's name with its gate status, as the indicator shows it. */
export function stepName(step: StagePathStepView, i18n: I18n): string {
  const t = i18n.t.stagePath;
  if (step.status === 'blocked') return `${step.label} · ${t.blocked}`;
  if (step.status === 'ready' && step.gated) return `${step.label} · ${t.gateMet}`;
  return step.label;
}

/** The stage path with the next stage's gate and the move button. */
export function StagePath({
  plan,
  i18n,
  onMoved,
}: {
  plan: PlanView;
  i18n: I18n;
  /** Called after the deal moved: the card reloads the plan. */
  onMoved: () => void;
}) {
  const t = i18n.t.stagePath;
  const api = useCardApi();
  const actions = useExtensionActions<'crm.record.tab'>();
  const steps = plan.stagePath ?? [];
  const currentIndex = steps.findIndex((step) => step.status === 'current');
  const [selected, setSelected] = useState<number | null>(null);
  const [moving, setMoving] = useState(false);
  const [error, setError] = useState<string[] | null>(null);
  if (steps.length === 0) return null;

  const next = plan.nextStage ?? null;
  const nextStep = next ? steps.find((step) => step.stageId === next.stageId) : undefined;
  const blocked = nextStep?.status === 'blocked';
  const shown = selected === null ? undefined : steps[selected];

  const move = async () => {
    if (!next || !plan.dealStage) return;
    setMoving(true);
    setError(null);
    const result = await api.moveToNextStage(plan.dealId, {
      fromStageId: plan.dealStage,
      toStageId: next.stageId,
    });
    setMoving(false);
    if (!result.ok) {
      setError(
        result.error.fields && result.error.code === 'rejected'
          ? [i18n.pick(result.error.message)]
          : [i18n.pick(result.error.message)],
      );
      return;
    }
    actions.addAlert({
      type: 'success',
      title: t.movedTitle,
      message: i18n.format(t.moved, { stage: next.label }),
    });
    // HubSpot's own record page shows the new stage without a reload.
    actions.refreshObjectProperties?.();
    onMoved();
  };

  return (
    <Flex direction="column" gap="xs" testId="stage-path">
      <StepIndicator
        stepNames={steps.map((step) => stepName(step, i18n))}
        {...(currentIndex >= 0 ? { currentStep: currentIndex } : {})}
        circleSize="xs"
        onClick={(index) => setSelected(index === selected ? null : index)}
      />
      {shown && shown.status !== 'current' && shown.status !== 'passed' ? (
        <Text variant="microcopy" testId="stage-path-detail">
          {shown.reasons.length > 0
            ? i18n.format(t.stageNeeds, { stage: shown.label }) +
              ' ' +
              shown.reasons.map((reason) => i18n.pick(reason)).join(' ')
            : shown.gated
              ? i18n.format(t.stageGateMet, { stage: shown.label })
              : i18n.format(t.stageNoGate, { stage: shown.label })}
        </Text>
      ) : null}
      {next ? (
        <Flex direction="row" gap="sm" align="center" wrap>
          <Button
            size="sm"
            variant={blocked ? 'secondary' : 'primary'}
            disabled={moving || blocked}
            testId="move-to-next-stage"
            onClick={() => void move()}
          >
            {i18n.format(t.moveTo, { stage: next.label })}
          </Button>
          {nextStep?.gated && !blocked ? (
            <Text variant="microcopy">{i18n.format(t.nextGateMet, { stage: next.label })}</Text>
          ) : null}
        </Flex>
      ) : (
        <Text variant="microcopy" testId="stage-path-end">
          {plan.outcome === 'won'
            ? t.closedWon
            : plan.outcome === 'lost'
              ? t.closedLost
              : t.lastStage}
        </Text>
      )}
      {blocked && nextStep ? (
        <Alert
          title={i18n.format(t.nextBlockedTitle, { stage: next?.label ?? '' })}
          variant="info"
          testId="plan-stage-gate"
        >
          <List>
            {nextStep.reasons.map((reason, index) => (
              <Text key={index}>{i18n.pick(reason)}</Text>
            ))}
          </List>
        </Alert>
      ) : null}
      {error ? (
        <Alert title={t.moveFailedTitle} variant="danger" testId="stage-move-error">
          {error.map((line, index) => (
            <Text key={index}>{line}</Text>
          ))}
        </Alert>
      ) : null}
    </Flex>
  );
}
