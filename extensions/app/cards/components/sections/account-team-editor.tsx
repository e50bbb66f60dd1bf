// Section 1, account team: the team lead, internal members (HubSpot owners and their roles) and
// external members. Owners become pickers when the backend lists them, else their id is typed.
import { Flex, Input, Select } from '@hubspot/ui-extensions';
import { newItemId } from '../../lib/list.ts';
import type { OwnerView } from '../../lib/types.ts';
import { ObjectListEditor } from '../list-editors.tsx';
import { ShortText } from '../fields.tsx';
import type { SectionEditorProps } from '../section-form.tsx';
import { fieldError } from '../section-form.tsx';

/** The account team editor. */
export function AccountTeamEditor({
  draft,
  onChange,
  errors,
  i18n,
  plan,
}: SectionEditorProps<'accountTeam'>) {
  const t = i18n.t.accountTeam;
  const owners = plan.owners ?? [];
  return (
    <Flex direction="column" gap="md">
      <OwnerField
        label={t.teamLead}
        name="teamLead"
        value={draft.teamLead ?? ''}
        owners={owners}
        description={t.ownerIdHelp}
        onChange={(value) => onChange({ ...draft, teamLead: value === '' ? null : value })}
        testId="accountTeam-teamLead"
      />
      <ObjectListEditor
        label={t.members}
        items={draft.members}
        onChange={(members) => onChange({ ...draft, members })}
        i18n={i18n}
        testId="accountTeam-members"
        itemName={(member) => owners.find((owner) => owner.id === member.ownerId)?.name ?? ''}
        addLabel={t.addMember}
        newItem={() => ({ id: newItemId(), ownerId: '', role: '' })}
        renderItem={(member, index, { update, prefix, controls }) => (
          <Flex direction="row" gap="sm" align="end" wrap>
            <OwnerField
              label={t.ownerId}
              name={`members.${index}.ownerId`}
              value={member.ownerId}
              owners={owners}
              description={t.ownerIdHelp}
              onChange={(ownerId) => update({ ownerId })}
              testId={`${prefix}-ownerId`}
              {...fieldError(errors, `members.${index}.ownerId`)}
            />
            <ShortText
              label={t.role}
              name={`members.${index}.role`}
              value={member.role}
              onChange={(role) => update({ role })}
              testId={`${prefix}-role`}
            />
            {controls}
          </Flex>
        )}
      />
      <ObjectListEditor
        label={t.externalMembers}
        items={draft.externalMembers}
        onChange={(externalMembers) => onChange({ ...draft, externalMembers })}
        i18n={i18n}
        testId="accountTeam-externalMembers"
        addLabel={t.addExternal}
        newItem={() => ({ id: newItemId(), name: '', organisation: '', role: '' })}
        renderItem={(member, index, { update, prefix, controls }) => (
          <Flex direction="row" gap="sm" align="end" wrap>
            <ShortText
              label={t.name}
              name={`externalMembers.${index}.name`}
              required
              value={member.name}
              onChange={(name) => update({ name })}
              testId={`${prefix}-name`}
            />
            <ShortText
              label={t.organisation}
              name={`externalMembers.${index}.organisation`}
              value={member.organisation}
              onChange={(organisation) => update({ organisation })}
            />
            <ShortText
              label={t.role}
              name={`externalMembers.${index}.role`}
              value={member.role}
              onChange={(role) => update({ role })}
            />
            {controls}
          </Flex>
        )}
      />
    </Flex>
  );
}

/** A HubSpot owner: a picker when owners are known, else the owner id as text. */
function OwnerField({
  label,
  name,
  value,
  owners,
  description,
  onChange,
  testId,
  error,
  validationMessage,
}: {
  label: string;
  name: string;
  value: string;
  owners: readonly OwnerView[];
  description: string;
  onChange: (value: string) => void;
  testId: string;
  error?: boolean;
  validationMessage?: string;
}) {
  if (owners.length > 0) {
    return (
      <Select
        label={label}
        name={name}
        value={value}
        options={owners.map((owner) => ({ value: owner.id, label: owner.name }))}
        onChange={(next) => onChange(String(next))}
        error={error}
        validationMessage={validationMessage}
        testId={testId}
      />
    );
  }
  return (
    <Input
      label={label}
      name={name}
      description={description}
      value={value}
      onChange={onChange}
      error={error}
      validationMessage={validationMessage}
      testId={testId}
    />
  );
}
