// Hand-off rules: the sales round robin, the lead status a hand-off sets, the Leads object, then,
// each collapsed until opened, where a hand-off opens its deal, what happens to the deal on return
// (which stages mean won or lost), and the portal's lifecycle stage for each step.
import { useState } from 'react';
import type { ReactNode } from 'react';
import {
  Accordion,
  Flex,
  Heading,
  Input,
  MultiSelect,
  Select,
  Text,
  Toggle,
} from '@hubspot/ui-extensions';
import { LIFECYCLE_STAGES } from '../lib/catalog.ts';
import { errorProps, messageAt, type FieldErrorMap } from '../lib/field-errors.ts';
import { leadStatusOptions, lifecycleStageOptions } from '../lib/properties.ts';
import type { LifecyclePolicy, OwnerView, PipelineView, PropertyView } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';
import { allStageOptions, ownerOptions, stageOptions, withCurrent } from './options.ts';

/** Props of HandOffEditor: the policy plus the portal's owners and pipelines. */
export interface HandOffEditorProps extends EditorProps<LifecyclePolicy> {
  owners: readonly OwnerView[];
  pipelines: readonly PipelineView[];
  /** The portal's contact properties (the lead statuses come from `hs_lead_status`). */
  properties: readonly PropertyView[];
}

const base = 'lifecycle';

/** A part of the policy, collapsed until opened; a part with a field problem opens by itself. */
function Section(props: {
  title: string;
  errors: FieldErrorMap;
  paths: string[];
  testId: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const problem = props.paths.some((path) => messageAt(props.errors, path) !== undefined);
  return (
    <Accordion
      title={props.title}
      open={open || problem}
      onClick={() => setOpen(!(open || problem))}
      size="sm"
      testId={props.testId}
    >
      {props.children}
    </Accordion>
  );
}

/** The policy, its setter and the editor's props, as the sections below need them. */
interface SectionProps {
  props: HandOffEditorProps;
  set: (patch: Partial<LifecyclePolicy>) => void;
}

/** Edits the lifecycle policy except its return reasons (ReturnReasonsEditor). */
export function HandOffEditor(props: HandOffEditorProps) {
  const { value: policy, onChange, t, errors, owners } = props;
  const set = (patch: Partial<LifecyclePolicy>) => onChange({ ...policy, ...patch });
  const salesOwners = ownerOptions(owners.filter((owner) => owner.team !== 'marketing'));

  return (
    <Flex direction="column" gap="medium">
      <Heading>{t.handOffHeading}</Heading>
      <Toggle
        name={`${base}.autoPromoteToMql`}
        label={t.autoPromote}
        checked={policy.autoPromoteToMql}
        onChange={(autoPromoteToMql) => set({ autoPromoteToMql })}
      />
      <Toggle
        name={`${base}.requireNoteForOther`}
        label={t.requireNoteForOther}
        checked={policy.requireNoteForOther}
        onChange={(requireNoteForOther) => set({ requireNoteForOther })}
      />
      <Flex gap="small" wrap align="start">
        <MultiSelect
          name={`${base}.salesOwnerIds`}
          testId={`${base}.salesOwnerIds`}
          label={t.salesOwners}
          description={t.salesOwnersDescription}
          value={policy.salesOwnerIds}
          options={withCurrent(salesOwners, policy.salesOwnerIds)}
          onChange={(ids) => set({ salesOwnerIds: ids.map(String) })}
          {...errorProps(errors, `${base}.salesOwnerIds`)}
        />
        <Select
          name={`${base}.handOffLeadStatus`}
          testId={`${base}.handOffLeadStatus`}
          label={t.handOffLeadStatus}
          value={policy.handOffLeadStatus}
          options={withCurrent(leadStatusOptions(props.properties), [policy.handOffLeadStatus])}
          onChange={(status) => set({ handOffLeadStatus: String(status) })}
          {...errorProps(errors, `${base}.handOffLeadStatus`)}
        />
        <Select
          name={`${base}.leadsObject.mode`}
          testId={`${base}.leadsObject.mode`}
          label={t.leadsObjectMode}
          description={t.leadsObjectModeDescription}
          value={policy.leadsObject.mode}
          options={[
            { value: 'auto', label: t.leadsObjectAuto },
            { value: 'off', label: t.leadsObjectOff },
          ]}
          onChange={(mode) =>
            set({ leadsObject: { ...policy.leadsObject, mode: mode === 'off' ? 'off' : 'auto' } })
          }
          {...errorProps(errors, `${base}.leadsObject.mode`)}
        />
      </Flex>
      <Section
        title={t.newDealHeading}
        errors={errors}
        paths={[`${base}.newDeal`]}
        testId={`${base}.newDeal`}
      >
        <NewDealFields props={props} set={set} />
      </Section>
      <Section
        title={t.onReturnHeading}
        errors={errors}
        paths={[`${base}.onReturn`, `${base}.wonStageIds`, `${base}.lostStageIds`]}
        testId={`${base}.onReturn`}
      >
        <OnReturnFields props={props} set={set} />
      </Section>
      <Section
        title={t.stageMapHeading}
        errors={errors}
        paths={[`${base}.stageMap`]}
        testId={`${base}.stageMap`}
      >
        <StageMapFields props={props} set={set} />
      </Section>
    </Flex>
  );
}

/** Where a hand-off opens its deal: pipeline, stage and name pattern. */
function NewDealFields({ props, set }: SectionProps) {
  const { value: policy, t, errors, pipelines } = props;
  const pipelineOptions = withCurrent(
    pipelines.map((p) => ({ value: p.id, label: p.label })),
    [policy.newDeal.pipelineId],
  );
  return (
    <>
      <Flex gap="small" wrap>
        <Select
          name={`${base}.newDeal.pipelineId`}
          testId={`${base}.newDeal.pipelineId`}
          label={t.pipeline}
          value={policy.newDeal.pipelineId}
          options={pipelineOptions}
          onChange={(pipelineId) => {
            const first = stageOptions(pipelines, String(pipelineId))[0]?.value;
            set({
              newDeal: {
                ...policy.newDeal,
                pipelineId: String(pipelineId),
                stageId: first ?? policy.newDeal.stageId,
              },
            });
          }}
          {...errorProps(errors, `${base}.newDeal.pipelineId`)}
        />
        <Select
          name={`${base}.newDeal.stageId`}
          testId={`${base}.newDeal.stageId`}
          label={t.dealStage}
          value={policy.newDeal.stageId}
          options={withCurrent(stageOptions(pipelines, policy.newDeal.pipelineId), [
            policy.newDeal.stageId,
          ])}
          onChange={(stageId) => set({ newDeal: { ...policy.newDeal, stageId: String(stageId) } })}
          {...errorProps(errors, `${base}.newDeal.stageId`)}
        />
        <Input
          name={`${base}.newDeal.namePattern`}
          label={t.namePattern}
          description={t.namePatternDescription}
          value={policy.newDeal.namePattern}
          onChange={(namePattern) => set({ newDeal: { ...policy.newDeal, namePattern } })}
          {...errorProps(errors, `${base}.newDeal.namePattern`)}
        />
      </Flex>
    </>
  );
}

/** What a return does to the deal, and which stages mean won or lost. */
function OnReturnFields({ props, set }: SectionProps) {
  const { value: policy, t, errors, pipelines } = props;
  const allStages = allStageOptions(pipelines);
  const returnStageId = policy.onReturn.mode === 'move_to_stage' ? policy.onReturn.stageId : '';
  return (
    <>
      <Flex gap="small" wrap>
        <Select
          name={`${base}.onReturn.mode`}
          testId={`${base}.onReturn.mode`}
          label={t.onReturnMode}
          value={policy.onReturn.mode}
          options={[
            { value: 'close_lost', label: t.onReturnCloseLost },
            { value: 'move_to_stage', label: t.onReturnMove },
          ]}
          onChange={(mode) =>
            set({
              onReturn:
                mode === 'move_to_stage'
                  ? { mode: 'move_to_stage', stageId: returnStageId || policy.newDeal.stageId }
                  : { mode: 'close_lost' },
            })
          }
        />
        {policy.onReturn.mode === 'move_to_stage' ? (
          <Select
            name={`${base}.onReturn.stageId`}
            testId={`${base}.onReturn.stageId`}
            label={t.onReturnStage}
            value={returnStageId}
            options={withCurrent(allStages, [returnStageId])}
            onChange={(stageId) =>
              set({ onReturn: { mode: 'move_to_stage', stageId: String(stageId) } })
            }
            {...errorProps(errors, `${base}.onReturn.stageId`)}
          />
        ) : null}
      </Flex>
      <Flex gap="small" wrap>
        <MultiSelect
          name={`${base}.wonStageIds`}
          label={t.wonStages}
          value={policy.wonStageIds}
          options={withCurrent(allStages, policy.wonStageIds)}
          onChange={(ids) => set({ wonStageIds: ids.map(String) })}
          {...errorProps(errors, `${base}.wonStageIds`)}
        />
        <MultiSelect
          name={`${base}.lostStageIds`}
          label={t.lostStages}
          value={policy.lostStageIds}
          options={withCurrent(allStages, policy.lostStageIds)}
          onChange={(ids) => set({ lostStageIds: ids.map(String) })}
          {...errorProps(errors, `${base}.lostStageIds`)}
        />
      </Flex>
    </>
  );
}

/** The portal's value for each lifecycle stage, picked by its label when the portal lists them. */
function StageMapFields({ props, set }: SectionProps) {
  const { value: policy, t, errors } = props;
  const stages = lifecycleStageOptions(props.properties);
  return (
    <>
      <Flex direction="column" gap="small">
        <Text variant="microcopy">{t.stageMapDescription}</Text>
        <Flex gap="small" wrap>
          {LIFECYCLE_STAGES.map((stage) => {
            const field = {
              name: `${base}.stageMap.${stage}`,
              testId: `${base}.stageMap.${stage}`,
              label: t[`stage_${stage}`],
              ...errorProps(errors, `${base}.stageMap.${stage}`),
            };
            const apply = (value: string) =>
              set({ stageMap: { ...policy.stageMap, [stage]: value } });
            return stages === null ? (
              <Input key={stage} {...field} value={policy.stageMap[stage]} onChange={apply} />
            ) : (
              <Select
                key={stage}
                {...field}
                value={policy.stageMap[stage]}
                options={withCurrent(stages, [policy.stageMap[stage]])}
                onChange={(value) => apply(String(value))}
              />
            );
          })}
        </Flex>
      </Flex>
    </>
  );
}
