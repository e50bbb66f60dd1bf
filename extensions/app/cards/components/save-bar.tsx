// The card's one Save/Cancel bar, as HubSpot's record pages show it when a property was edited: it
// appears only while something is unsaved, names the sections with changes, and saves or discards
// all of them. Above it, once, the note that kept drafts were restored (lib/section-drafts.ts:
// after a remount, or after a page reload from the backend), to keep or to discard.
import { Alert, Button, Flex, LoadingButton, Text } from '@hubspot/ui-extensions';
import type { I18n } from '../lib/i18n.ts';
import type { SectionEditing } from '../lib/use-section-editing.ts';

/** The bar (nothing while nothing is unsaved). `testId` prefixes its parts. */
export function SaveBar({
  editing,
  i18n,
  testId,
}: {
  editing: SectionEditing;
  i18n: I18n;
  testId: string;
}) {
  const { t } = i18n;
  const { dirty, restoredFrom } = editing.drafts;
  return (
    <>
      {restoredFrom && dirty.length > 0 ? (
        <Alert title={t.drafts.restoredTitle} variant="info" testId={`${testId}-restored`}>
          <Flex direction="row" gap="sm" align="center" wrap>
            <Text>
              {i18n.format(t.drafts.restored, { time: i18n.formatDateTime(restoredFrom) })}
            </Text>
            <Button
              size="xs"
              variant="secondary"
              onClick={editing.drafts.dismissRestored}
              testId={`${testId}-restored-keep`}
            >
              {t.drafts.keep}
            </Button>
            <Button
              size="xs"
              variant="secondary"
              disabled={editing.busy}
              onClick={editing.cancel}
              testId={`${testId}-restored-discard`}
            >
              {t.drafts.discard}
            </Button>
          </Flex>
        </Alert>
      ) : null}
      {dirty.length > 0 ? (
        <Flex direction="row" gap="sm" align="center" wrap testId={`${testId}-bar`}>
          <LoadingButton
            variant="primary"
            loading={editing.busy}
            onClick={() => void editing.saveAll()}
            testId={`${testId}-save`}
          >
            {t.drafts.save}
          </LoadingButton>
          <Button
            variant="secondary"
            disabled={editing.busy}
            onClick={editing.cancel}
            testId={`${testId}-cancel`}
          >
            {t.drafts.cancel}
          </Button>
          <Text variant="microcopy" testId={`${testId}-unsaved`}>
            {i18n.format(t.drafts.unsaved, {
              sections: dirty.map((key) => t.sections[key]).join(', '),
            })}
          </Text>
        </Flex>
      ) : null}
      {editing.drafts.notKept.length > 0 ? (
        <Text variant="microcopy" testId={`${testId}-not-kept`}>
          {i18n.format(t.drafts.notKept, {
            sections: editing.drafts.notKept.map((key) => t.sections[key]).join(', '),
          })}
        </Text>
      ) : null}
    </>
  );
}
