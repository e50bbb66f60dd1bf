// One plan section as an editable form: the draft, "what is missing" (the backend's completeness),
// saving with the section's revision, and what happens when someone else saved in between: the
// backend answers `conflict` with the stored version and the changed fields; the user either loads
// that version or overwrites it knowingly by saving again with its revision.
import { useState } from 'react';
import type { ReactNode } from 'react';
import {
  Alert,
  Button,
  Flex,
  Form,
  List,
  LoadingButton,
  ProgressBar,
  Text,
  useExtensionActions,
} from '@hubspot/ui-extensions';
import { useCardApi } from '../lib/api.ts';
import type { I18n } from '../lib/i18n.ts';
import type { Messages } from '../lib/messages/en.ts';
import type { FieldErrors } from '../lib/validate-section.ts';
import { SECTION_LIMITS, validateSection } from '../lib/validate-section.ts';
import type {
  ApiResult,
  CompletenessView,
  PlanView,
  SectionContentMap,
  SaveSectionResult,
  SectionKey,
  SectionState,
} from '../lib/types.ts';

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
function userName(plan: PlanView, userId: string | null): string | null {
  if (!userId) return null;
  return plan.owners?.find((owner) => owner.userId === userId)?.name ?? userId;
}

interface Conflict<K extends SectionKey> {
  current: SectionState<K>;
  changedFields: string[];
}

const isSectionState = (value: unknown): value is SectionState =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { rev?: unknown }).rev === 'number' &&
  typeof (value as { content?: unknown }).content === 'object';

/** The form around one section's editor. */
export function SectionForm<K extends SectionKey>({
  sectionKey,
  plan,
  i18n,
  onSectionChanged,
  children,
  save: saveSection,
}: {
  sectionKey: K;
  plan: PlanView;
  i18n: I18n;
  /** Where the section is saved; the deal's plan by default (the company card saves its profile). */
  save?: (
    rev: number,
    content: SectionContentMap[K],
  ) => Promise<
    ApiResult<{
      section: SectionState;
      completeness?: CompletenessView;
      buyingRoles?: SaveSectionResult['buyingRoles'];
    }>
  >;
  /** Called with the stored section (after a save or a reload) and, after a save, the completeness. */
  onSectionChanged: (key: K, section: SectionState<K>, completeness?: CompletenessView) => void;
  children: (editor: SectionEditorProps<K>) => ReactNode;
}) {
  const { t } = i18n;
  const api = useCardApi();
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
  const stored = plan.sections[sectionKey] as SectionState<K>;
  const [draft, setDraft] = useState<SectionContentMap[K]>(stored.content);
  const [baseRev, setBaseRev] = useState(stored.rev);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<Conflict<K> | null>(null);
  const [busy, setBusy] = useState(false);
  const completeness = plan.completeness.sections[sectionKey];
  const title = t.sections[sectionKey];

  const save = async (rev: number) => {
    if (busy) return;
    const problems = validateSection(sectionKey, draft, {
      required: t.common.required,
      currency: t.common.invalidCurrency,
      monthDay: t.common.invalidMonthDay,
      amountRange: i18n.format(t.common.amountRange, { max: SECTION_LIMITS.amount }),
      countRange: i18n.format(t.common.countRange, { max: SECTION_LIMITS.employees }),
    });
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      addAlert({ type: 'warning', title: t.common.failedTitle, message: t.common.checkFields });
      return;
    }
    setBusy(true);
    const result = saveSection
      ? await saveSection(rev, draft)
      : await api.saveSection(plan.dealId, sectionKey, rev, draft);
    setBusy(false);
    if (result.ok) {
      const { section } = result.data;
      setConflict(null);
      setBaseRev(section.rev);
      setDraft(section.content as SectionContentMap[K]);
      onSectionChanged(sectionKey, section as SectionState<K>, result.data.completeness);
      addAlert({
        type: 'success',
        title: t.common.savedTitle,
        message: i18n.format(t.plan.sectionSaved, { section: title }),
      });
      // Key people: contacts the deal did not have were associated so their roles show in HubSpot.
      const associated = result.data.buyingRoles?.message;
      if (associated) addAlert({ type: 'info', message: i18n.pick(associated) });
      return;
    }
    const { error } = result;
    if (error.code === 'conflict' && isSectionState(error.current)) {
      setConflict({
        current: error.current as SectionState<K>,
        changedFields: error.changedFields ?? [],
      });
      return;
    }
    if (error.code === 'validation_failed' && error.fields) {
      // The backend names fields below the body (`content.financials.annualRevenue`); the form's
      // inputs know them below the content. Its field texts are English: a German user reads ours.
      setErrors(
        Object.fromEntries(
          error.fields.map((field) => [
            field.path.replace(/^content\./, ''),
            i18n.language === 'en' ? field.message : t.common.checkValue,
          ]),
        ),
      );
      addAlert({ type: 'warning', title: t.common.failedTitle, message: t.common.checkFields });
      return;
    }
    addAlert({ type: 'danger', title: t.common.failedTitle, message: i18n.pick(error.message) });
  };

  const loadTheirs = () => {
    if (!conflict) return;
    setDraft(conflict.current.content);
    setBaseRev(conflict.current.rev);
    setErrors({});
    onSectionChanged(sectionKey, conflict.current);
    setConflict(null);
    addAlert({ type: 'info', message: t.conflict.reloaded });
  };

  const testId = `section-${sectionKey}`;
  return (
    <Form onSubmit={() => void save(baseRev)} preventDefault testId={testId}>
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
        {conflict ? (
          <Alert title={t.conflict.title} variant="warning" testId={`${testId}-conflict`}>
            <Flex direction="column" gap="sm">
              <Text>
                {i18n.format(t.conflict.body, {
                  fields:
                    conflict.changedFields.length > 0
                      ? conflict.changedFields
                          .map((field) => fieldLabel(t, sectionKey, field))
                          .join(', ')
                      : t.common.notSet,
                })}
              </Text>
              <Text variant="microcopy">
                {i18n.format(t.common.lastSaved, {
                  date: i18n.formatDateTime(conflict.current.updatedAt),
                  user: userName(plan, conflict.current.updatedBy) ?? t.common.unknownPerson,
                })}
              </Text>
              <Flex direction="row" gap="sm">
                <Button variant="secondary" onClick={loadTheirs} testId={`${testId}-reload`}>
                  {t.conflict.reload}
                </Button>
                <Button
                  variant="destructive"
                  onClick={() => void save(conflict.current.rev)}
                  testId={`${testId}-overwrite`}
                >
                  {t.conflict.overwrite}
                </Button>
              </Flex>
            </Flex>
          </Alert>
        ) : null}
        {children({ draft, onChange: setDraft, errors, i18n, plan })}
        <Flex direction="row" gap="sm" align="center">
          <LoadingButton
            variant="primary"
            type="button"
            loading={busy}
            onClick={() => void save(baseRev)}
            testId={`${testId}-save`}
          >
            {t.common.save}
          </LoadingButton>
          <Text variant="microcopy" testId={`${testId}-last-saved`}>
            {stored.updatedAt
              ? i18n.format(t.common.lastSaved, {
                  date: i18n.formatDateTime(stored.updatedAt),
                  user: userName(plan, stored.updatedBy) ?? t.common.unknownPerson,
                })
              : t.common.neverSaved}
          </Text>
        </Flex>
      </Flex>
    </Form>
  );
}

/** Input props for a field path: the error flag and message when the path has a problem. */
export function fieldError(errors: FieldErrors, path: string) {
  const message = errors[path];
  return message ? { error: true, validationMessage: message } : {};
}
