// The lead score in words on the contact card: the matched rules with their points, and (when the
// server sends it, src/domain/scoring/explanation.ts) every rule of the model matched or not, with
// the grade, band and engagement decay explained.
import {
  Accordion,
  Flex,
  Heading,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { I18n } from '../lib/i18n.ts';
import type { QualificationView, ScoreExplanation } from '../lib/types.ts';

type RuleExplanation = ScoreExplanation['rules'][number];

/** The matched rules with their points and why they matched. */
export function ScoreReasons({ view, i18n }: { view: QualificationView; i18n: I18n }) {
  const { t } = i18n;
  return (
    <>
      <Heading>{t.lead.reasons}</Heading>
      {view.score.reasons.length === 0 ? (
        <Text variant="microcopy">{t.lead.noReasons}</Text>
      ) : (
        <Table bordered testId="lead-reasons">
          <TableHead>
            <TableRow>
              <TableHeader width="min">{t.lead.points}</TableHeader>
              <TableHeader>{t.lead.reason}</TableHeader>
              <TableHeader>{t.lead.why}</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {view.score.reasons.map((reason) => (
              <TableRow key={reason.ruleId}>
                <TableCell>{formatPoints(reason.points, i18n)}</TableCell>
                <TableCell>{i18n.pick(reason.label)}</TableCell>
                <TableCell>{i18n.pick(reason.why)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

/** Every rule of the scoring model, matched or not, and how grade, band and decay came about. */
export function ScoreExplanationView({
  explanation,
  i18n,
}: {
  explanation: ScoreExplanation;
  i18n: I18n;
}) {
  const t = i18n.t.lead;
  const matched = explanation.rules.filter((rule) => rule.earned !== null);
  const unmatched = explanation.rules.filter((rule) => rule.earned === null);
  return (
    <Accordion title={t.explanation} size="sm" testId="lead-explanation">
      <Flex direction="column" gap="sm">
        <Text testId="lead-explanation-grade">{i18n.pick(explanation.grade)}</Text>
        <Text testId="lead-explanation-band">{i18n.pick(explanation.band)}</Text>
        <Text testId="lead-explanation-decay">
          {explanation.decay ? i18n.pick(explanation.decay) : t.noDecay}
        </Text>
        <Heading>{t.matchedRules}</Heading>
        <RuleTable
          rules={matched}
          pointsLabel={t.earned}
          empty={t.noReasons}
          points={(rule) =>
            rule.detail ? i18n.pick(rule.detail) : formatPoints(rule.earned ?? 0, i18n)
          }
          i18n={i18n}
          testId="lead-explanation-matched"
        />
        <Heading>{t.unmatchedRules}</Heading>
        <RuleTable
          rules={unmatched}
          pointsLabel={t.points}
          empty={t.noUnmatchedRules}
          points={(rule) => formatPoints(rule.points, i18n)}
          i18n={i18n}
          testId="lead-explanation-unmatched"
        />
      </Flex>
    </Accordion>
  );
}

/** Rules with their points (as `points` words them), label and condition; `empty` when none. */
function RuleTable({
  rules,
  pointsLabel,
  empty,
  points,
  i18n,
  testId,
}: {
  rules: RuleExplanation[];
  pointsLabel: string;
  empty: string;
  points: (rule: RuleExplanation) => string;
  i18n: I18n;
  testId: string;
}) {
  const t = i18n.t.lead;
  if (rules.length === 0) return <Text variant="microcopy">{empty}</Text>;
  return (
    <Table bordered testId={testId}>
      <TableHead>
        <TableRow>
          <TableHeader width="min">{pointsLabel}</TableHeader>
          <TableHeader>{t.rule}</TableHeader>
          <TableHeader>{t.condition}</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {rules.map((rule) => (
          <TableRow key={rule.ruleId}>
            <TableCell>{points(rule)}</TableCell>
            <TableCell>{i18n.pick(rule.label)}</TableCell>
            <TableCell>{i18n.pick(rule.condition)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Points with their sign, so "−10" reads as a penalty. */
export function formatPoints(points: number, i18n: I18n): string {
  const formatted = i18n.formatNumber(Math.abs(points));
  return points > 0 ? `+${formatted}` : points < 0 ? `−${formatted}` : formatted;
}
