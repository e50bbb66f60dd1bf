// The scoring model editor: per dimension its cap and groups of rules (engagement also its decay),
// then the total cap, the MQL/SQL thresholds and the grade matrix.
import {
  Accordion,
  Button,
  Divider,
  Flex,
  Heading,
  Input,
  NumberInput,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Toggle,
} from '@hubspot/ui-extensions';
import { errorProps } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import {
  addGroup,
  addRule,
  DIMENSIONS,
  removeGroup,
  removeRule,
  updateGroup,
  updateRule,
  type DimensionKey,
} from '../lib/model-edit.ts';
import type { ScoringGroup, ScoringModel } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';
import { RuleEditor } from './RuleEditor.tsx';

/** Default half-life offered when decay is switched on, in days. */
export const DEFAULT_HALF_LIFE_DAYS = 30;

const finite = (n: number | undefined, fallback: number): number =>
  typeof n === 'number' && Number.isFinite(n) ? n : fallback;

interface GroupEditorProps extends EditorProps<ScoringGroup> {
  path: string;
  dimension: DimensionKey;
  onRemove: () => void;
  onAddRule: () => void;
  onRemoveRule: (index: number) => void;
  onChangeRule: (index: number, rule: ScoringGroup['rules'][number]) => void;
}

function GroupEditor(props: GroupEditorProps) {
  const { value: group, onChange, t, language, errors, path, dimension } = props;
  return (
    <Accordion title={`${group.label[language]} (${group.rules.length})`} defaultOpen size="sm">
      <Flex direction="column" gap="small">
        <Flex gap="small" wrap>
          <Input
            name={`${path}.id`}
            label={t.groupId}
            value={group.id}
            onChange={(id) => onChange({ ...group, id })}
            {...errorProps(errors, `${path}.id`)}
          />
          <Input
            name={`${path}.label.en`}
            label={t.groupLabelEn}
            value={group.label.en}
            onChange={(en) => onChange({ ...group, label: { ...group.label, en } })}
            {...errorProps(errors, `${path}.label.en`)}
          />
          <Input
            name={`${path}.label.de`}
            label={t.groupLabelDe}
            value={group.label.de}
            onChange={(de) => onChange({ ...group, label: { ...group.label, de } })}
            {...errorProps(errors, `${path}.label.de`)}
          />
          <NumberInput
            name={`${path}.cap`}
            testId={`${path}.cap`}
            label={t.groupCap}
            description={t.groupCapDescription}
            value={group.cap}
            onChange={(cap) => {
              const { cap: _old, ...rest } = group;
              onChange(Number.isFinite(cap) ? { ...rest, cap } : rest);
            }}
            {...errorProps(errors, `${path}.cap`)}
          />
        </Flex>
        {group.rules.length === 0 ? <Text variant="microcopy">{t.noRules}</Text> : null}
        {group.rules.map((rule, index) => (
          <RuleEditor
            key={`${index}-${rule.id}`}
            value={rule}
            onChange={(next) => props.onChangeRule(index, next)}
            onRemove={() => props.onRemoveRule(index)}
            t={t}
            language={language}
            errors={errors}
            path={`${path}.rules.${index}`}
            allowDecay={dimension === 'engagement'}
          />
        ))}
        <Flex gap="small">
          <Button size="sm" onClick={props.onAddRule} testId={`${path}.addRule`}>
            {t.addRule}
          </Button>
          <Button size="sm" variant="destructive" onClick={props.onRemove}>
            {t.removeGroup}
          </Button>
        </Flex>
      </Flex>
    </Accordion>
  );
}

/** The grade matrix: fit grade per row, engagement grade per column. */
function GradeMatrix({ model, t }: { model: ScoringModel; t: EditorProps<unknown>['t'] }) {
  const { fit, engagement } = model.grades;
  const fitRows: [string, string][] = [
    ['A', format(t.gradeRange, { from: fit.A })],
    ['B', format(t.gradeRange, { from: fit.B })],
    ['C', format(t.gradeBelow, { to: fit.B })],
  ];
  const engagementColumns: [string, string][] = [
    ['1', format(t.gradeRange, { from: engagement['1'] })],
    ['2', format(t.gradeRange, { from: engagement['2'] })],
    ['3', format(t.gradeBelow, { to: engagement['2'] })],
  ];
  return (
    <Table bordered density="condensed" testId="grade-matrix">
      <TableHead>
        <TableRow>
          <TableHeader>{t.gradeMatrixFit}</TableHeader>
          {engagementColumns.map(([grade, range]) => (
            <TableHeader key={grade}>{`${t.dimension_engagement} ${grade} (${range})`}</TableHeader>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {fitRows.map(([fitGrade, range]) => (
          <TableRow key={fitGrade}>
            <TableCell>{`${fitGrade} (${range})`}</TableCell>
            {engagementColumns.map(([engagementGrade]) => (
              <TableCell key={engagementGrade}>{`${fitGrade}${engagementGrade}`}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Edits the whole scoring model; `errors` are keyed by full path (`scoring.…`). */
export function ScoringEditor(props: EditorProps<ScoringModel>) {
  const { value: model, onChange, t, language, errors } = props;
  const base = 'scoring';
  const numberField = (
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

  return (
    <Flex direction="column" gap="medium">
      {DIMENSIONS.map((dimension) => {
        const dim = model[dimension];
        const dimensionLabel = t[`dimension_${dimension}`];
        return (
          <Flex direction="column" gap="small" key={dimension}>
            <Heading>{dimensionLabel}</Heading>
            <Flex gap="small" wrap align="end">
              {numberField(
                `${dimension}.cap`,
                format(t.dimensionCap, { dimension: dimensionLabel }),
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
              />
            ))}
            <Button
              size="sm"
              onClick={() => onChange(addGroup(model, dimension))}
              testId={`${base}.${dimension}.addGroup`}
            >
              {t.addGroup}
            </Button>
            <Divider />
          </Flex>
        );
      })}
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
      <GradeMatrix model={model} t={t} />
    </Flex>
  );
}
