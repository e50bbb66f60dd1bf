// The contact card "Lead qualification": the explainable score (fit, engagement, total, grade and
// the reasons with their points), band, lifecycle stage and lead status, the hand-off / return loop,
// and the actions hand off to sales, return to marketing and rescore. Every number and every
// allowed action comes from the backend; the card only shows them and sends what the user chose.
import { useState } from 'react';
import {
  Accordion,
  Alert,
  DescriptionList,
  DescriptionListItem,
  Divider,
  Flex,
  Heading,
  Link,
  LoadingButton,
  Statistics,
  StatisticsItem,
  Tag,
  Text,
  useExtensionActions,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { DataTable } from './data-table.tsx';
import { failureAlert } from '../lib/alerts.ts';
import { useCardApi } from '../lib/api.ts';
import type { I18n } from '../lib/i18n.ts';
import { recordUrl } from '../lib/record-link.ts';
import type { RecordSync } from '../lib/record-sync.ts';
import type {
  ApiResult,
  HandOffInput,
  LeadBand,
  LoopHistoryEntry,
  OwnerView,
  QualificationView,
  ReturnInput,
  ReturnReasonView,
} from '../lib/types.ts';
import { HandOffForm } from './hand-off-form.tsx';
import { ScoreExplanationView, ScoreReasons } from './lead-score.tsx';
import { useRecordResource } from './load-states.tsx';
import { ReturnPanel } from './return-form.tsx';

const BAND_VARIANT: Record<LeadBand, 'default' | 'info' | 'success'> = {
  lead: 'default',
  mql: 'info',
  sql: 'success',
};

/** The whole contact card for the current contact record. */
export function LeadQualification() {
  const context = useExtensionContext<'crm.record.tab'>();
  const { i18n, remote, sync, gate } = useRecordResource(
    (api, contactId) => api.getQualification(contactId),
    (i18n) => i18n.t.lead,
  );
  if (gate || remote.state.status !== 'ready') return gate;
  return (
    <QualificationDetails
      view={remote.state.data}
      i18n={i18n}
      portalId={context.portal.id}
      sync={sync}
      onChanged={(next) => remote.replace(() => next)}
    />
  );
}

/** The loaded qualification with its actions. */
function QualificationDetails({
  view,
  i18n,
  portalId,
  sync,
  onChanged,
}: {
  view: QualificationView;
  i18n: I18n;
  portalId: number;
  sync: RecordSync;
  onChanged: (view: QualificationView) => void;
}) {
  const { t } = i18n;
  const { handOff, returnToMarketing, rescore, rescoring, handedOff } = useQualificationActions(
    view,
    i18n,
    portalId,
    sync,
    onChanged,
  );

  return (
    <Flex direction="column" gap="md">
      <ScoreSummary view={view} i18n={i18n} />
      <ScoreReasons view={view} i18n={i18n} />
      {view.score.explanation ? (
        <ScoreExplanationView explanation={view.score.explanation} i18n={i18n} />
      ) : null}

      <Heading>{t.lead.loopHistory}</Heading>
      <Text testId="lead-loop-count">
        {i18n.format(t.lead.loopCount, { count: view.loop.count })}
      </Text>
      <LoopHistoryTable
        history={view.loop.history}
        reasons={view.returnReasons}
        owners={view.owners}
        i18n={i18n}
      />

      <Divider />
      <Heading>{t.lead.actions}</Heading>
      <Flex direction="row" gap="sm">
        <LoadingButton
          variant="secondary"
          loading={rescoring}
          onClick={() => void rescore()}
          testId="rescore"
        >
          {t.lead.rescore}
        </LoadingButton>
      </Flex>
      {handedOff ? (
        <Alert
          title={handedOff.reopened ? t.handOff.reopenedTitle : t.handOff.createdTitle}
          variant="success"
          testId="hand-off-result"
        >
          <Link href={{ url: handedOff.url }} testId="hand-off-deal-link">
            {handedOff.name?.trim()
              ? i18n.format(t.handOff.openDeal, { deal: dealLabel(handedOff.name, i18n) })
              : t.handOff.openNewDeal}
          </Link>
        </Alert>
      ) : null}
      {view.canHandOff ? (
        <Accordion title={t.handOff.title} size="sm" testId="hand-off">
          <HandOffForm
            owners={view.owners}
            openDeals={view.openDeals ?? []}
            i18n={i18n}
            onSubmit={handOff}
          />
        </Accordion>
      ) : null}
      {view.canReturn ? (
        <ReturnPanel
          reasons={view.returnReasons}
          i18n={i18n}
          onSubmit={returnToMarketing}
          testIds={{ panel: 'return', form: 'contact-return' }}
        />
      ) : null}
    </Flex>
  );
}

/** The card's actions (hand off, return, rescore) and the deal the last hand-off created or reopened. */
function useQualificationActions(
  view: QualificationView,
  i18n: I18n,
  portalId: number,
  sync: RecordSync,
  onChanged: (view: QualificationView) => void,
) {
  const { t } = i18n;
  const api = useCardApi();
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
  const [rescoring, setRescoring] = useState(false);
  // The deal the last hand-off created or reopened, linked under the actions.
  const [handedOff, setHandedOff] = useState<{
    id: string;
    name: string | null;
    url: string;
    reopened: boolean;
  } | null>(null);

  /** Shows the outcome of an action; true when it succeeded. */
  const report = <T,>(result: ApiResult<T>, success: (data: T) => string): boolean => {
    if (result.ok) {
      addAlert({ type: 'success', title: t.common.savedTitle, message: success(result.data) });
      return true;
    }
    addAlert(failureAlert(result.error, i18n));
    return false;
  };

  const handOff = async (input: HandOffInput) => {
    const result = await api.handOff(view.contactId, input);
    const done = report(result, (data) =>
      i18n.format(
        data.adopted ? t.handOff.adopted : data.reopened ? t.handOff.reopened : t.handOff.done,
        {
          deal: dealLabel(
            data.dealName ??
              (data.adopted
                ? (view.openDeals?.find((deal) => deal.dealId === data.dealId)?.name ?? null)
                : (input.dealName ?? null)),
            i18n,
          ),
          owner: nameOf(data.qualification.owners, data.ownerId),
        },
      ),
    );
    if (result.ok) {
      const { dealId } = result.data;
      setHandedOff(
        dealId === null
          ? null
          : {
              id: dealId,
              name: result.data.dealName ?? input.dealName ?? null,
              url: result.data.dealUrl ?? recordUrl(portalId, '0-3', dealId),
              reopened: result.data.reopened,
            },
      );
      onChanged(result.data.qualification);
      sync.changed();
    }
    return done;
  };

  const returnToMarketing = async (input: ReturnInput) => {
    const result = await api.returnContactToMarketing(view.contactId, input);
    const done = report(result, (data) =>
      i18n.format(t.returnToMarketing.contactDone, { name: data.name, count: data.loop.count }),
    );
    if (result.ok) {
      setHandedOff(null);
      onChanged(result.data);
      sync.changed();
    }
    return done;
  };

  const rescore = async () => {
    setRescoring(true);
    const result = await api.rescoreContact(view.contactId);
    setRescoring(false);
    report(result, (data) =>
      i18n.format(t.lead.rescored, {
        total: i18n.formatNumber(data.score.total),
        grade: data.score.grade,
      }),
    );
    if (result.ok) {
      onChanged(result.data);
      sync.changed();
    }
  };
  return { handOff, returnToMarketing, rescore, rescoring, handedOff };
}

/** The scores, band, lifecycle stage, lead status and owner. */
function ScoreSummary({ view, i18n }: { view: QualificationView; i18n: I18n }) {
  const { t } = i18n;
  return (
    <>
      {view.storedScoresUpdating ? (
        <Text variant="microcopy" testId="stored-scores-updating">
          {t.lead.storedScoresUpdating}
        </Text>
      ) : null}
      <Statistics testId="lead-scores">
        <StatisticsItem label={t.lead.fit} number={i18n.formatNumber(view.score.fit)} />
        <StatisticsItem
          label={t.lead.engagement}
          number={i18n.formatNumber(view.score.engagement)}
        />
        <StatisticsItem label={t.lead.total} number={i18n.formatNumber(view.score.total)} />
        <StatisticsItem label={t.lead.grade} number={view.score.grade} />
      </Statistics>
      <DescriptionList direction="row">
        <DescriptionListItem label={t.lead.band}>
          <Tag variant={BAND_VARIANT[view.score.band]} testId="lead-band">
            {t.bands[view.score.band] ?? view.score.band}
          </Tag>
        </DescriptionListItem>
        <DescriptionListItem label={t.lead.lifecycleStage}>
          <Text testId="lead-lifecycle">
            {labelOf(t.lifecycleStages, view.lifecycleStage, t.common.notSet)}
          </Text>
        </DescriptionListItem>
        <DescriptionListItem label={t.lead.leadStatus}>
          <Text testId="lead-status">
            {labelOf(t.leadStatuses, view.leadStatus, t.common.notSet)}
          </Text>
        </DescriptionListItem>
        <DescriptionListItem label={t.lead.owner}>
          <Text>{nameOf(view.owners, view.ownerId)}</Text>
        </DescriptionListItem>
      </DescriptionList>
    </>
  );
}

/** The loop history: each hand-off and return with when, who and why, newest first. */
function LoopHistoryTable({
  history,
  reasons,
  owners,
  i18n,
}: {
  history: readonly LoopHistoryEntry[];
  reasons: readonly ReturnReasonView[];
  owners: readonly OwnerView[];
  i18n: I18n;
}) {
  const { t } = i18n;
  if (history.length === 0) return <Text variant="microcopy">{t.lead.noHistory}</Text>;
  const newestFirst = history.slice().sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <DataTable
      testId="lead-history"
      rows={newestFirst.map((entry, index) => ({ entry, key: `${entry.at}-${index}` }))}
      rowKey={(row) => row.key}
      columns={[
        { header: t.lead.when, cell: ({ entry }) => i18n.formatDateTime(entry.at) },
        { header: t.lead.what, cell: ({ entry }) => t.loopKinds[entry.kind] ?? entry.kind },
        { header: t.lead.who, cell: ({ entry }) => nameOf(owners, entry.by) },
        {
          header: t.lead.details,
          cell: ({ entry }) => {
            const reason = entry.reason ? reasons.find((r) => r.code === entry.reason) : undefined;
            const details = [
              reason ? i18n.pick(reason.label) : entry.reason,
              entry.note,
              entry.ownerId ? `${t.lead.owner}: ${nameOf(owners, entry.ownerId)}` : undefined,
            ].filter((part): part is string => Boolean(part));
            return details.length > 0 ? details.join(' · ') : t.common.notSet;
          },
        },
      ]}
    />
  );
}

/** A deal named in a sentence: “name” when known, else a generic phrase. */
function dealLabel(name: string | null, i18n: I18n): string {
  const trimmed = name?.trim();
  return trimmed
    ? i18n.format(i18n.t.handOff.namedDeal, { name: trimmed })
    : i18n.t.handOff.newDeal;
}

/** An owner's name when the id is a known owner, else the id itself (a user id or 'system'). */
function nameOf(owners: readonly OwnerView[], id: string | null | undefined): string {
  if (!id) return '—';
  return owners.find((owner) => owner.id === id)?.name ?? id;
}

/** A label from a catalogue table, or the raw value when the portal uses its own. */
function labelOf(table: Record<string, string>, value: string | null, fallback: string): string {
  if (!value) return fallback;
  return table[value] ?? value;
}
