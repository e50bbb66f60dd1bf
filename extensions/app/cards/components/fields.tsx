// The plan's text and date inputs with the section schemas' limits built in: a long text cannot
// grow past its length (TextArea's maxLength) and says its limit in words; a short text and a date
// show the field's problem next to them (lib/validate-section.ts checks as the user types). Input
// has no maxLength in @hubspot/ui-extensions (only TextArea does), so a short text over its limit is
// refused at the field instead of cut off.
import { createContext, useContext, type ComponentProps } from 'react';
import { CurrencyInput, DateInput, Input, NumberInput, TextArea } from '@hubspot/ui-extensions';
import type { I18n } from '../lib/i18n.ts';
import { fromBaseDate, toBaseDate } from '../lib/dates.ts';
import type { FieldErrors } from '../lib/validate-section.ts';
import { SECTION_LIMITS, isCurrencyCode } from '../lib/validate-section.ts';
import { fieldError } from './section-form.tsx';

interface FieldProps {
  label: string;
  /** The field's dotted path in the section (`financials.notes`), also its error key. */
  name: string;
  errors?: FieldErrors;
  description?: string;
  testId?: string;
}

/** The problems of the section being edited, by path: SectionForm provides them to its fields. */
export const FieldErrorsContext = createContext<FieldErrors>({});

/** The props every field passes on: label, name, description, test id, and its problem. */
function useFieldBase({ label, name, errors, description, testId }: FieldProps) {
  const shown = useContext(FieldErrorsContext);
  return {
    label,
    name,
    ...(description ? { description } : {}),
    ...(testId ? { testId } : {}),
    ...fieldError(errors ?? shown, name),
  };
}

/** A long text (notes, descriptions): at most `max` characters (a section's long text's limit). */
export function LongText({
  value,
  onChange,
  i18n,
  max = SECTION_LIMITS.text,
  ...field
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  i18n: I18n;
  max?: number;
}) {
  const limit = i18n.format(i18n.t.common.tooLong, { max });
  return (
    <TextArea
      {...useFieldBase(field)}
      description={field.description ? `${field.description} · ${limit}` : limit}
      maxLength={max}
      value={value}
      onChange={onChange}
    />
  );
}

/** A short text (a name, a role): its problem (required, too long) next to it. */
export function ShortText({
  value,
  onChange,
  required,
  placeholder,
  ...field
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  placeholder?: string;
}) {
  return (
    <Input
      {...useFieldBase(field)}
      value={value}
      onChange={onChange}
      {...(required ? { required } : {})}
      {...(placeholder ? { placeholder } : {})}
    />
  );
}

/** The first and last day a plan date can be: four-digit years (see isCalendarDay). */
const FIRST_DAY = { year: 1000, month: 0, date: 1 };
const LAST_DAY = { year: 9999, month: 11, date: 31 };

/** A calendar day `YYYY-MM-DD`, or null when cleared; a day the plan cannot hold is refused here. */
export function DayInput({
  value,
  onChange,
  i18n,
  required,
  ...field
}: FieldProps & {
  value: string | null;
  onChange: (value: string | null) => void;
  i18n: I18n;
  required?: boolean;
}) {
  return (
    <DateInput
      {...useFieldBase(field)}
      format="medium"
      min={FIRST_DAY}
      max={LAST_DAY}
      minValidationMessage={i18n.t.common.invalidDate}
      maxValidationMessage={i18n.t.common.invalidDate}
      value={toBaseDate(value)}
      onChange={(next) => onChange(fromBaseDate(next))}
      {...(required ? { required } : {})}
    />
  );
}

/**
 * An amount: HubSpot's CurrencyInput in the first valid currency of `currencies` (the record's
 * own, then the deal's), else a plain NumberInput — CurrencyInput given no currency shows US
 * dollars (its default), which would mislabel an amount nobody said was in dollars.
 */
export function AmountInput({
  currencies,
  ...props
}: Omit<ComponentProps<typeof CurrencyInput>, 'currency'> & {
  currencies: readonly (string | null | undefined)[];
}) {
  const currency = currencies.find(isCurrencyCode);
  return currency ? <CurrencyInput {...props} currency={currency} /> : <NumberInput {...props} />;
}
