// The relationship map of a buying committee, drawn with HubSpot's own components: each person is
// a Tile, and the people who report to someone are Tiles nested inside that person's Tile, so the
// reporting lines read as a tree (the nesting indents them). Roles the committee lacks appear as
// placeholder Tiles. Why components and not an image the backend renders: an `Image` loads its URL
// without HubSpot's request signature (permittedUrls.img only allows the host), so a backend image
// would have to be public or carry a token in its URL to show a committee's names; and an image
// cannot offer the "Reports to" picker on each person. 0.17 has no tree or org-chart component.
import {
  Alert,
  Flex,
  List,
  Select,
  StatusTag,
  Tag,
  Text,
  Tile,
  useExtensionActions,
} from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';
import { useState } from 'react';
import type { MapNode, RelationshipMap } from '../lib/account-types.ts';
import { useCardApi } from '../lib/api.ts';
import type { I18n } from '../lib/i18n.ts';
import { accountMessages } from '../lib/messages/account.ts';

const OPINION_VARIANT = {
  supporter: 'success',
  neutral: 'default',
  critic: 'danger',
  unknown: 'default',
} as const;
const COVERAGE_VARIANT = {
  strong: 'success',
  partial: 'info',
  weak: 'warning',
  unknown: 'default',
} as const;

export function RelationshipMapView({
  map,
  i18n,
  editable,
  onChanged,
  testId = 'relationship-map',
}: {
  map: RelationshipMap;
  i18n: I18n;
  /** Offer the "Reports to" picker on each committee member. */
  editable: boolean;
  onChanged?: () => void;
  testId?: string;
}) {
  const m = accountMessages(i18n.language).map;
  const api = useCardApi();
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
  const [busy, setBusy] = useState(false);
  const byManager = new Map<string | null, MapNode[]>();
  for (const node of map.nodes) {
    const list = byManager.get(node.managerId) ?? [];
    list.push(node);
    byManager.set(node.managerId, list);
  }
  const names = new Map(map.nodes.map((node) => [node.contactId, node.name]));

  const setManager = async (contactId: string, managerId: string | null) => {
    if (busy) return;
    setBusy(true);
    const result = await api.setReportsTo(contactId, managerId);
    setBusy(false);
    addAlert(
      result.ok
        ? { type: 'success', title: i18n.t.common.savedTitle, message: m.lineSaved }
        : {
            type: 'danger',
            title: i18n.t.common.failedTitle,
            message: i18n.pick(result.error.message),
          },
    );
    if (result.ok) onChanged?.();
  };

  const person = (node: MapNode): ReactNode => (
    <Tile key={node.contactId} compact testId={`${testId}-person-${node.contactId}`}>
      <Flex direction="column" gap="xs">
        <Flex direction="row" gap="sm" align="center" wrap>
          <Text format={{ fontWeight: 'bold' }}>{node.name}</Text>
          {node.jobTitle ? <Text variant="microcopy">{node.jobTitle}</Text> : null}
          {node.inCommittee ? null : <Text variant="microcopy">{`(${m.outside})`}</Text>}
        </Flex>
        {node.inCommittee ? (
          <>
            <Flex direction="row" gap="xs" wrap>
              {node.buyingRoles.map((role) => (
                <Tag key={role} variant="default">
                  {m.roles[role]}
                </Tag>
              ))}
              <StatusTag variant={OPINION_VARIANT[node.opinionOfUs]}>
                {m.opinions[node.opinionOfUs]}
              </StatusTag>
              <StatusTag variant={COVERAGE_VARIANT[node.coverage]}>
                {m.coverage[node.coverage]}
              </StatusTag>
            </Flex>
            <Text variant="microcopy">
              {`${m.influence}: ${node.influence ? m.levels[node.influence] : m.notJudged} · ${m.attitude}: ${
                node.attitudeToChange ? m.attitudes[node.attitudeToChange] : m.notJudged
              }${node.dealIds.length > 1 ? ` · ${i18n.format(m.deals, { count: node.dealIds.length })}` : ''}`}
            </Text>
            {editable ? (
              <Select
                label={m.reportsTo}
                name={`reportsTo.${node.contactId}`}
                value={node.managerId ?? ''}
                options={[
                  { value: '', label: m.nobody },
                  ...map.nodes
                    .filter((other) => other.contactId !== node.contactId)
                    .map((other) => ({ value: other.contactId, label: other.name })),
                ]}
                onChange={(value) =>
                  void setManager(node.contactId, value === '' ? null : String(value))
                }
                testId={`${testId}-reports-to-${node.contactId}`}
              />
            ) : node.managerId ? (
              <Text variant="microcopy">{`${m.reportsTo}: ${names.get(node.managerId) ?? ''}`}</Text>
            ) : null}
          </>
        ) : null}
        {(byManager.get(node.contactId) ?? []).map(person)}
      </Flex>
    </Tile>
  );

  return (
    <Flex direction="column" gap="sm" testId={testId}>
      {map.nodes.length === 0 ? <Text>{m.empty}</Text> : null}
      {(byManager.get(null) ?? []).map(person)}
      {map.gaps.map((gap) => (
        <Tile key={gap.role} compact testId={`${testId}-gap-${gap.role}`}>
          <Flex direction="column" gap="xs">
            <StatusTag variant="warning">
              {i18n.format(m.gapTitle, { role: m.roles[gap.role] })}
            </StatusTag>
            <Text variant="microcopy">{i18n.pick(gap.hint)}</Text>
          </Flex>
        </Tile>
      ))}
      {map.risks.length > 0 ? (
        <Alert title={m.risksTitle} variant="warning" testId={`${testId}-risks`}>
          <List>
            {map.risks.map((risk) => (
              <Text key={risk.contactId}>
                {i18n.format(m.risk[risk.reason], { name: names.get(risk.contactId) ?? '' })}
              </Text>
            ))}
          </List>
        </Alert>
      ) : null}
    </Flex>
  );
}
