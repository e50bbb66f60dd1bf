// Live preview: finds a contact by name or email, scores it with the model as edited (not yet
// saved), and explains the score in plain words — every rule, matched or not, the grade, the
// band and decay — so an admin sees the effect of a change before it reaches every contact.
import { useState } from 'react';
import {
  Alert,
  Button,
  Flex,
  Heading,
  Input,
  LoadingButton,
  Select,
  Statistics,
  StatisticsItem,
  Text,
} from '@hubspot/ui-extensions';
import { DataTable } from '../../cards/components/data-table.tsx';
import type { CardApi } from '../../cards/lib/api.ts';
import { format, formatSignedPoints } from '../lib/i18n.ts';
import { localizeFieldMessage } from '../lib/field-messages.ts';
import type {
  ApiError,
  ContactMatchView,
  Language,
  ScoreView,
  ScoringModel,
} from '../lib/types.ts';
import type { Messages } from '../messages/index.ts';

/** Props of ScorePreview. */
export interface ScorePreviewProps {
  api: CardApi;
  model: ScoringModel;
  t: Messages;
  language: Language;
}

/** The shortest search HubSpot is asked for (the backend refuses shorter ones too). */
export const MIN_SEARCH_LENGTH = 2;

/** The explanation: every rule with its points, then grade, band and decay. */
function Explanation({
  score,
  t,
  language,
}: {
  score: ScoreView;
  t: Messages;
  language: Language;
}) {
  const explanation = score.explanation;
  if (explanation === undefined) return null;
  return (
    <Flex direction="column" gap="small" testId="preview-explanation">
      <Text testId="preview-grade-explained">{explanation.grade[language]}</Text>
      <Text testId="preview-band-explained">{explanation.band[language]}</Text>
      {explanation.decay === null ? null : (
        <Text variant="microcopy" testId="preview-decay-explained">
          {explanation.decay[language]}
        </Text>
      )}
      <DataTable
        condensed
        testId="preview-rules"
        rows={explanation.rules}
        rowKey={(rule) => rule.ruleId}
        columns={[
          {
            header: t.previewRule,
            cell: (rule) => `${t[`dimension_${rule.dimension}`]}: ${rule.label[language]}`,
          },
          { header: t.previewCondition, cell: (rule) => rule.condition[language] },
          {
            header: t.previewPoints,
            cell: (rule) =>
              rule.detail === null
                ? format(
                    t.previewNotMatched,
                    { points: formatSignedPoints(rule.points, language) },
                    language,
                  )
                : rule.detail[language],
          },
        ]}
      />
    </Flex>
  );
}

/** A contact search, a button, and the score explained. */
export function ScorePreview({ api, model, t, language }: ScorePreviewProps) {
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<ContactMatchView[] | null>(null);
  const [contactId, setContactId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [loading, setLoading] = useState(false);
  const [score, setScore] = useState<ScoreView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const search = async () => {
    if (query.trim().length < MIN_SEARCH_LENGTH) {
      setProblem(t.previewSearchTooShort);
      return;
    }
    setProblem(null);
    setSearching(true);
    const result = await api.searchContacts(query.trim());
    setSearching(false);
    if (!result.ok) {
      setMatches(null);
      setError(result.error);
      return;
    }
    setError(null);
    setMatches(result.data);
    setContactId(result.data[0]?.id ?? '');
  };

  const preview = async () => {
    if (contactId === '') {
      setProblem(t.previewContactRequired);
      return;
    }
    setProblem(null);
    setLoading(true);
    const result = await api.previewScore(model, contactId);
    setLoading(false);
    setScore(result.ok ? result.data : null);
    setError(result.ok ? null : result.error);
  };

  return (
    <Flex direction="column" gap="small">
      <Heading>{t.previewHeading}</Heading>
      <Text variant="microcopy">{t.previewHint}</Text>
      <Flex gap="small" align="end" wrap>
        <Input
          name="previewSearch"
          testId="preview-search"
          label={t.previewSearch}
          placeholder={t.previewSearchPlaceholder}
          value={query}
          onChange={setQuery}
          error={problem === t.previewSearchTooShort}
          validationMessage={problem === t.previewSearchTooShort ? problem : undefined}
        />
        <LoadingButton loading={searching} onClick={() => void search()} testId="preview-find">
          {t.previewFind}
        </LoadingButton>
      </Flex>
      {matches === null ? null : matches.length === 0 ? (
        <Text testId="preview-no-matches">{format(t.previewNoMatches, { query }, language)}</Text>
      ) : (
        <Flex gap="small" align="end" wrap>
          <Select
            name="previewContact"
            testId="preview-contact"
            label={t.previewContact}
            value={contactId}
            options={matches.map((match) => ({
              value: match.id,
              label: match.email === null ? match.name : `${match.name} (${match.email})`,
            }))}
            onChange={(id) => setContactId(String(id))}
            error={problem === t.previewContactRequired}
            validationMessage={problem === t.previewContactRequired ? problem : undefined}
          />
          <LoadingButton loading={loading} onClick={() => void preview()} testId="preview-button">
            {t.previewButton}
          </LoadingButton>
          <Button variant="transparent" onClick={() => setMatches(null)}>
            {t.previewClear}
          </Button>
        </Flex>
      )}
      {error === null ? null : (
        <Alert title={t.previewErrorTitle} variant="error" testId="preview-error">
          {(error.fields ?? []).length === 0
            ? error.message[language]
            : (error.fields ?? [])
                .map((field) => localizeFieldMessage(field.message, language))
                .join(' ')}
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
          {score.explanation === undefined ? (
            <Text>
              {score.reasons.length === 0
                ? t.previewNoReasons
                : score.reasons.map((reason) => reason.why[language]).join('; ')}
            </Text>
          ) : (
            <Explanation score={score} t={t} language={language} />
          )}
        </Flex>
      )}
    </Flex>
  );
}
