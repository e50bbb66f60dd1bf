// One plan section as a form: its draft (held by the card, lib/use-section-editing.ts, which the
// card's one Save/Cancel bar saves), "what is missing" (the backend's completeness), and what
// happens when someone else saved in between: the conflict names the fields they changed; the user
// loads their version or saves their own changes over it.
import type { ReactNode } from 'react';
import { Alert, Button, Flex, Form, List, ProgressBar, Text } from '@hubspot/ui-extensions';
import type { I18n } from '../lib/i18n.ts';
import { userName } from '../lib/people.ts';
import { FieldErrorsContext } from './fields.tsx';
import type { Messages } from '../lib/messages/en.ts';
import type { FieldErrors } from '../lib/validate-section.ts';
import type { SectionEditing } from '../lib/use-section-editing.ts';
import type { PlanView, SectionContentMap, SectionKey, SectionState } from '../lib/types.ts';

/** What a section editor gets: the draft, a way to change it, and the problems by field path. */
export interface SectionEditorProps<K extends SectionKey> {
  draft: SectionContentMap[K];
  onChange: (next: SectionContentMap[K]) => void;
  errors: FieldErrors;
  i18n: I18n;
  plan: PlanView;
}

/** A section field as the form labels it (the backend names changed fields by their key). */
function fieldLabel(t: Messages, section: SectionKey, field: string): string {
  const group: Record<SectionKey, Record<string, string>> = {
    accountTeam: t.accountTeam,
    customerProfile: t.customerProfile,
    opportunitySummary: { ...t.summary, consequencesOfInaction: t.summary.consequences },
    buyingProcess: { ...t.buyingProcess, customerDeadlines: t.buyingProcess.deadlines },
    keyPeople: t.keyPeople,
    competition: t.competition,
  };
  return group[section][field] ?? field;
}

/** The name of the HubSpot user who saved last (sections store the user id). */
/** The form around one section's editor: progress, what is missing, a conflict, the fields. */
export function SectionForm<K extends SectionKey>({
  sectionKey,
  plan,
  i18n,
  editing,
  children,
}: {
  sectionKey: K;
  plan: PlanView;
  i18n: I18n;
  /** The card's editing state (its one Save/Cancel bar saves every section). */
  editing: SectionEditing;
  children: (editor: SectionEditorProps<K>) => ReactNode;
}) {
  const { t } = i18n;
  const stored = plan.sections[sectionKey] as SectionState<K>;
  const draft = editing.drafts.contentOf(sectionKey, stored);
  const errors = editing.errors[sectionKey] ?? {};
  const completeness = plan.completeness.sections[sectionKey];
  const title = t.sections[sectionKey];
  const testId = `section-${sectionKey}`;
  return (
    <Form onSubmit={() => void editing.saveAll()} preventDefault testId={testId}>
      <Flex direction="column" gap="md">
        <ProgressBar
          title={title}
          value={completeness.percent}
          maxValue={100}
          showPercentage
          valueDescription={i18n.format(t.plan.sectionProgress, {
            filled: completeness.filled,
            total: completeness.total,
          })}
          testId={`${testId}-progress`}
        />
        <Flex direction="column" gap="xs">
          <Text format={{ fontWeight: 'demibold' }}>{t.plan.missingTitle}</Text>
          {completeness.missing.length === 0 ? (
            <Text variant="microcopy">{t.plan.nothingMissing}</Text>
          ) : (
            <List testId={`${testId}-missing`}>
              {completeness.missing.map((missing) => (
                <Text key={missing.item}>{i18n.pick(missing.label)}</Text>
              ))}
            </List>
          )}
        </Flex>
        <ConflictAlert sectionKey={sectionKey} plan={plan} i18n={i18n} editing={editing} />
        <FieldErrorsContext.Provider value={errors}>
          {children({
            draft,
            onChange: (next) => editing.edit(sectionKey, next),
            errors,
            i18n,
            plan,
          })}
        </FieldErrorsContext.Provider>
        <Text variant="microcopy" testId={`${testId}-last-saved`}>
          {stored.updatedAt
            ? i18n.format(t.common.lastSaved, {
                date: i18n.formatDateTime(stored.updatedAt),
                user: userName(plan.owners, stored.updatedBy, i18n) ?? t.common.unknownPerson,
              })
            : t.common.neverSaved}
        </Text>
      </Flex>
    </Form>
  );
}

/**
 * Someone else saved the section: what they changed, and the two ways on (nothing while the
 * section has no conflict).
 */
function ConflictAlert({
  sectionKey,
  plan,
  i18n,
  editing,
}: {
  sectionKey: SectionKey;
  plan: PlanView;
  i18n: I18n;
  editing: SectionEditing;
}) {
  const conflict = editing.conflicts[sectionKey];
  if (!conflict) return null;
  const { t } = i18n;
  const testId = `section-${sectionKey}`;
  return (
    <Alert title={t.conflict.title} variant="warning" testId={`${testId}-conflict`}>
      <Flex direction="column" gap="sm">
        <Text>
          {i18n.format(t.conflict.body, {
            fields:
              conflict.theirFields.length > 0
                ? conflict.theirFields.map((field) => fieldLabel(t, sectionKey, field)).join(', ')
                : t.common.notSet,
          })}
        </Text>
        <Text variant="microcopy">
          {i18n.format(t.common.lastSaved, {
            date: i18n.formatDateTime(conflict.current.updatedAt),
            user: userName(plan.owners, conflict.current.updatedBy, i18n) ?? t.common.unknownPerson,
          })}
        </Text>
        <Flex direction="row" gap="sm">
          <Button
            variant="secondary"
            onClick={() => editing.loadTheirs(sectionKey)}
            testId={`${testId}-reload`}
          >
            {t.conflict.reload}
          </Button>
          <Button
            variant="destructive"
            onClick={() => void editing.keepMine(sectionKey)}
            testId={`${testId}-overwrite`}
          >
            {t.conflict.overwrite}
          </Button>
        </Flex>
      </Flex>
    </Alert>
  );
}

/** Input props for a field path: the error flag and message when the path has a problem. */
export function fieldError(errors: FieldErrors, path: string) {
  const message = errors[path];
  return message ? { error: true, validationMessage: message } : {};
}
