// Stage gates: per deal stage, the minimum plan completeness, the items that must be met and
// whether the latest verdict must be "qualified".
import {
  Button,
  Flex,
  Heading,
  MultiSelect,
  NumberInput,
  Select,
  Text,
  Tile,
  Toggle,
} from '@hubspot/ui-extensions';
import { COMPLETENESS_ITEMS, SECTIONS } from '../lib/catalog.ts';
import { errorProps } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import type { PipelineView, StageGate } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';
import { allStageOptions, withCurrent } from './options.ts';

/** Props of StageGatesEditor: the gates plus the portal's pipelines. */
export interface StageGatesEditorProps extends EditorProps<StageGate[]> {
  pipelines: readonly PipelineView[];
}

const base = 'stageGates';
/** Completeness a new gate starts with, in percent. */
export const DEFAULT_GATE_COMPLETENESS = 50;

/** Edits the list of stage gates. */
export function StageGatesEditor(props: StageGatesEditorProps) {
  const { value: gates, onChange, t, language, errors, pipelines } = props;
  const stages = allStageOptions(pipelines);
  const sectionLabel = new Map(SECTIONS.map((s) => [s.key as string, s.label[language]]));
  const itemOptions = COMPLETENESS_ITEMS.map((entry) => ({
    value: entry.item as string,
    label: `${sectionLabel.get(entry.section) ?? entry.section}: ${entry.title[language]}`,
  }));
  const update = (index: number, patch: Partial<StageGate>) =>
    onChange(gates.map((gate, i) => (i === index ? { ...gate, ...patch } : gate)));
  const stageLabel = (id: string) => stages.find((s) => s.value === id)?.label ?? id;
  const freeStage = stages.find((s) => !gates.some((g) => g.stageId === s.value))?.value;

  return (
    <Flex direction="column" gap="small">
      <Heading>{t.stageGatesHeading}</Heading>
      <Text variant="microcopy">{t.stageGatesDescription}</Text>
      <Text variant="microcopy">{t.gatePipelineRulesNote}</Text>
      {gates.length === 0 ? <Text>{t.noGates}</Text> : null}
      {gates.map((gate, index) => {
        const path = `${base}.${index}`;
        return (
          <Tile compact key={index} testId={path}>
            <Flex direction="column" gap="small">
              <Flex justify="between" align="center">
                <Text format={{ fontWeight: 'demibold' }}>
                  {format(t.gateTitle, { stage: stageLabel(gate.stageId) }, language)}
                </Text>
                <Button
                  size="xs"
                  variant="transparent"
                  onClick={() => onChange(gates.filter((_, i) => i !== index))}
                >
                  {format(t.removeGate, { stage: stageLabel(gate.stageId) }, language)}
                </Button>
              </Flex>
              <Flex gap="small" wrap>
                <Select
                  name={`${path}.stageId`}
                  testId={`${path}.stageId`}
                  label={t.gateStage}
                  value={gate.stageId}
                  options={withCurrent(stages, [gate.stageId])}
                  onChange={(stageId) => update(index, { stageId: String(stageId) })}
                  {...errorProps(errors, `${path}.stageId`)}
                />
                <NumberInput
                  name={`${path}.minCompleteness`}
                  testId={`${path}.minCompleteness`}
                  label={t.gateMinCompleteness}
                  min={0}
                  max={100}
                  value={gate.minCompleteness}
                  onChange={(n) =>
                    update(index, {
                      minCompleteness: Number.isFinite(n) ? Math.round(n) : gate.minCompleteness,
                    })
                  }
                  {...errorProps(errors, `${path}.minCompleteness`)}
                />
                <Select
                  name={`${path}.mode`}
                  testId={`${path}.mode`}
                  label={t.gateMode}
                  description={gate.mode === 'warn' ? t.gateModeWarnHint : t.gateModeEnforceHint}
                  value={gate.mode}
                  options={[
                    { value: 'enforce', label: t.gateModeEnforce },
                    { value: 'warn', label: t.gateModeWarn },
                  ]}
                  onChange={(mode) => update(index, { mode: mode === 'warn' ? 'warn' : 'enforce' })}
                  {...errorProps(errors, `${path}.mode`)}
                />
                <Toggle
                  name={`${path}.requireQualified`}
                  label={t.gateRequireQualified}
                  checked={gate.requireQualified === true}
                  onChange={(requireQualified) => update(index, { requireQualified })}
                />
              </Flex>
              <MultiSelect
                name={`${path}.requiredItems`}
                testId={`${path}.requiredItems`}
                label={t.gateRequiredItems}
                value={gate.requiredItems}
                options={itemOptions}
                onChange={(items) =>
                  update(index, { requiredItems: items.map(String) as StageGate['requiredItems'] })
                }
                {...errorProps(errors, `${path}.requiredItems`)}
              />
            </Flex>
          </Tile>
        );
      })}
      <Button
        size="sm"
        testId="add-gate"
        onClick={() =>
          onChange([
            ...gates,
            {
              stageId: freeStage ?? '',
              minCompleteness: DEFAULT_GATE_COMPLETENESS,
              requiredItems: [],
              mode: 'enforce',
            },
          ])
        }
      >
        {t.addGate}
      </Button>
    </Flex>
  );
}
