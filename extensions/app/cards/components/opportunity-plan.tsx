// The deal tab card "Opportunity Plan": a header with the plan's completeness, the qualification
// verdict and score, the loop count and what is due; the six sections as tabs, each its own form;
// the qualification questions; and the return to marketing. Completeness, verdicts and scores are
// the backend's; the card shows them and sends what the seller entered.
import {
  Accordion,
  Alert,
  Flex,
  Heading,
  List,
  ProgressBar,
  StatusTag,
  Tab,
  Tabs,
  Text,
  useExtensionActions,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { useMemo, useState } from 'react';
import { failureAlert } from '../lib/alerts.ts';
import { useCardApi } from '../lib/api.ts';
import type { I18n } from '../lib/i18n.ts';
import { SECTION_ORDER } from '../lib/options.ts';
import type { DraftRemote } from '../lib/section-drafts.ts';
import { useSectionEditing } from '../lib/use-section-editing.ts';
import type {
  AssessmentView,
  CompletenessView,
  PlanView,
  ReturnInput,
  SectionKey,
  SectionState,
} from '../lib/types.ts';
import { accountMessages } from '../lib/messages/account.ts';
import { DealAccountBanner } from './deal-account.tsx';
import { EmptyView, useRecordResource } from './load-states.tsx';
import { RelationshipMapView } from './relationship-map.tsx';
import { QualificationPanel, VERDICT_VARIANT } from './qualification-panel.tsx';
import { ReturnPanel } from './return-form.tsx';
import { SaveBar } from './save-bar.tsx';
import { SectionForm } from './section-form.tsx';
import { StagePath } from './StagePath.tsx';
import type { SectionEditorProps } from './section-form.tsx';
import { AccountTeamEditor } from './sections/account-team-editor.tsx';
import { BuyingProcessEditor } from './sections/buying-process-editor.tsx';
import { CompetitionEditor } from './sections/competition-editor.tsx';
import { CustomerProfileEditor } from './sections/customer-profile-editor.tsx';
import { KeyPeopleEditor } from './sections/key-people-editor.tsx';
import { OpportunitySummaryEditor } from './sections/opportunity-summary-editor.tsx';

/** The whole deal tab card for the current deal record. */
export function OpportunityPlan() {
  const { i18n, remote, sync, gate } = useRecordResource(
    (api, dealId) => api.getPlan(dealId),
    (i18n) => i18n.t.plan,
  );
  if (gate || remote.state.status !== 'ready') return gate;

  const plan = remote.state.data;
  const onSectionChanged = (
    key: SectionKey,
    section: SectionState,
    completeness?: CompletenessView,
  ) => {
    remote.replace((current) => ({
      ...current,
      sections: { ...current.sections, [key]: section },
      completeness: completeness ?? current.completeness,
    }));
    // A save (it comes with the new completeness) changed the deal's properties.
    if (completeness) sync.changed();
  };
  const onAssessed = (assessment: AssessmentView) => {
    remote.replace((current) => ({ ...current, assessment }));
    sync.changed();
  };

  return (
    <PlanDetails
      plan={plan}
      i18n={i18n}
      onSectionChanged={onSectionChanged}
      onAssessed={onAssessed}
      onReturned={() => {
        remote.refresh();
        sync.changed();
      }}
      onAccountChanged={remote.reload}
    />
  );
}

/** The editor of one section (the competition editor also assesses competitors). */
function SectionEditor({
  sectionKey,
  props,
  onAssessed,
}: {
  sectionKey: SectionKey;
  props: SectionEditorProps<SectionKey>;
  onAssessed: (assessment: AssessmentView) => void;
}) {
  const as = <K extends SectionKey>() => props as unknown as SectionEditorProps<K>;
  switch (sectionKey) {
    case 'accountTeam':
      return <AccountTeamEditor {...as<'accountTeam'>()} />;
    case 'customerProfile':
      return <CustomerProfileEditor {...as<'customerProfile'>()} />;
    case 'opportunitySummary':
      return <OpportunitySummaryEditor {...as<'opportunitySummary'>()} />;
    case 'buyingProcess':
      return <BuyingProcessEditor {...as<'buyingProcess'>()} />;
    case 'keyPeople':
      return <KeyPeopleEditor {...as<'keyPeople'>()} />;
    case 'competition':
      return <CompetitionEditor {...as<'competition'>()} onAssessed={onAssessed} />;
  }
}

function PlanDetails({
  plan,
  i18n,
  onSectionChanged,
  onAssessed,
  onReturned,
  onAccountChanged,
}: {
  plan: PlanView;
  i18n: I18n;
  onSectionChanged: (
    key: SectionKey,
    section: SectionState,
    completeness?: CompletenessView,
  ) => void;
  onAssessed: (assessment: AssessmentView) => void;
  onReturned: () => void;
  onAccountChanged: () => void;
}) {
  const { t } = i18n;
  const api = useCardApi();
  const context = useExtensionContext<'crm.record.tab'>();
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
  const isEmpty = plan.completeness.overall === 0 && plan.assessment.latest === null;
  const draftRemote = useMemo<DraftRemote>(
    () => ({
      load: () => api.listDrafts(plan.dealId),
      put: (key, draft) => api.putDraft(plan.dealId, key, draft),
      remove: (key) => api.deleteDraft(plan.dealId, key),
      removeAll: () => api.deleteDrafts(plan.dealId),
    }),
    [api, plan.dealId],
  );
  const editing = useSectionEditing({
    scope: `${context.portal?.id}:${context.user?.id}:deal:${plan.dealId}`,
    i18n,
    storedOf: (key) => plan.sections[key],
    save: (key, rev, content) => api.saveSection(plan.dealId, key, rev, content),
    onSaved: onSectionChanged,
    // Unsaved edits are kept by the backend for this user, so a page reload loses none.
    remote: draftRemote,
  });
  // One section open at a time keeps the card short; a section with a problem opens by itself.
  const [openSection, setOpenSection] = useState<SectionKey | null>(SECTION_ORDER[0]);
  const needsAttention = (key: SectionKey) =>
    Object.keys(editing.errors[key] ?? {}).length > 0 || editing.conflicts[key] !== undefined;

  const returnToMarketing = async (input: ReturnInput) => {
    const result = await api.returnDealToMarketing(plan.dealId, input);
    if (!result.ok) {
      addAlert(failureAlert(result.error, i18n));
      return false;
    }
    addAlert({
      type: 'success',
      title: t.common.savedTitle,
      message: i18n.format(t.returnToMarketing.dealDone, {
        contacts: result.data.contactIds.length,
        count: result.data.loopCount,
      }),
    });
    onReturned();
    return true;
  };

  return (
    <Flex direction="column" gap="sm">
      <StagePath plan={plan} i18n={i18n} onMoved={onReturned} />
      <PlanHeader plan={plan} i18n={i18n} />
      {isEmpty ? <EmptyView title={t.plan.emptyTitle} body={t.plan.emptyBody} /> : null}
      <DealAccountBanner plan={plan} i18n={i18n} onChanged={onAccountChanged} />
      <SaveBar editing={editing} i18n={i18n} testId="plan" />
      <Tabs defaultSelected="plan" testId="plan-tabs">
        <Tab tabId="plan" title={t.plan.sectionsTab}>
          <Flex direction="column" gap="xs">
            {SECTION_ORDER.map((key) => {
              const percent = plan.completeness.sections[key].percent;
              const title = `${t.sections[key]} (${i18n.formatNumber(percent)} %)`;
              return (
                <Accordion
                  key={key}
                  title={
                    editing.drafts.dirty.includes(key)
                      ? i18n.format(t.drafts.marker, { section: title })
                      : title
                  }
                  size="sm"
                  open={openSection === key || needsAttention(key)}
                  onClick={() => {
                    // Leaving a section keeps its draft at once, not after the typing pause.
                    if (openSection !== null) editing.drafts.flush(openSection);
                    setOpenSection(openSection === key ? null : key);
                  }}
                  testId={`plan-section-${key}`}
                >
                  <SectionForm sectionKey={key} plan={plan} i18n={i18n} editing={editing}>
                    {(props) => (
                      <SectionEditor sectionKey={key} props={props} onAssessed={onAssessed} />
                    )}
                  </SectionForm>
                </Accordion>
              );
            })}
          </Flex>
        </Tab>
        {plan.account ? (
          <Tab tabId="relationshipMap" title={accountMessages(i18n.language).map.title}>
            <RelationshipMapView
              map={plan.account.relationshipMap}
              i18n={i18n}
              editable
              onChanged={onAccountChanged}
            />
          </Tab>
        ) : null}
        <Tab tabId="qualification" title={t.plan.qualificationTab}>
          <QualificationPanel plan={plan} i18n={i18n} onAssessed={onAssessed} />
        </Tab>
      </Tabs>
      <ReturnPanel
        reasons={plan.returnReasons}
        i18n={i18n}
        onSubmit={returnToMarketing}
        testIds={{ panel: 'deal-return-panel', form: 'deal-return' }}
      />
    </Flex>
  );
}

/** Completeness, verdict and score, loop count, and what is due. */
function PlanHeader({ plan, i18n }: { plan: PlanView; i18n: I18n }) {
  const { t } = i18n;
  const { latest, requalification } = plan.assessment;
  const closed = plan.outcome !== 'open';
  return (
    <Flex direction="column" gap="sm">
      <Heading>{plan.dealName}</Heading>
      <ProgressBar
        title={t.plan.completeness}
        value={plan.completeness.overall}
        maxValue={100}
        showPercentage
        testId="plan-completeness"
      />
      <Flex direction="row" gap="md" align="center" wrap>
        <StatusTag
          variant={latest ? VERDICT_VARIANT[latest.verdict] : 'default'}
          testId="plan-verdict"
        >
          {latest
            ? `${t.plan.verdict}: ${t.verdicts[latest.verdict]}`
            : `${t.plan.verdict}: ${t.plan.notAssessed}`}
        </StatusTag>
        {latest ? (
          <Text testId="plan-score">{`${t.plan.score}: ${i18n.formatNumber(latest.score)}`}</Text>
        ) : null}
        {closed ? (
          <StatusTag variant={plan.outcome === 'won' ? 'success' : 'default'} testId="plan-outcome">
            {plan.outcome === 'won' ? t.plan.closedWon : t.plan.closedLost}
          </StatusTag>
        ) : null}
        <Text testId="plan-loops">{`${t.plan.loops}: ${plan.loop.count}`}</Text>
        {/* The same day as the sidebar's and the deal's "Re-qualify by" property. */}
        {!closed && requalification.dueDate ? (
          <Text testId="plan-requalify-by">
            {`${t.sidebar.dueDate}: ${i18n.formatDate(requalification.dueDate)}`}
          </Text>
        ) : null}
        <Text variant="microcopy">{`${t.plan.dealAmount}: ${i18n.formatAmount(plan.amount, plan.currency)}`}</Text>
      </Flex>
      {plan.loop.lastReturnReason ? (
        <Text variant="microcopy">
          {i18n.format(t.plan.lastReturnReason, {
            reason:
              i18n.pick(
                plan.returnReasons.find((r) => r.code === plan.loop.lastReturnReason)?.label,
              ) || plan.loop.lastReturnReason,
          })}
        </Text>
      ) : null}
      {/* Closed deals get neither banner; a deal never assessed is told so, not "again". */}
      {!closed && latest === null ? (
        <Alert title={t.plan.notAssessedTitle} variant="info" testId="plan-not-assessed">
          {t.plan.notAssessedBanner}
        </Alert>
      ) : null}
      {!closed && latest !== null && requalification.due ? (
        <Alert title={t.plan.requalifyTitle} variant="warning" testId="plan-requalify">
          <Text>
            {requalification.dueDate
              ? i18n.format(t.plan.requalifyDue, { date: i18n.formatDate(requalification.dueDate) })
              : t.plan.requalifyDueNoDate}
          </Text>
          {requalification.reasons.length > 0 ? (
            <List>
              {requalification.reasons.map((reason, index) => (
                <Text key={index}>{i18n.pick(reason)}</Text>
              ))}
            </List>
          ) : null}
        </Alert>
      ) : null}
      {!closed && plan.stageGate && !plan.stageGate.allowed && !plan.stagePath?.length ? (
        <Alert title={t.plan.stageGateTitle} variant="info" testId="plan-stage-gate">
          <List>
            {plan.stageGate.reasons.map((reason, index) => (
              <Text key={index}>{i18n.pick(reason)}</Text>
            ))}
          </List>
        </Alert>
      ) : null}
    </Flex>
  );
}
