// The deal sidebar card "Qualification": verdict, score, plan completeness, the re-qualification
// date and the plan's most important gaps, all as the backend computed them.
import {
  DescriptionList,
  DescriptionListItem,
  Flex,
  List,
  ProgressBar,
  StatusTag,
  Text,
} from '@hubspot/ui-extensions';
import { SECTION_ORDER } from '../lib/options.ts';
import { EmptyView, useRecordResource } from './load-states.tsx';
import { VERDICT_VARIANT } from './qualification-panel.tsx';

/** How many missing items the sidebar lists. */
const TOP_MISSING = 5;

/** The whole sidebar card for the current deal record. */
export function QualificationSidebar() {
  // The plan tab saved or assessed: the deal's properties changed, so the sidebar agrees with it.
  const { i18n, remote, gate } = useRecordResource(
    (api, dealId) => api.getPlan(dealId),
    (i18n) => i18n.t.plan,
  );
  const { t } = i18n;
  if (gate || remote.state.status !== 'ready') return gate;
  const plan = remote.state.data;
  const { latest, requalification } = plan.assessment;
  // Section order, then the backend's order within a section: the first gaps of the plan.
  const missing = SECTION_ORDER.flatMap((key) =>
    plan.completeness.sections[key].missing.map((item) => ({ key, item })),
  ).slice(0, TOP_MISSING);

  return (
    <Flex direction="column" gap="sm">
      {latest ? (
        <StatusTag variant={VERDICT_VARIANT[latest.verdict]} testId="sidebar-verdict">
          {t.verdicts[latest.verdict]}
        </StatusTag>
      ) : (
        <EmptyView title={t.plan.notAssessed} body={t.sidebar.notAssessedBody} />
      )}
      <DescriptionList direction="row">
        <DescriptionListItem label={t.plan.score}>
          <Text testId="sidebar-score">
            {latest ? i18n.formatNumber(latest.score) : t.common.notSet}
          </Text>
        </DescriptionListItem>
        <DescriptionListItem label={t.sidebar.dueDate}>
          <Text testId="sidebar-due">{i18n.formatDate(requalification.dueDate)}</Text>
        </DescriptionListItem>
      </DescriptionList>
      <ProgressBar
        title={t.plan.completeness}
        value={plan.completeness.overall}
        maxValue={100}
        showPercentage
        variant={requalification.due ? 'warning' : 'success'}
        testId="sidebar-completeness"
      />
      <Text format={{ fontWeight: 'demibold' }}>{t.sidebar.topMissing}</Text>
      {missing.length === 0 ? (
        <Text variant="microcopy">{t.sidebar.noGaps}</Text>
      ) : (
        <List testId="sidebar-missing">
          {missing.map(({ key, item }) => (
            <Text
              key={`${key}-${item.item}`}
            >{`${t.sections[key]}: ${i18n.pick(item.label)}`}</Text>
          ))}
        </List>
      )}
    </Flex>
  );
}
