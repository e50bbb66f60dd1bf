// Handing a lead off to sales: who becomes the sales owner (a sales-team owner picked explicitly,
// the next one in the round robin, or the current owner kept), which deal the plan starts in (an
// open deal the contact already has, newest preselected, or a new one) and, optionally, the name.
import { useState } from 'react';
import { Input, Select, Text } from '@hubspot/ui-extensions';
import type { I18n } from '../lib/i18n.ts';
import { ActionForm, useSubmission } from './action-form.tsx';
import type { HandOffInput, OpenDealView, OwnerView } from '../lib/types.ts';

/** The deal choice's value for "open a new deal". */
export const NEW_DEAL = 'new';

type Mode = 'explicit' | 'round_robin' | 'keep';

/** The hand-off form; `onSubmit` resolves true when the hand-off was done. */
export function HandOffForm({
  owners,
  openDeals = [],
  i18n,
  onSubmit,
}: {
  owners: readonly OwnerView[];
  /** The contact's open deals made in HubSpot, newest first: one can be adopted. */
  openDeals?: readonly OpenDealView[];
  i18n: I18n;
  onSubmit: (input: HandOffInput) => Promise<boolean>;
}) {
  const t = i18n.t.handOff;
  const salesOwners = owners.filter((owner) => owner.team === 'sales');
  const [mode, setMode] = useState<Mode>(salesOwners.length > 0 ? 'explicit' : 'round_robin');
  const [ownerId, setOwnerId] = useState('');
  const [dealName, setDealName] = useState('');
  // Adopting the newest open deal is preselected: a second deal for the same contact is the
  // exception, not the default.
  const [deal, setDeal] = useState<string>(openDeals[0]?.dealId ?? NEW_DEAL);
  const ownerMissing = mode === 'explicit' && ownerId === '';

  const form = useSubmission({
    ready: !ownerMissing,
    send: () => {
      const salesOwner: HandOffInput['salesOwner'] =
        mode === 'explicit' ? { mode, ownerId } : { mode };
      const name = deal === NEW_DEAL ? dealName.trim() : '';
      // Only a contact with open deals is asked; the choice is sent when there was one to make.
      const existingDeal: Pick<HandOffInput, 'existingDeal'> =
        openDeals.length === 0
          ? {}
          : { existingDeal: deal === NEW_DEAL ? { mode: 'new' } : { mode: 'adopt', dealId: deal } };
      return onSubmit(
        name === ''
          ? { salesOwner, ...existingDeal }
          : { salesOwner, ...existingDeal, dealName: name },
      );
    },
    reset: () => {
      setOwnerId('');
      setDealName('');
    },
  });
  const { touched } = form;

  return (
    <ActionForm
      form={form}
      label={t.submit}
      variant="primary"
      testId="hand-off-form"
      submitTestId="hand-off-submit"
    >
      <Select
        label={t.ownerMode}
        name="ownerMode"
        value={mode}
        options={[
          { value: 'explicit', label: t.explicit },
          { value: 'round_robin', label: t.roundRobin },
          { value: 'keep', label: t.keep },
        ]}
        onChange={(value) => setMode(value as Mode)}
        testId="hand-off-mode"
      />
      {mode === 'explicit' ? (
        salesOwners.length === 0 ? (
          <Text variant="microcopy" testId="hand-off-no-owners">
            {t.noSalesOwners}
          </Text>
        ) : (
          <Select
            label={t.owner}
            name="ownerId"
            required
            value={ownerId}
            options={salesOwners.map((owner) => ({
              value: owner.id,
              label: owner.email ? `${owner.name} (${owner.email})` : owner.name,
            }))}
            onChange={(value) => setOwnerId(String(value))}
            error={touched && ownerMissing}
            validationMessage={touched && ownerMissing ? t.ownerRequired : undefined}
            testId="hand-off-owner"
          />
        )
      ) : null}
      {openDeals.length > 0 ? (
        <Select
          label={t.existingDeal}
          name="existingDeal"
          description={t.existingDealHelp}
          value={deal}
          options={[
            ...openDeals.map((open) => ({
              value: open.dealId,
              label: open.stageLabel
                ? i18n.format(t.adoptDealOption, { name: open.name, stage: open.stageLabel })
                : open.name,
            })),
            { value: NEW_DEAL, label: t.newDealOption },
          ]}
          onChange={(value) => setDeal(String(value))}
          testId="hand-off-existing-deal"
        />
      ) : null}
      {deal !== NEW_DEAL ? null : (
        <Input
          label={t.dealName}
          name="dealName"
          description={t.dealNameHelp}
          value={dealName}
          onChange={setDealName}
          testId="hand-off-deal-name"
        />
      )}
    </ActionForm>
  );
}
