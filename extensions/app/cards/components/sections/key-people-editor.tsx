// Section 5, key people, roles & decision criteria. The people are the deal's associated HubSpot
// contacts (their buying roles are association labels, so HubSpot's own association cards show
// them); the plan adds what only matters for this deal: role in the process, how well we know them,
// attitude to change, opinion of us, how well we address them, perceived benefits and criteria.
import { Button, Flex, MultiSelect, Select, Tag, Text } from '@hubspot/ui-extensions';
import { newItemId } from '../../lib/list.ts';
import { accountMessages } from '../../lib/messages/account.ts';
import {
  ATTITUDES,
  BUYING_ROLES,
  INFLUENCER_KINDS,
  LEVELS,
  OPINIONS,
  SCALE_VALUES,
  optionsOf,
} from '../../lib/options.ts';
import type {
  AttitudeToChange,
  BuyingRole,
  KeyPeople,
  Level,
  OpinionOfUs,
  Stakeholder,
} from '../../lib/types.ts';
import { ObjectListEditor, TextListEditor } from '../list-editors.tsx';
import { ShortText } from '../fields.tsx';
import type { SectionEditorProps } from '../section-form.tsx';
import type { I18n } from '../../lib/i18n.ts';

/** The key people editor. */
export function KeyPeopleEditor({ draft, onChange, i18n, plan }: SectionEditorProps<'keyPeople'>) {
  const t = i18n.t.keyPeople;
  const inPlan = new Set(draft.stakeholders.map((stakeholder) => stakeholder.contactId));
  const notInPlan = plan.stakeholders.filter((contact) => !inPlan.has(contact.contactId));
  const addStakeholder = (contactId: string, roles: BuyingRole[]) => {
    const stakeholder: Stakeholder = {
      id: newItemId(),
      contactId,
      buyingRoles: roles,
      roleInProcess: '',
      familiarity: null,
      attitudeToChange: null,
      opinionOfUs: 'unknown',
      influence: null,
      addressedWell: null,
      perceivedBenefits: [],
      decisionCriteria: [],
    };
    onChange({ ...draft, stakeholders: [...draft.stakeholders, stakeholder] });
  };

  return (
    <Flex direction="column" gap="md">
      <Text format={{ fontWeight: 'demibold' }}>{t.associatedContacts}</Text>
      {plan.stakeholders.length === 0 ? <Text variant="microcopy">{t.noContacts}</Text> : null}
      {notInPlan.map((contact) => (
        <Flex key={contact.contactId} direction="row" gap="sm" align="center">
          <Text>{describeContact(contact.name, contact.jobTitle, contact.email)}</Text>
          {contact.roles.map((role) => (
            <Tag key={role} variant="default">
              {i18n.t.buyingRoles[role]}
            </Tag>
          ))}
          <Button
            size="xs"
            variant="secondary"
            onClick={() => addStakeholder(contact.contactId, contact.roles)}
            testId={`keyPeople-add-${contact.contactId}`}
          >
            {i18n.format(t.addToPlan, { name: contact.name })}
          </Button>
        </Flex>
      ))}
      <ObjectListEditor
        label={t.stakeholders}
        items={draft.stakeholders}
        onChange={(stakeholders) => onChange({ ...draft, stakeholders })}
        i18n={i18n}
        testId="keyPeople-stakeholders"
        itemName={(stakeholder) =>
          plan.stakeholders.find((entry) => entry.contactId === stakeholder.contactId)?.name ?? ''
        }
        tileTestId
        renderItem={(stakeholder, index, { update, prefix, controls }) => {
          const contact = plan.stakeholders.find(
            (entry) => entry.contactId === stakeholder.contactId,
          );
          return (
            <Flex direction="column" gap="xs">
              <Flex direction="row" gap="sm" align="center">
                <Text format={{ fontWeight: 'bold' }}>
                  {contact
                    ? describeContact(contact.name, contact.jobTitle, contact.email)
                    : `${stakeholder.contactId}`}
                </Text>
                {contact ? null : <Tag variant="warning">{t.notAssociated}</Tag>}
              </Flex>
              <MultiSelect
                label={t.buyingRoles}
                name={`stakeholders.${index}.buyingRoles`}
                value={stakeholder.buyingRoles}
                options={optionsOf(BUYING_ROLES, i18n.t.buyingRoles)}
                onChange={(roles) => update({ buyingRoles: roles.map(String) as BuyingRole[] })}
                testId={`${prefix}-roles`}
              />
              <StakeholderRatings
                stakeholder={stakeholder}
                index={index}
                prefix={prefix}
                update={update}
                i18n={i18n}
              />
              <TextListEditor
                label={t.perceivedBenefits}
                values={stakeholder.perceivedBenefits}
                path={`stakeholders.${index}.perceivedBenefits`}
                onChange={(perceivedBenefits) => update({ perceivedBenefits })}
                i18n={i18n}
                testId={`${prefix}-benefits`}
              />
              <TextListEditor
                label={t.decisionCriteria}
                values={stakeholder.decisionCriteria}
                path={`stakeholders.${index}.decisionCriteria`}
                onChange={(decisionCriteria) => update({ decisionCriteria })}
                i18n={i18n}
                testId={`${prefix}-criteria`}
              />
              {controls}
            </Flex>
          );
        }}
      />
      <ExternalInfluencersEditor
        influencers={draft.externalInfluencers}
        onChange={(externalInfluencers) => onChange({ ...draft, externalInfluencers })}
        i18n={i18n}
      />
    </Flex>
  );
}

/** "Name, job title (email)" with whatever is known. */
function describeContact(name: string, jobTitle: string | null, email: string | null): string {
  const title = jobTitle ? `${name}, ${jobTitle}` : name;
  return email ? `${title} (${email})` : title;
}

/** How we stand with a stakeholder: role in the process, familiarity, attitude, opinion, influence. */
function StakeholderRatings({
  stakeholder,
  index,
  prefix,
  update,
  i18n,
}: {
  stakeholder: Stakeholder;
  index: number;
  prefix: string;
  update: (patch: Partial<Stakeholder>) => void;
  i18n: I18n;
}) {
  const t = i18n.t.keyPeople;
  const ratingOptions = SCALE_VALUES.map((value) => ({
    value,
    label: i18n.t.ratings[String(value) as keyof typeof i18n.t.ratings],
  }));
  return (
    <Flex direction="row" gap="sm" wrap>
      <ShortText
        label={t.roleInProcess}
        name={`stakeholders.${index}.roleInProcess`}
        value={stakeholder.roleInProcess}
        onChange={(roleInProcess) => update({ roleInProcess })}
        testId={`${prefix}-roleInProcess`}
      />
      <Select
        label={t.familiarity}
        name={`stakeholders.${index}.familiarity`}
        value={stakeholder.familiarity ?? undefined}
        options={ratingOptions}
        onChange={(value) => update({ familiarity: Number(value) })}
        testId={`${prefix}-familiarity`}
      />
      <Select
        label={t.attitudeToChange}
        name={`stakeholders.${index}.attitudeToChange`}
        value={stakeholder.attitudeToChange ?? undefined}
        options={optionsOf(ATTITUDES, i18n.t.attitudes)}
        onChange={(value) => update({ attitudeToChange: value as AttitudeToChange })}
        testId={`${prefix}-attitude`}
      />
      <Select
        label={t.opinionOfUs}
        name={`stakeholders.${index}.opinionOfUs`}
        value={stakeholder.opinionOfUs}
        options={optionsOf(OPINIONS, i18n.t.opinions)}
        onChange={(value) => update({ opinionOfUs: value as OpinionOfUs })}
        testId={`${prefix}-opinion`}
      />
      <Select
        label={accountMessages(i18n.language).map.influence}
        name={`stakeholders.${index}.influence`}
        value={stakeholder.influence ?? undefined}
        options={optionsOf(LEVELS, i18n.t.levels)}
        onChange={(value) => update({ influence: value as Level })}
        testId={`${prefix}-influence`}
      />
      <Select
        label={t.addressedWell}
        name={`stakeholders.${index}.addressedWell`}
        value={stakeholder.addressedWell ?? undefined}
        options={ratingOptions}
        onChange={(value) => update({ addressedWell: Number(value) })}
        testId={`${prefix}-addressedWell`}
      />
    </Flex>
  );
}

/** The people outside the account (consultants, analysts, partners...) who sway the decision. */
function ExternalInfluencersEditor({
  influencers,
  onChange,
  i18n,
}: {
  influencers: KeyPeople['externalInfluencers'];
  onChange: (influencers: KeyPeople['externalInfluencers']) => void;
  i18n: I18n;
}) {
  const t = i18n.t.keyPeople;
  return (
    <ObjectListEditor
      label={t.externalInfluencers}
      items={influencers}
      onChange={onChange}
      i18n={i18n}
      testId="keyPeople-externalInfluencers"
      addLabel={t.addInfluencer}
      newItem={() => ({
        id: newItemId(),
        name: '',
        organisation: '',
        kind: 'other' as const,
        influence: 'medium' as const,
      })}
      renderItem={(influencer, index, { update, prefix, controls }) => (
        <Flex direction="row" gap="sm" align="end" wrap>
          <ShortText
            label={t.name}
            name={`externalInfluencers.${index}.name`}
            required
            value={influencer.name}
            onChange={(name) => update({ name })}
            testId={`${prefix}-name`}
          />
          <ShortText
            label={t.organisation}
            name={`externalInfluencers.${index}.organisation`}
            value={influencer.organisation}
            onChange={(organisation) => update({ organisation })}
          />
          <Select
            label={t.kind}
            name={`externalInfluencers.${index}.kind`}
            value={influencer.kind}
            options={optionsOf(INFLUENCER_KINDS, i18n.t.influencerKinds)}
            onChange={(value) => update({ kind: value as (typeof INFLUENCER_KINDS)[number] })}
          />
          <Select
            label={t.influence}
            name={`externalInfluencers.${index}.influence`}
            value={influencer.influence}
            options={optionsOf(LEVELS, i18n.t.levels)}
            onChange={(value) => update({ influence: value as Level })}
          />
          {controls}
        </Flex>
      )}
    />
  );
}
