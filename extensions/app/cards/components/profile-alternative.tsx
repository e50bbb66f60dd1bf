// A differing copy of the customer profile (another deal's, or the one carried over), as the deal's
// plan and the company's account both show it: where the copy comes from, what it holds, and the
// two ways on (take it, or keep the profile as it is).
import { Alert, Button, Flex, Text } from '@hubspot/ui-extensions';
import type { ProfileAlternative } from '../lib/account-types.ts';
import type { I18n } from '../lib/i18n.ts';
import { accountMessages } from '../lib/messages/account.ts';

/** A copy of the profile; the company's account also names the deal it lives on. */
type Alternative = ProfileAlternative & { dealName?: string | null };

/**
 * The copies to settle, one alert each; `testId` prefixes the alerts' test ids and their buttons'
 * (take, keep).
 */
export function ProfileAlternatives<A extends Alternative>({
  alternatives,
  i18n,
  onSettle,
  testId,
}: {
  alternatives: readonly A[];
  i18n: I18n;
  /** Takes the copy (true) or keeps the profile as it is (false). */
  onSettle: (alternative: A, take: boolean) => void;
  testId: string;
}) {
  return alternatives.map((alternative) => (
    <AlternativeAlert
      key={alternative.source}
      alternative={alternative}
      i18n={i18n}
      onSettle={(take) => onSettle(alternative, take)}
      testId={testId}
    />
  ));
}

function AlternativeAlert({
  alternative,
  i18n,
  onSettle,
  testId,
}: {
  alternative: Alternative;
  i18n: I18n;
  onSettle: (take: boolean) => void;
  testId: string;
}) {
  const t = accountMessages(i18n.language).profile;
  return (
    <Alert title={t.alternativeTitle} variant="info" testId={`${testId}-alternative`}>
      <Flex direction="column" gap="xs">
        <Text>
          {alternative.source === 'carriedOver'
            ? t.alternativeFromCarriedOver
            : i18n.format(t.alternativeFromDeal, {
                deal: alternative.dealName ?? alternative.dealId ?? '',
                date: i18n.formatDate(alternative.updatedAt),
              })}
        </Text>
        <Text variant="microcopy">
          {i18n.format(t.alternativeSummary, {
            areas: alternative.content.businessAreas.join(', ') || '—',
          })}
        </Text>
        <Flex direction="row" gap="sm">
          <Button size="sm" onClick={() => onSettle(true)} testId={`${testId}-take`}>
            {t.take}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => onSettle(false)}
            testId={`${testId}-keep`}
          >
            {t.keep}
          </Button>
        </Flex>
      </Flex>
    </Alert>
  );
}
