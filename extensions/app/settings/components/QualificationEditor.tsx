// Qualification policy (question weights, verdict thresholds, re-qualification age, history size)
// and the plan section weights that make up overall completeness.
import { Flex, Heading, NumberInput, Text } from '@hubspot/ui-extensions';
import { QUESTIONS, SECTIONS, type SectionKeyId } from '../lib/catalog.ts';
import { errorProps } from '../lib/field-errors.ts';
import type { QualificationPolicy, Settings } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';

/** The part of the settings this editor changes. */
export interface QualificationSettings {
  qualification: QualificationPolicy;
  sectionWeights: Settings['sectionWeights'];
}

const finite = (n: number, fallback: number): number => (Number.isFinite(n) ? n : fallback);

/** Edits the qualification policy and the section weights. */
export function QualificationEditor(props: EditorProps<QualificationSettings>) {
  const { value, onChange, t, language, errors } = props;
  const policy = value.qualification;
  const setPolicy = (patch: Partial<QualificationPolicy>) =>
    onChange({ ...value, qualification: { ...policy, ...patch } });
  const base = 'qualification';

  return (
    <Flex direction="column" gap="medium">
      <Heading>{t.qualificationHeading}</Heading>
      <Text format={{ fontWeight: 'demibold' }}>{t.weightsHeading}</Text>
      <Flex gap="small" wrap>
        {QUESTIONS.map((question) => (
          <NumberInput
            key={question.id}
            name={`${base}.weights.${question.id}`}
            testId={`${base}.weights.${question.id}`}
            label={question.label[language]}
            min={0}
            value={policy.weights[question.id]}
            onChange={(n) =>
              setPolicy({
                weights: {
                  ...policy.weights,
                  [question.id]: finite(n, policy.weights[question.id]),
                },
              })
            }
            {...errorProps(errors, `${base}.weights.${question.id}`)}
          />
        ))}
      </Flex>
      {errors[`${base}.weights`] === undefined ? null : (
        <Text variant="microcopy">{errors[`${base}.weights`]}</Text>
      )}
      <Flex gap="small" wrap>
        <NumberInput
          name={`${base}.thresholds.qualified`}
          testId={`${base}.thresholds.qualified`}
          label={t.qualifiedThreshold}
          min={0}
          max={100}
          value={policy.thresholds.qualified}
          onChange={(n) =>
            setPolicy({
              thresholds: {
                ...policy.thresholds,
                qualified: finite(n, policy.thresholds.qualified),
              },
            })
          }
          {...errorProps(errors, `${base}.thresholds.qualified`)}
        />
        <NumberInput
          name={`${base}.thresholds.atRisk`}
          testId={`${base}.thresholds.atRisk`}
          label={t.atRiskThreshold}
          min={0}
          max={100}
          value={policy.thresholds.atRisk}
          onChange={(n) =>
            setPolicy({
              thresholds: { ...policy.thresholds, atRisk: finite(n, policy.thresholds.atRisk) },
            })
          }
          {...errorProps(errors, `${base}.thresholds.atRisk`)}
        />
        <NumberInput
          name={`${base}.maxAgeDays`}
          label={t.maxAgeDays}
          min={1}
          value={policy.maxAgeDays}
          onChange={(n) => setPolicy({ maxAgeDays: finite(n, policy.maxAgeDays) })}
          {...errorProps(errors, `${base}.maxAgeDays`)}
        />
        <NumberInput
          name={`${base}.historyLimit`}
          label={t.historyLimit}
          min={1}
          value={policy.historyLimit}
          onChange={(n) => setPolicy({ historyLimit: finite(n, policy.historyLimit) })}
          {...errorProps(errors, `${base}.historyLimit`)}
        />
      </Flex>

      <Heading>{t.sectionWeightsHeading}</Heading>
      <Text variant="microcopy">{t.sectionWeightsDescription}</Text>
      <Flex gap="small" wrap>
        {SECTIONS.map((section) => {
          const key: SectionKeyId = section.key;
          return (
            <NumberInput
              key={key}
              name={`sectionWeights.${key}`}
              testId={`sectionWeights.${key}`}
              label={section.label[language]}
              min={0}
              max={100}
              value={value.sectionWeights[key]}
              onChange={(n) =>
                onChange({
                  ...value,
                  sectionWeights: {
                    ...value.sectionWeights,
                    [key]: finite(n, value.sectionWeights[key]),
                  },
                })
              }
              {...errorProps(errors, `sectionWeights.${key}`)}
            />
          );
        })}
      </Flex>
    </Flex>
  );
}
