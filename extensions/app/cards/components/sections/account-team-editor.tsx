// Section 1, account team: the team lead, internal members (HubSpot owners and their roles) and
// external members. Owners become pickers when the backend lists them, else their id is typed.
import { Button, Flex, Input, Select, Text, Tile } from '@hubspot/ui-extensions';
import { moveItem, newItemId, removeItem, replaceItem } from '../../lib/list.ts';
import type { OwnerView } from '../../lib/types.ts';
import { ItemControls } from '../list-editors.tsx';
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
      <Text format={{ fontWeight: 'demibold' }}>{t.members}</Text>
      {draft.members.map((member, index) => (
        <Tile key={member.id} compact>
          <Flex direction="row" gap="sm" align="end" wrap>
            <OwnerField
              label={t.ownerId}
              name={`members.${index}.ownerId`}
              value={member.ownerId}
              owners={owners}
              description={t.ownerIdHelp}
              onChange={(ownerId) =>
                onChange({
                  ...draft,
                  members: replaceItem(draft.members, index, { ...member, ownerId }),
                })
              }
              testId={`accountTeam-members-${index}-ownerId`}
              {...fieldError(errors, `members.${index}.ownerId`)}
            />
            <Input
              label={t.role}
              name={`members.${index}.role`}
              value={member.role}
              onChange={(role) =>
                onChange({
                  ...draft,
                  members: replaceItem(draft.members, index, { ...member, role }),
                })
              }
              testId={`accountTeam-members-${index}-role`}
            />
            <ItemControls
              index={index}
              count={draft.members.length}
              i18n={i18n}
              onMove={(offset) =>
                onChange({ ...draft, members: moveItem(draft.members, index, offset) })
              }
              onRemove={() => onChange({ ...draft, members: removeItem(draft.members, index) })}
              testId={`accountTeam-members-${index}`}
            />
          </Flex>
        </Tile>
      ))}
      <Button
        size="xs"
        variant="secondary"
        onClick={() =>
          onChange({
            ...draft,
            members: [...draft.members, { id: newItemId(), ownerId: '', role: '' }],
          })
        }
        testId="accountTeam-members-add"
      >
        {t.addMember}
      </Button>
      <Text format={{ fontWeight: 'demibold' }}>{t.externalMembers}</Text>
      {draft.externalMembers.map((member, index) => {
        const update = (patch: Partial<typeof member>) =>
          onChange({
            ...draft,
            externalMembers: replaceItem(draft.externalMembers, index, { ...member, ...patch }),
          });
        return (
          <Tile key={member.id} compact>
            <Flex direction="row" gap="sm" align="end" wrap>
              <Input
                label={t.name}
                name={`externalMembers.${index}.name`}
                required
                value={member.name}
                onChange={(name) => update({ name })}
                testId={`accountTeam-externalMembers-${index}-name`}
                {...fieldError(errors, `externalMembers.${index}.name`)}
              />
              <Input
                label={t.organisation}
                name={`externalMembers.${index}.organisation`}
                value={member.organisation}
                onChange={(organisation) => update({ organisation })}
              />
              <Input
                label={t.role}
                name={`externalMembers.${index}.role`}
                value={member.role}
                onChange={(role) => update({ role })}
              />
              <ItemControls
                index={index}
                count={draft.externalMembers.length}
                i18n={i18n}
                onMove={(offset) =>
                  onChange({
                    ...draft,
                    externalMembers: moveItem(draft.externalMembers, index, offset),
                  })
                }
                onRemove={() =>
                  onChange({ ...draft, externalMembers: removeItem(draft.externalMembers, index) })
                }
                testId={`accountTeam-externalMembers-${index}`}
              />
            </Flex>
          </Tile>
        );
      })}
      <Button
        size="xs"
        variant="secondary"
        onClick={() =>
          onChange({
            ...draft,
            externalMembers: [
              ...draft.externalMembers,
              { id: newItemId(), name: '', organisation: '', role: '' },
            ],
          })
        }
        testId="accountTeam-externalMembers-add"
      >
        {t.addExternal}
      </Button>
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
