// Section 2, customer profile: business areas, products, key figures, the customer's customers and
// competitors, and the main points of contact.
import { Flex, NumberInput, Select, Text } from '@hubspot/ui-extensions';
import { newItemId } from '../../lib/list.ts';
import { ObjectListEditor, TextListEditor } from '../list-editors.tsx';
import { AmountInput, LongText, ShortText } from '../fields.tsx';
import type { SectionEditorProps } from '../section-form.tsx';
import { fieldError } from '../section-form.tsx';

/** The customer profile editor. */
export function CustomerProfileEditor({
  draft,
  onChange,
  errors,
  i18n,
  plan,
}: SectionEditorProps<'customerProfile'>) {
  const t = i18n.t.customerProfile;
  const financials = draft.financials;
  const setFinancials = (patch: Partial<typeof financials>) =>
    onChange({ ...draft, financials: { ...financials, ...patch } });
  const contactOptions = [
    { value: '', label: i18n.t.common.none },
    ...plan.stakeholders.map((contact) => ({ value: contact.contactId, label: contact.name })),
  ];
  return (
    <Flex direction="column" gap="md">
      <TextListEditor
        label={t.businessAreas}
        values={draft.businessAreas}
        path="businessAreas"
        onChange={(businessAreas) => onChange({ ...draft, businessAreas })}
        i18n={i18n}
        testId="customerProfile-businessAreas"
      />
      <TextListEditor
        label={t.products}
        values={draft.products}
        path="products"
        onChange={(products) => onChange({ ...draft, products })}
        i18n={i18n}
        testId="customerProfile-products"
      />
      <Text format={{ fontWeight: 'demibold' }}>{t.financials}</Text>
      <Flex direction="row" gap="sm" wrap>
        <AmountInput
          label={t.annualRevenue}
          name="financials.annualRevenue"
          currencies={[financials.currency, plan.currency]}
          min={0}
          value={financials.annualRevenue ?? undefined}
          onChange={(value) =>
            setFinancials({ annualRevenue: Number.isFinite(value) ? value : null })
          }
          testId="customerProfile-annualRevenue"
          {...fieldError(errors, 'financials.annualRevenue')}
        />
        <ShortText
          label={t.currency}
          name="financials.currency"
          description={t.currencyHelp}
          value={financials.currency ?? ''}
          onChange={(value) =>
            setFinancials({ currency: value.trim() === '' ? null : value.trim().toUpperCase() })
          }
          testId="customerProfile-currency"
        />
        <NumberInput
          label={t.employees}
          name="financials.employees"
          min={0}
          precision={0}
          value={financials.employees ?? undefined}
          onChange={(value) =>
            setFinancials({ employees: Number.isFinite(value) ? Math.trunc(value) : null })
          }
          testId="customerProfile-employees"
          {...fieldError(errors, 'financials.employees')}
        />
        <ShortText
          label={t.fiscalYearEnd}
          name="financials.fiscalYearEnd"
          placeholder="12-31"
          value={financials.fiscalYearEnd ?? ''}
          onChange={(value) =>
            setFinancials({ fiscalYearEnd: value.trim() === '' ? null : value.trim() })
          }
          testId="customerProfile-fiscalYearEnd"
        />
      </Flex>
      <LongText
        label={t.notes}
        name="financials.notes"
        value={financials.notes}
        onChange={(notes) => setFinancials({ notes })}
        i18n={i18n}
      />
      <TextListEditor
        label={t.customersOfCustomer}
        values={draft.customersOfCustomer}
        path="customersOfCustomer"
        onChange={(customersOfCustomer) => onChange({ ...draft, customersOfCustomer })}
        i18n={i18n}
        testId="customerProfile-customersOfCustomer"
      />
      <TextListEditor
        label={t.competitorsOfCustomer}
        values={draft.competitorsOfCustomer}
        path="competitorsOfCustomer"
        onChange={(competitorsOfCustomer) => onChange({ ...draft, competitorsOfCustomer })}
        i18n={i18n}
        testId="customerProfile-competitorsOfCustomer"
      />
      <ObjectListEditor
        label={t.contactPoints}
        items={draft.contactPoints}
        onChange={(contactPoints) => onChange({ ...draft, contactPoints })}
        i18n={i18n}
        testId="customerProfile-contactPoints"
        addLabel={t.addContactPoint}
        newItem={() => ({ id: newItemId(), name: '', role: '', contactId: null })}
        renderItem={(point, index, { update, prefix, controls }) => (
          <Flex direction="row" gap="sm" align="end" wrap>
            <ShortText
              label={t.name}
              name={`contactPoints.${index}.name`}
              required
              value={point.name}
              onChange={(name) => update({ name })}
              testId={`${prefix}-name`}
            />
            <ShortText
              label={t.role}
              name={`contactPoints.${index}.role`}
              value={point.role}
              onChange={(role) => update({ role })}
            />
            <Select
              label={t.contact}
              name={`contactPoints.${index}.contactId`}
              value={point.contactId ?? ''}
              options={contactOptions}
              onChange={(value) => update({ contactId: value === '' ? null : String(value) })}
            />
            {controls}
          </Flex>
        )}
      />
    </Flex>
  );
}
