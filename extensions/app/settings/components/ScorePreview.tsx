// Live preview: scores one contact with the model as edited (not yet saved), so an admin sees the
// effect of a change before it reaches every contact.
import { useState } from 'react';
import {
  Alert,
  Flex,
  Heading,
  Input,
  List,
  LoadingButton,
  Statistics,
  StatisticsItem,
  Text,
} from '@hubspot/ui-extensions';
import type { CardApi } from '../../cards/lib/api.ts';
import type { ApiError, Language, ScoreView, ScoringModel } from '../lib/types.ts';
import type { Messages } from '../messages/index.ts';

/** Props of ScorePreview. */
export interface ScorePreviewProps {
  api: CardApi;
  model: ScoringModel;
  t: Messages;
  language: Language;
}

/** A contact id input, a button, and the score with its reasons. */
export function ScorePreview({ api, model, t, language }: ScorePreviewProps) {
  const [contactId, setContactId] = useState('');
  const [missingId, setMissingId] = useState(false);
  const [loading, setLoading] = useState(false);
  const [score, setScore] = useState<ScoreView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const preview = async () => {
    const id = contactId.trim();
    if (id === '') {
      setMissingId(true);
      return;
    }
    setMissingId(false);
    setLoading(true);
    const result = await api.previewScore(model, id);
    setLoading(false);
    if (result.ok) {
      setScore(result.data);
      setError(null);
    } else {
      setScore(null);
      setError(result.error);
    }
  };

  return (
    <Flex direction="column" gap="small">
      <Heading>{t.previewHeading}</Heading>
      <Text variant="microcopy">{t.previewHint}</Text>
      <Flex gap="small" align="end">
        <Input
          name="previewContactId"
          testId="preview-contact-id"
          label={t.previewContact}
          value={contactId}
          onChange={setContactId}
          error={missingId}
          validationMessage={missingId ? t.previewContactRequired : undefined}
        />
        <LoadingButton loading={loading} onClick={() => void preview()} testId="preview-button">
          {t.previewButton}
        </LoadingButton>
      </Flex>
      {error === null ? null : (
        <Alert title={t.previewErrorTitle} variant="error" testId="preview-error">
          {error.message[language]}
          {(error.fields ?? []).map((field) => ` ${field.path}: ${field.message}`).join(';')}
        </Alert>
      )}
      {score === null ? null : (
        <Flex direction="column" gap="small" testId="preview-result">
          <Statistics>
            <StatisticsItem label={t.previewFit} number={score.fit} />
            <StatisticsItem label={t.previewEngagement} number={score.engagement} />
            <StatisticsItem label={t.previewTotal} number={score.total} />
            <StatisticsItem label={t.previewGrade} number={score.grade} />
            <StatisticsItem label={t.previewBand} number={t[`band_${score.band}`]} />
          </Statistics>
          <Text format={{ fontWeight: 'demibold' }}>{t.previewReasons}</Text>
          {score.reasons.length === 0 ? (
            <Text>{t.previewNoReasons}</Text>
          ) : (
            <List variant="unordered">
              {score.reasons.map((reason) => (
                <Text key={reason.ruleId}>
                  {`${reason.points > 0 ? '+' : ''}${reason.points} ${reason.label[language]}: ${reason.why[language]}`}
                </Text>
              ))}
            </List>
          )}
        </Flex>
      )}
    </Flex>
  );
}
