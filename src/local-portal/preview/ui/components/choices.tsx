/// <reference lib="dom" />
// Select, MultiSelect, Checkbox, Toggle and DateInput.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { Field, type FieldProps, useFieldIds } from './fields.tsx';
import { usePortalTimezone } from '../runtime.tsx';
import { Decoration, type Testable, cls } from './shared.tsx';

type OptionValue = string | number;

type SelectOption = { label: string; value: OptionValue; description?: string };

/** One option of a Select or MultiSelect (its value as text; `onChange` maps it back). */
const optionOf = (option: SelectOption) => (
  <option key={String(option.value)} value={String(option.value)} title={option.description}>
    {option.label}
  </option>
);

/** The attributes a Select's and a MultiSelect's `<select>` share. */
const selectAttributes = (
  props: FieldProps,
  variant: 'input' | 'transparent',
  ...classes: string[]
) => ({
  className: cls(
    'hs-input',
    'hs-select',
    ...classes,
    variant === 'transparent' && 'hs-select-transparent',
  ),
  name: props.name,
  disabled: props.readOnly,
  'data-testid': props.testId,
});

/**
 * A dropdown; `onChange` gets the option's own value (a number stays a number). With `onInput`
 * (HubSpot's search field) a search box above it narrows the options and reports every edit.
 */
export function Select({
  options,
  value,
  placeholder,
  variant = 'input',
  onChange,
  onInput,
  ...props
}: FieldProps & {
  options: readonly SelectOption[];
  value?: OptionValue;
  placeholder?: string;
  variant?: 'input' | 'transparent';
  onChange?: (value: OptionValue) => void;
  onInput?: (value: string) => void;
}) {
  const ids = useFieldIds(props);
  const [own, setOwn] = useState<OptionValue | undefined>(value);
  const [search, setSearch] = useState('');
  useEffect(() => setOwn(value), [value]);
  const needle = search.trim().toLowerCase();
  // The chosen option stays listed while a search hides the others.
  const shown = options.filter(
    (option) =>
      needle === '' || option.value === own || option.label.toLowerCase().includes(needle),
  );
  const selectedIndex = shown.findIndex((option) => option.value === own);
  return (
    <Field {...props} ids={ids}>
      {onInput ? (
        <input
          type="search"
          className="hs-input hs-select-search"
          aria-label={`${props.label ?? placeholder ?? ''} – search`.trim()}
          aria-controls={ids.id}
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            onInput(event.target.value);
          }}
        />
      ) : null}
      <select
        {...ids.control}
        {...selectAttributes(props, variant)}
        value={selectedIndex >= 0 ? String(shown[selectedIndex]!.value) : ''}
        onChange={(event) => {
          const option = options.find((entry) => String(entry.value) === event.target.value);
          if (!option) return;
          setOwn(option.value);
          onChange?.(option.value);
        }}
      >
        {selectedIndex < 0 ? <option value="">{placeholder ?? '—'}</option> : null}
        {shown.map(optionOf)}
      </select>
    </Field>
  );
}

/** A multiple choice; `onChange` gets every chosen option's value. */
export function MultiSelect({
  options,
  value,
  placeholder,
  variant = 'input',
  onChange,
  ...props
}: FieldProps & {
  options: readonly SelectOption[];
  value?: readonly OptionValue[];
  placeholder?: string;
  variant?: 'input' | 'transparent';
  onChange?: (value: OptionValue[]) => void;
}) {
  const ids = useFieldIds(props);
  const [own, setOwn] = useState<readonly OptionValue[]>(value ?? []);
  useEffect(() => setOwn(value ?? []), [value]);
  return (
    <Field {...props} ids={ids}>
      {own.length === 0 && placeholder ? (
        <Decoration className="hs-placeholder">{placeholder}</Decoration>
      ) : null}
      <select
        {...ids.control}
        multiple
        size={Math.min(6, Math.max(2, options.length))}
        {...selectAttributes(props, variant, 'hs-multiselect')}
        value={own.map(String)}
        onChange={(event) => {
          const chosen = new Set(
            Array.from(event.target.selectedOptions, (option) => option.value),
          );
          const next = options
            .filter((option) => chosen.has(String(option.value)))
            .map((o) => o.value);
          setOwn(next);
          onChange?.(next);
        }}
      >
        {options.map(optionOf)}
      </select>
    </Field>
  );
}

type SmallOrMedium = 'sm' | 'small' | 'md' | 'medium' | 'default';
const sizeClass = (size: string | undefined) =>
  size === 'xs' || size === 'extra-small' ? 'xs' : size === 'sm' || size === 'small' ? 'sm' : 'md';

/** A checkbox; `onChange(checked, value)`. */
export function Checkbox({
  checked,
  initialIsChecked,
  name,
  value,
  readonly,
  readOnly,
  description,
  variant,
  size,
  inline,
  onChange,
  children,
  testId,
  'aria-label': ariaLabel,
}: Testable & {
  'aria-label'?: string;
  checked?: boolean;
  initialIsChecked?: boolean;
  name?: string;
  value?: string;
  readonly?: boolean;
  readOnly?: boolean;
  description?: string;
  variant?: 'default' | 'small';
  size?: SmallOrMedium;
  inline?: boolean;
  onChange?: (checked: boolean, value: string) => void;
  children?: ReactNode;
}) {
  const descriptionId = useId();
  const [own, setOwn] = useState(checked ?? initialIsChecked ?? false);
  useEffect(() => {
    if (checked !== undefined) setOwn(checked);
  }, [checked]);
  return (
    <label
      className={cls(
        'hs-checkbox',
        `hs-checkbox-${sizeClass(size ?? (variant === 'small' ? 'sm' : 'md'))}`,
        inline && 'hs-checkbox-inline',
      )}
    >
      <input
        type="checkbox"
        name={name}
        value={value}
        checked={own}
        disabled={readOnly || readonly}
        aria-label={ariaLabel}
        aria-describedby={description ? descriptionId : undefined}
        data-testid={testId}
        onChange={(event) => {
          setOwn(event.target.checked);
          onChange?.(event.target.checked, value ?? '');
        }}
      />
      <span>{children}</span>
      {description ? (
        <span id={descriptionId} className="hs-description">
          {description}
        </span>
      ) : null}
    </label>
  );
}

/** An on/off switch; `onChange(checked)`. Only a medium switch shows its ON/OFF text. */
export function Toggle({
  checked,
  initialIsChecked,
  label,
  labelDisplay = 'inline',
  name,
  readonly,
  readOnly,
  size = 'md',
  textChecked = 'ON',
  textUnchecked = 'OFF',
  onChange,
  testId,
}: Testable & {
  checked?: boolean;
  initialIsChecked?: boolean;
  label: string;
  labelDisplay?: 'inline' | 'top' | 'hidden';
  name?: string;
  readonly?: boolean;
  readOnly?: boolean;
  size?: 'xs' | 'extra-small' | SmallOrMedium;
  textChecked?: string;
  textUnchecked?: string;
  onChange?: (checked: boolean) => void;
}) {
  const [own, setOwn] = useState(checked ?? initialIsChecked ?? false);
  useEffect(() => {
    if (checked !== undefined) setOwn(checked);
  }, [checked]);
  const medium = sizeClass(size) === 'md';
  return (
    <label
      className={cls(
        'hs-toggle',
        `hs-toggle-label-${labelDisplay}`,
        `hs-toggle-${sizeClass(size)}`,
      )}
    >
      {labelDisplay === 'top' ? <span>{label}</span> : null}
      <input
        type="checkbox"
        role="switch"
        name={name}
        checked={own}
        disabled={readonly || readOnly}
        aria-label={labelDisplay === 'hidden' ? label : undefined}
        data-testid={testId}
        onChange={(event) => {
          setOwn(event.target.checked);
          onChange?.(event.target.checked);
        }}
      />
      <span className="hs-toggle-track" aria-hidden="true">
        {medium ? (
          <span className="hs-toggle-text">{own ? textChecked : textUnchecked}</span>
        ) : null}
      </span>
      {labelDisplay === 'inline' ? <span>{label}</span> : null}
    </label>
  );
}

/** A calendar day; month is 0-based as in HubSpot's BaseDate. */
export interface BaseDate {
  year: number;
  month: number;
  date: number;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

const isoOf = (value: BaseDate | null | undefined) =>
  value ? `${pad(value.year, 4)}-${pad(value.month + 1)}-${pad(value.date)}` : '';

const dayNumber = (value: BaseDate) => value.year * 10_000 + value.month * 100 + value.date;

const DATE_FORMATS: Record<string, Intl.DateTimeFormatOptions> = {
  L: { year: 'numeric', month: '2-digit', day: '2-digit' },
  short: { year: 'numeric', month: '2-digit', day: '2-digit' },
  ll: { year: 'numeric', month: 'short', day: 'numeric' },
  medium: { year: 'numeric', month: 'short', day: 'numeric' },
  LL: { year: 'numeric', month: 'long', day: 'numeric' },
  long: { year: 'numeric', month: 'long', day: 'numeric' },
  standard: { year: 'numeric', month: '2-digit', day: '2-digit' },
};

/** The day as `format` shows it (HubSpot's moment-style names; ISO for YYYY-MM-DD). */
function formatDay(value: BaseDate, format: string | undefined): string {
  if (format === undefined || format === 'YYYY-MM-DD') return isoOf(value);
  const options = DATE_FORMATS[format] ?? DATE_FORMATS.L!;
  return new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' }).format(
    Date.UTC(value.year, value.month, value.date),
  );
}

/** Today as a calendar day, in the user's or the portal's time zone. */
function today(zone: string | undefined): BaseDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(zone ? { timeZone: zone } : {}),
  }).formatToParts(new Date());
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
  return { year: part('year'), month: part('month') - 1, date: part('day') };
}

/**
 * A date picker: `onChange({ year, month, date, formattedDate })`, or null when cleared. A day
 * before `min` or after `max` shows `minValidationMessage` / `maxValidationMessage`; the Today and
 * Clear buttons carry `todayButtonLabel` and `clearButtonLabel`.
 */
export function DateInput({
  value,
  defaultValue,
  min,
  max,
  minValidationMessage,
  maxValidationMessage,
  format,
  clearButtonLabel = 'Clear',
  todayButtonLabel = 'Today',
  timezone,
  onChange,
  onBlur,
  onFocus,
  ...props
}: FieldProps & {
  value?: BaseDate | null;
  defaultValue?: BaseDate;
  min?: BaseDate;
  max?: BaseDate;
  minValidationMessage?: string;
  maxValidationMessage?: string;
  format?: 'YYYY-MM-DD' | 'L' | 'LL' | 'll' | 'short' | 'long' | 'medium' | 'standard';
  clearButtonLabel?: string;
  todayButtonLabel?: string;
  timezone?: 'userTz' | 'portalTz';
  onChange?: (value: (BaseDate & { formattedDate?: string }) | null) => void;
  onBlur?: (value: BaseDate & { formattedDate?: string }) => void;
  onFocus?: (value: BaseDate & { formattedDate?: string }) => void;
}) {
  const [own, setOwn] = useState(isoOf(value ?? defaultValue));
  const portalZone = usePortalTimezone();
  useEffect(() => {
    if (value !== undefined) setOwn(isoOf(value));
  }, [value]);
  const day = parseIso(own);
  const range =
    day && min && dayNumber(day) < dayNumber(min)
      ? minValidationMessage
      : day && max && dayNumber(day) > dayNumber(max)
        ? maxValidationMessage
        : undefined;
  const shown = {
    ...props,
    error: props.error || range !== undefined,
    validationMessage: props.validationMessage ?? range,
  };
  const ids = useFieldIds(shown);
  const payload = (next: BaseDate) => ({ ...next, formattedDate: formatDay(next, format) });
  const pick = (next: BaseDate | null) => {
    setOwn(isoOf(next));
    onChange?.(next ? payload(next) : null);
  };
  const name = props.label ?? props.name ?? '';
  return (
    <Field {...shown} ids={ids}>
      <span className="hs-date-row">
        <input
          {...ids.control}
          className="hs-input hs-date"
          type="date"
          name={props.name}
          min={isoOf(min) || undefined}
          max={isoOf(max) || undefined}
          readOnly={props.readOnly}
          data-testid={props.testId}
          data-timezone={timezone}
          value={own}
          onChange={(event) => pick(parseIso(event.target.value))}
          onFocus={() => (day ? onFocus?.(payload(day)) : undefined)}
          onBlur={() => (day ? onBlur?.(payload(day)) : undefined)}
        />
        {props.readOnly ? null : (
          <>
            <button
              type="button"
              className="hs-date-action"
              aria-label={`${todayButtonLabel}: ${name}`}
              onClick={() => pick(today(timezone === 'portalTz' ? portalZone : undefined))}
            >
              {todayButtonLabel}
            </button>
            <button
              type="button"
              className="hs-date-action"
              aria-label={`${clearButtonLabel}: ${name}`}
              disabled={own === ''}
              onClick={() => pick(null)}
            >
              {clearButtonLabel}
            </button>
          </>
        )}
      </span>
      {day && format && format !== 'YYYY-MM-DD' ? (
        <Decoration className="hs-date-formatted">{formatDay(day, format)}</Decoration>
      ) : null}
    </Field>
  );
}

/** `YYYY-MM-DD` as a calendar day, or null. */
function parseIso(text: string): BaseDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match
    ? { year: Number(match[1]), month: Number(match[2]) - 1, date: Number(match[3]) }
    : null;
}
