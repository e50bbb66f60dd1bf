// The company tab card "Account": the company's customer profile (shared by all its deals, edited
// here or on any deal), its open and past opportunities with plan completeness, returns and
// outcome, the won plans' essentials customer success needs at hand-over, and the relationship map
// across the company's deals.
import {
  DescriptionList,
  DescriptionListItem,
  Flex,
  Heading,
  List,
  StatusTag,
  Tab,
  Tabs,
  Tag,
  Text,
  Tile,
  useExtensionActions,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { useMemo } from 'react';
import { DataTable } from './data-table.tsx';
import type { CompanyAccountView } from '../lib/account-types.ts';
import { useCardApi } from '../lib/api.ts';
import type { I18n } from '../lib/i18n.ts';
import { useI18n } from '../lib/i18n.ts';
import { accountMessages } from '../lib/messages/account.ts';
import type { PlanView, SectionContentMap, SectionKey, SectionState } from '../lib/types.ts';
import type { DraftRemote } from '../lib/section-drafts.ts';
import { useSectionEditing } from '../lib/use-section-editing.ts';
import type { SectionEditing } from '../lib/use-section-editing.ts';
import { SaveBar } from './save-bar.tsx';
import { useRemote } from '../lib/use-remote.ts';
import { loadGate } from './load-states.tsx';
import { RelationshipMapView } from './relationship-map.tsx';
import { ProfileAlternatives } from './profile-alternative.tsx';
import { SectionForm } from './section-form.tsx';
import type { SectionEditorProps } from './section-form.tsx';
import { CustomerProfileEditor } from './sections/customer-profile-editor.tsx';

const OUTCOME_VARIANT = { open: 'info', won: 'success', lost: 'default' } as const;

/** The whole company tab card for the current company record. */
export function CompanyAccount() {
  const context = useExtensionContext<'crm.record.tab'>();
  const companyId = String(context.crm.objectId);
  const api = useCardApi();
  const i18n = useI18n();
  const t = accountMessages(i18n.language).companyCard;
  const remote = useRemote(() => api.getCompanyAccount(companyId), companyId);

  const gate = loadGate(remote.state, i18n, { ...i18n.t.plan, loading: t.loading }, remote.reload);
  if (gate || remote.state.status !== 'ready') return gate;
  return <AccountDetails view={remote.state.data} i18n={i18n} onChanged={remote.reload} />;
}

/**
 * The profile editor is the deal plan's, fed with the company's profile: the editor reads the
 * profile section, its completeness and the people to pick as contact points from a plan view.
 */
function profilePlan(view: CompanyAccountView): PlanView {
  const stakeholders = Object.entries(view.contacts).map(([contactId, facts]) => ({
    contactId,
    name: facts.name,
    email: null,
    jobTitle: facts.jobTitle,
    roles: [],
  }));
  return {
    dealId: '',
    sections: { customerProfile: view.profile.section },
    completeness: {
      overall: view.profile.completeness.percent,
      sections: { customerProfile: view.profile.completeness },
    },
    stakeholders,
    owners: view.owners,
  } as unknown as PlanView;
}

/** The company profile's drafts and saving (the Save/Cancel bar above the profile). */
function useProfileEditing(view: CompanyAccountView, i18n: I18n, onChanged: () => void) {
  const api = useCardApi();
  const context = useExtensionContext<'crm.record.tab'>();
  const { companyId } = view;
  // The profile is the company's only section, so one draft per user and company.
  const remote = useMemo<DraftRemote>(
    () => ({
      load: () => api.getCompanyProfileDraft(companyId),
      put: (_key, draft) => api.putCompanyProfileDraft(companyId, draft),
      remove: () => api.deleteCompanyProfileDraft(companyId),
      removeAll: () => api.deleteCompanyProfileDraft(companyId),
    }),
    [api, companyId],
  );
  return useSectionEditing({
    scope: `${context.portal?.id}:${context.user?.id}:company:${view.companyId}`,
    i18n,
    storedOf: <K extends SectionKey>() => view.profile.section as SectionState<K>,
    save: async (_key, rev, content) => {
      const result = await api.saveCompanyProfile(
        view.companyId,
        rev,
        content as SectionContentMap['customerProfile'],
      );
      return result.ok
        ? { ok: true, data: { section: result.data.section as SectionState } }
        : result;
    },
    onSaved: () => onChanged(),
    // Unsaved edits are kept by the backend for this user, so a page reload loses none.
    remote,
  });
}

/** The company's details in tabs: opportunities, won plans, profile and relationship map. */
function AccountDetails({
  view,
  i18n,
  onChanged,
}: {
  view: CompanyAccountView;
  i18n: I18n;
  onChanged: () => void;
}) {
  const t = accountMessages(i18n.language).companyCard;
  // Held here, not in the profile tab, so drafts outlive switching tabs.
  const editing = useProfileEditing(view, i18n, onChanged);
  return (
    <Flex direction="column" gap="md" testId="company-account">
      <Flex direction="column" gap="xs">
        <Heading>{view.name ?? ''}</Heading>
        <Text variant="microcopy" testId="company-account-customer-since">
          {view.customerSince
            ? i18n.format(t.customerSince, { date: i18n.formatDate(view.customerSince) })
            : t.notCustomer}
        </Text>
      </Flex>
      {/* Above the tabs, so a restored or unsaved profile edit shows on whichever tab is open. */}
      <SaveBar editing={editing} i18n={i18n} testId="company-profile" />
      <Tabs defaultSelected="opportunities" testId="company-account-tabs">
        <Tab tabId="opportunities" title={t.opportunitiesTab}>
          <OpportunitiesTable view={view} i18n={i18n} />
        </Tab>
        <Tab tabId="wonPlans" title={t.wonPlansTab}>
          <WonPlans view={view} i18n={i18n} />
        </Tab>
        <Tab tabId="profile" title={t.profileTab}>
          <ProfileTab view={view} i18n={i18n} editing={editing} onChanged={onChanged} />
        </Tab>
        <Tab tabId="map" title={t.mapTab}>
          <RelationshipMapView
            map={view.relationshipMap}
            i18n={i18n}
            editable={false}
            testId="company-account-map"
          />
        </Tab>
      </Tabs>
    </Flex>
  );
}

/** The company's open and past opportunities with stage, outcome, completeness and returns. */
function OpportunitiesTable({ view, i18n }: { view: CompanyAccountView; i18n: I18n }) {
  const t = accountMessages(i18n.language).companyCard;
  if (view.opportunities.length === 0) return <Text>{t.noOpportunities}</Text>;
  return (
    <DataTable
      testId="company-account-opportunities"
      rows={view.opportunities}
      rowKey={(line) => line.dealId}
      columns={[
        { header: t.deal, cell: (line) => line.name },
        { header: t.stage, cell: (line) => line.stageLabel ?? '' },
        {
          header: t.outcome,
          cell: (line) => (
            <StatusTag variant={OUTCOME_VARIANT[line.outcome]}>
              {t.outcomes[line.outcome]}
            </StatusTag>
          ),
        },
        {
          header: t.completeness,
          cell: (line) => (line.completeness === null ? '—' : `${line.completeness} %`),
        },
        { header: t.loops, cell: (line) => String(line.loopCount) },
        { header: t.closeDate, cell: (line) => i18n.formatDate(line.closeDate) },
      ]}
    />
  );
}

/** The won plans' essentials customer success needs at hand-over. */
function WonPlans({ view, i18n }: { view: CompanyAccountView; i18n: I18n }) {
  const messages = accountMessages(i18n.language);
  const t = messages.companyCard;
  const name = (contactId: string) => view.contacts[contactId]?.name ?? `#${contactId}`;
  return (
    <Flex direction="column" gap="sm" testId="company-account-won-plans">
      {view.wonPlans.length === 0 ? <Text>{t.noWonPlans}</Text> : null}
      {view.wonPlans.map((won) => (
        <Tile key={won.dealId} testId={`company-account-won-${won.dealId}`}>
          <Flex direction="column" gap="sm">
            <Flex direction="row" gap="sm" align="center">
              <Text format={{ fontWeight: 'bold' }}>{won.dealName}</Text>
              {won.closeDate ? (
                <Text variant="microcopy">
                  {i18n.format(t.wonOn, { date: i18n.formatDate(won.closeDate) })}
                </Text>
              ) : null}
            </Flex>
            <DescriptionList direction="row">
              <DescriptionListItem label={t.expectedResults}>
                <Text>{won.expectedResults.join('; ') || t.none}</Text>
              </DescriptionListItem>
              <DescriptionListItem label={t.timeline}>
                <Text>
                  {[i18n.formatDate(won.timeline.targetDate), won.timeline.description]
                    .filter((part) => part && part !== '—')
                    .join(' — ') || t.none}
                </Text>
              </DescriptionListItem>
              <DescriptionListItem label={t.solution}>
                <Text>{won.solution || t.none}</Text>
              </DescriptionListItem>
            </DescriptionList>
            <Text format={{ fontWeight: 'demibold' }}>{t.stakeholders}</Text>
            {won.stakeholders.length === 0 ? <Text>{t.none}</Text> : null}
            <List>
              {won.stakeholders.map((person) => (
                <Flex key={person.contactId} direction="row" gap="xs" wrap>
                  <Text>{name(person.contactId)}</Text>
                  {person.buyingRoles.map((role) => (
                    <Tag key={role} variant="default">
                      {messages.map.roles[role]}
                    </Tag>
                  ))}
                </Flex>
              ))}
            </List>
          </Flex>
        </Tile>
      ))}
    </Flex>
  );
}

/** The company's customer profile: copies to settle (take or keep) and the profile editor. */
function ProfileTab({
  view,
  i18n,
  editing,
  onChanged,
}: {
  view: CompanyAccountView;
  i18n: I18n;
  editing: SectionEditing;
  onChanged: () => void;
}) {
  const messages = accountMessages(i18n.language);
  const api = useCardApi();
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
  const settle = async (
    alternative: CompanyAccountView['profile']['alternatives'][number],
    take: boolean,
  ) => {
    const result = await api.settleProfileCopy(view.companyId, {
      rev: view.profile.section.rev,
      source: alternative.source,
      version: alternative.version,
      take,
    });
    if (!result.ok) {
      addAlert({
        type: 'danger',
        title: i18n.t.common.failedTitle,
        message: i18n.pick(result.error.message),
      });
      return;
    }
    addAlert({
      type: 'success',
      title: messages.profile.settledTitle,
      message: take ? messages.profile.take : messages.profile.keep,
    });
    onChanged();
  };

  return (
    <Flex direction="column" gap="sm">
      <ProfileAlternatives
        alternatives={view.profile.alternatives}
        i18n={i18n}
        onSettle={(alternative, take) => void settle(alternative, take)}
        testId="company-account"
      />
      <SectionForm
        sectionKey="customerProfile"
        plan={profilePlan(view)}
        i18n={i18n}
        editing={editing}
      >
        {(props: SectionEditorProps<'customerProfile'>) => <CustomerProfileEditor {...props} />}
      </SectionForm>
    </Flex>
  );
}
