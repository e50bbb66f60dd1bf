// Handing a lead off to sales: who becomes the sales owner (a sales-team owner picked explicitly,
// the next one in the round robin, or the current owner kept) and, optionally, the deal's name.
import { useState } from 'react';
import { Flex, Form, Input, LoadingButton, Select, Text } from '@hubspot/ui-extensions';
import type { I18n } from '../lib/i18n.ts';
import type { HandOffInput, OwnerView } from '../lib/types.ts';

type Mode = 'explicit' | 'round_robin' | 'keep';

/** The hand-off form; `onSubmit` resolves true when the hand-off was done. */
export function HandOffForm({
  owners,
  i18n,
  onSubmit,
}: {
  owners: readonly OwnerView[];
  i18n: I18n;
  onSubmit: (input: HandOffInput) => Promise<boolean>;
}) {
  const t = i18n.t.handOff;
  const salesOwners = owners.filter((owner) => owner.team === 'sales');
  const [mode, setMode] = useState<Mode>(salesOwners.length > 0 ? 'explicit' : 'round_robin');
  const [ownerId, setOwnerId] = useState('');
  const [dealName, setDealName] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const ownerMissing = mode === 'explicit' && ownerId === '';

  const submit = async () => {
    setTouched(true);
    if (ownerMissing || busy) return;
    const salesOwner: HandOffInput['salesOwner'] =
      mode === 'explicit' ? { mode, ownerId } : { mode };
    const name = dealName.trim();
    setBusy(true);
    const done = await onSubmit(name === '' ? { salesOwner } : { salesOwner, dealName: name });
    setBusy(false);
    if (done) {
      setOwnerId('');
      setDealName('');
      setTouched(false);
    }
  };

  return (
    <Form onSubmit={() => void submit()} preventDefault testId="hand-off-form">
      <Flex direction="column" gap="sm">
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
        <Input
          label={t.dealName}
          name="dealName"
          description={t.dealNameHelp}
          value={dealName}
          onChange={setDealName}
          testId="hand-off-deal-name"
        />
        <LoadingButton
          variant="primary"
          type="button"
          loading={busy}
          onClick={() => void submit()}
          testId="hand-off-submit"
        >
          {t.submit}
        </LoadingButton>
      </Flex>
    </Form>
  );
}
