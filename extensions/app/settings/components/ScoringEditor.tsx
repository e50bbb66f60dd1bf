// The scoring model editor in two parts, each a tab of its own: the rules of one dimension (its cap,
// engagement also its decay, then its groups, collapsed), and the bands and grade matrix.
import { Button, Flex, Heading, NumberInput, Text, Toggle } from '@hubspot/ui-extensions';
import { errorProps } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import {
  addGroup,
  addRule,
  removeGroup,
  removeRule,
  updateGroup,
  updateRule,
  type DimensionKey,
} from '../lib/model-edit.ts';
import type { PropertyView, ScoringModel } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';
import { GradeMatrix } from './GradeMatrix.tsx';
import { GroupEditor } from './GroupEditor.tsx';

/** Default half-life offered when decay is switched on, in days. */
export const DEFAULT_HALF_LIFE_DAYS = 30;

const finite = (n: number | undefined, fallback: number): number =>
  typeof n === 'number' && Number.isFinite(n) ? n : fallback;

const base = 'scoring';

/** A number input bound to one path of the model. */
function useNumberField(props: EditorProps<ScoringModel>) {
  const { onChange, errors } = props;
  return (
    path: string,
    label: string,
    current: number,
    apply: (n: number) => ScoringModel,
    description?: string,
  ) => (
    <NumberInput
      name={`${base}.${path}`}
      testId={`${base}.${path}`}
      label={label}
      description={description}
      value={current}
      onChange={(n) => onChange(apply(finite(n, current)))}
      {...errorProps(errors, `${base}.${path}`)}
    />
  );
}

/** Props of DimensionEditor. */
export interface DimensionEditorProps extends EditorProps<ScoringModel> {
  dimension: DimensionKey;
  properties: readonly PropertyView[];
}

/** The rules of one dimension: its cap (and decay), then its groups, collapsed. */
export function DimensionEditor(props: DimensionEditorProps) {
  const { value: model, onChange, t, language, errors, dimension, properties } = props;
  const numberField = useNumberField(props);
  const dim = model[dimension];
  const dimensionLabel = t[`dimension_${dimension}`];
  const ruleCount = dim.groups.reduce((sum, group) => sum + group.rules.length, 0);
  return (
    <Flex direction="column" gap="small">
      <Text variant="microcopy">
        {format(
          t.dimensionSummary,
          { groups: dim.groups.length, rules: ruleCount, dimension: dimensionLabel },
          language,
        )}
      </Text>
      <Flex gap="small" wrap align="end">
        {numberField(
          `${dimension}.cap`,
          format(t.dimensionCap, { dimension: dimensionLabel }, language),
          dim.cap,
          (cap) => ({ ...model, [dimension]: { ...dim, cap } }),
        )}
        {dimension === 'engagement' ? (
          <>
            <Toggle
              name={`${base}.engagement.decay.enabled`}
              label={t.decayEnabled}
              checked={model.engagement.decay !== null}
              onChange={(on) =>
                onChange({
                  ...model,
                  engagement: {
                    ...model.engagement,
                    decay: on ? { halfLifeDays: DEFAULT_HALF_LIFE_DAYS } : null,
                  },
                })
              }
            />
            {model.engagement.decay === null
              ? null
              : numberField(
                  'engagement.decay.halfLifeDays',
                  t.halfLife,
                  model.engagement.decay.halfLifeDays,
                  (halfLifeDays) => ({
                    ...model,
                    engagement: { ...model.engagement, decay: { halfLifeDays } },
                  }),
                  t.halfLifeDescription,
                )}
          </>
        ) : null}
      </Flex>
      {dim.groups.map((group, g) => (
        <GroupEditor
          key={`${g}-${group.id}`}
          value={group}
          onChange={(next) => onChange(updateGroup(model, dimension, g, next))}
          onRemove={() => onChange(removeGroup(model, dimension, g))}
          onAddRule={() => onChange(addRule(model, dimension, g))}
          onRemoveRule={(r) => onChange(removeRule(model, dimension, g, r))}
          onChangeRule={(r, rule) => onChange(updateRule(model, dimension, g, r, rule))}
          t={t}
          language={language}
          errors={errors}
          path={`${base}.${dimension}.groups.${g}`}
          dimension={dimension}
          properties={properties}
        />
      ))}
      <Button
        size="sm"
        onClick={() => onChange(addGroup(model, dimension))}
        testId={`${base}.${dimension}.addGroup`}
      >
        {format(t.addGroup, { dimension: dimensionLabel }, language)}
      </Button>
    </Flex>
  );
}

/** The total cap, the MQL/SQL thresholds and the grade matrix. */
export function ThresholdsEditor(props: EditorProps<ScoringModel>) {
  const { value: model, t, language } = props;
  const numberField = useNumberField(props);
  return (
    <Flex direction="column" gap="small">
      <Heading>{t.bandsHeading}</Heading>
      <Flex gap="small" wrap>
        {numberField('totalCap', t.totalCap, model.totalCap, (totalCap) => ({
          ...model,
          totalCap,
        }))}
        {numberField('thresholds.mql', t.mqlThreshold, model.thresholds.mql, (mql) => ({
          ...model,
          thresholds: { ...model.thresholds, mql },
        }))}
        {numberField('thresholds.sql', t.sqlThreshold, model.thresholds.sql, (sql) => ({
          ...model,
          thresholds: { ...model.thresholds, sql },
        }))}
      </Flex>
      <Heading>{t.gradesHeading}</Heading>
      <Text variant="microcopy">{t.gradesDescription}</Text>
      <Flex gap="small" wrap>
        {numberField('grades.fit.A', t.gradeFitA, model.grades.fit.A, (A) => ({
          ...model,
          grades: { ...model.grades, fit: { ...model.grades.fit, A } },
        }))}
        {numberField('grades.fit.B', t.gradeFitB, model.grades.fit.B, (B) => ({
          ...model,
          grades: { ...model.grades, fit: { ...model.grades.fit, B } },
        }))}
        {numberField(
          'grades.engagement.1',
          t.gradeEngagement1,
          model.grades.engagement['1'],
          (one) => ({
            ...model,
            grades: { ...model.grades, engagement: { ...model.grades.engagement, '1': one } },
          }),
        )}
        {numberField(
          'grades.engagement.2',
          t.gradeEngagement2,
          model.grades.engagement['2'],
          (two) => ({
            ...model,
            grades: { ...model.grades, engagement: { ...model.grades.engagement, '2': two } },
          }),
        )}
      </Flex>
      <GradeMatrix model={model} t={t} language={language} />
    </Flex>
  );
}
