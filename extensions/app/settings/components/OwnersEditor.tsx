// Who gets a contact back from sales (the owner before the hand-off, one configured marketing
// owner, or a HubSpot team in turn) and in which language the product writes each owner's tasks
// and notes (HubSpot's owners API carries no language).
import { Flex, Heading, Select, Text } from '@hubspot/ui-extensions';
import { errorProps } from '../lib/field-errors.ts';
import type { Language, LifecyclePolicy, OwnerView, TeamView } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';
import { ownerOptions, withCurrent } from './options.ts';

/** Props of OwnersEditor. */
export interface OwnersEditorProps extends EditorProps<LifecyclePolicy> {
  owners: readonly OwnerView[];
  teams: readonly TeamView[];
}

const base = 'lifecycle';
const KEEP_OWNER = '';
const DEFAULT_LANGUAGE = 'default';
type ReturnMode = LifecyclePolicy['returnOwner']['mode'];

/** The policy with another way of choosing the returned contact's owner. */
function withReturnMode(
  policy: LifecyclePolicy,
  mode: ReturnMode,
  teams: readonly TeamView[],
): LifecyclePolicy {
  if (mode === 'team_round_robin') {
    const current = policy.returnOwner.mode === 'team_round_robin' ? policy.returnOwner.teamId : '';
    return { ...policy, returnOwner: { mode, teamId: current || (teams[0]?.id ?? '') } };
  }
  return { ...policy, returnOwner: { mode } };
}

/** Edits the return owner and the owners' languages. */
export function OwnersEditor(props: OwnersEditorProps) {
  const { value: policy, onChange, t, errors, owners, teams } = props;
  const set = (patch: Partial<LifecyclePolicy>) => onChange({ ...policy, ...patch });
  const returnOwner = policy.returnOwner;
  const teamId = returnOwner.mode === 'team_round_robin' ? returnOwner.teamId : '';
  const languages = policy.ownerLanguages;
  const languageOptions = [
    { value: 'en', label: t.languageEnglish },
    { value: 'de', label: t.languageGerman },
  ];
  const setOwnerLanguage = (ownerId: string, picked: string) => {
    const { [ownerId]: _old, ...rest } = languages.byOwner;
    const byOwner = picked === DEFAULT_LANGUAGE ? rest : { ...rest, [ownerId]: picked as Language };
    set({ ownerLanguages: { ...languages, byOwner } });
  };

  return (
    <Flex direction="column" gap="medium">
      <Heading>{t.returnOwnerHeading}</Heading>
      <Flex gap="small" wrap>
        <Select
          name={`${base}.returnOwner.mode`}
          testId={`${base}.returnOwner.mode`}
          label={t.returnOwnerMode}
          value={returnOwner.mode}
          options={[
            { value: 'previous_owner', label: t.returnOwnerPrevious },
            { value: 'configured', label: t.returnOwnerConfigured },
            { value: 'team_round_robin', label: t.returnOwnerTeam },
          ]}
          onChange={(mode) => onChange(withReturnMode(policy, mode as ReturnMode, teams))}
          {...errorProps(errors, `${base}.returnOwner.mode`)}
        />
        {returnOwner.mode === 'team_round_robin' ? (
          <Select
            name={`${base}.returnOwner.teamId`}
            testId={`${base}.returnOwner.teamId`}
            label={t.returnOwnerTeamPicker}
            value={teamId}
            options={withCurrent(
              teams.map((team) => ({ value: team.id, label: team.name })),
              [teamId],
            )}
            onChange={(id) =>
              set({ returnOwner: { mode: 'team_round_robin', teamId: String(id) } })
            }
            {...errorProps(errors, `${base}.returnOwner.teamId`)}
          />
        ) : null}
        <Select
          name={`${base}.marketingOwnerId`}
          testId={`${base}.marketingOwnerId`}
          label={returnOwner.mode === 'configured' ? t.marketingOwner : t.marketingOwnerFallback}
          value={policy.marketingOwnerId ?? KEEP_OWNER}
          options={[
            { value: KEEP_OWNER, label: t.marketingOwnerKeep },
            ...withCurrent(ownerOptions(owners), [policy.marketingOwnerId ?? '']),
          ]}
          onChange={(id) => {
            const { marketingOwnerId: _old, ...rest } = policy;
            onChange(id === KEEP_OWNER ? rest : { ...rest, marketingOwnerId: String(id) });
          }}
          {...errorProps(errors, `${base}.marketingOwnerId`)}
        />
      </Flex>
      {returnOwner.mode === 'team_round_robin' && teams.length === 0 ? (
        <Text variant="microcopy">{t.returnOwnerNoTeams}</Text>
      ) : null}

      <Heading>{t.ownerLanguagesHeading}</Heading>
      <Text variant="microcopy">{t.ownerLanguagesDescription}</Text>
      <Select
        name={`${base}.ownerLanguages.default`}
        testId={`${base}.ownerLanguages.default`}
        label={t.ownerLanguagesDefault}
        value={languages.default}
        options={languageOptions}
        onChange={(picked) =>
          set({ ownerLanguages: { ...languages, default: picked === 'de' ? 'de' : 'en' } })
        }
        {...errorProps(errors, `${base}.ownerLanguages.default`)}
      />
      {/* One picker per owner, side by side: the owner's name is its label. */}
      <Flex gap="small" wrap testId="owner-languages">
        {owners.map((owner) => (
          <Select
            key={owner.id}
            name={`${base}.ownerLanguages.byOwner.${owner.id}`}
            testId={`${base}.ownerLanguages.byOwner.${owner.id}`}
            label={owner.name}
            tooltip={owner.email ?? undefined}
            value={languages.byOwner[owner.id] ?? DEFAULT_LANGUAGE}
            options={[{ value: DEFAULT_LANGUAGE, label: t.languageDefault }, ...languageOptions]}
            onChange={(picked) => setOwnerLanguage(owner.id, String(picked))}
            {...errorProps(errors, `${base}.ownerLanguages.byOwner.${owner.id}`)}
          />
        ))}
      </Flex>
    </Flex>
  );
}
