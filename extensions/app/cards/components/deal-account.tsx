// What a deal's plan shows of its account: that the customer profile is the company's (shared by
// all its deals), a differing copy of the profile to take or set aside, and the account team and
// stakeholders proposed from the company's last won plan — shown to accept, never copied silently.
import { Alert, Button, Flex, Text, useExtensionActions } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { ProfileAlternative } from '../lib/account-types.ts';
import { useCardApi } from '../lib/api.ts';
import type { I18n } from '../lib/i18n.ts';
import { accountMessages } from '../lib/messages/account.ts';
import { ProfileAlternatives } from './profile-alternative.tsx';
import type { ApiResult, PlanView } from '../lib/types.ts';

export function DealAccountBanner({
  plan,
  i18n,
  onChanged,
}: {
  plan: PlanView;
  i18n: I18n;
  /** Reloads the plan after the account changed it. */
  onChanged: () => void;
}) {
  const account = plan.account;
  const t = accountMessages(i18n.language);
  const api = useCardApi();
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
  const [busy, setBusy] = useState(false);
  if (!account) return null;

  const run = async (action: () => Promise<ApiResult<unknown>>, done: string) => {
    if (busy) return;
    setBusy(true);
    const result = await action();
    setBusy(false);
    addAlert(
      result.ok
        ? { type: 'success', title: t.profile.settledTitle, message: done }
        : {
            type: 'danger',
            title: i18n.t.common.failedTitle,
            message: i18n.pick(result.error.message),
          },
    );
    if (result.ok) onChanged();
  };
  const settle = (alternative: ProfileAlternative, take: boolean) =>
    run(
      () =>
        api.settleProfileCopy(account.companyId!, {
          rev: plan.sections.customerProfile.rev,
          source: alternative.source,
          version: alternative.version,
          take,
        }),
      take ? t.profile.take : t.profile.keep,
    );
  const proposal = account.proposal;

  return (
    <Flex direction="column" gap="sm" testId="deal-account">
      <Text variant="microcopy" testId="deal-account-profile-source">
        {account.profileSource === 'company'
          ? i18n.format(t.profile.sharedHint, { company: account.companyName ?? '' })
          : t.profile.ownHint}
      </Text>
      <ProfileAlternatives
        alternatives={account.alternatives}
        i18n={i18n}
        onSettle={(alternative, take) => void settle(alternative, take)}
        testId="deal-account"
      />
      {proposal ? (
        <Alert title={t.proposal.title} variant="info" testId="deal-account-proposal">
          <Flex direction="column" gap="xs">
            <Text>{i18n.pick(proposal.message)}</Text>
            <Flex direction="row" gap="sm">
              {proposal.accountTeam ? (
                <Button
                  size="sm"
                  onClick={() =>
                    void run(
                      () => api.saveSection(plan.dealId, 'accountTeam', 0, proposal.accountTeam!),
                      t.proposal.accepted,
                    )
                  }
                  testId="deal-account-accept-team"
                >
                  {t.proposal.acceptTeam}
                </Button>
              ) : null}
              {proposal.stakeholders ? (
                <Button
                  size="sm"
                  onClick={() =>
                    void run(
                      () =>
                        api.saveSection(plan.dealId, 'keyPeople', 0, {
                          ...plan.sections.keyPeople.content,
                          stakeholders: proposal.stakeholders!,
                        }),
                      t.proposal.accepted,
                    )
                  }
                  testId="deal-account-accept-people"
                >
                  {i18n.format(t.proposal.acceptPeople, { count: proposal.stakeholders.length })}
                </Button>
              ) : null}
            </Flex>
          </Flex>
        </Alert>
      ) : null}
    </Flex>
  );
}
