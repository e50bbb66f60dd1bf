/// <reference lib="dom" />
// Select, MultiSelect, Checkbox, Toggle and DateInput.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { Field, type FieldProps } from './fields.tsx';
import { type Testable, cls } from './shared.tsx';

type OptionValue = string | number;

type SelectOption = { label: string; value: OptionValue; description?: string };

/** A dropdown; `onChange` gets the option's own value (a number stays a number). */
export function Select({
  options,
  value,
  placeholder,
  onChange,
  ...props
}: FieldProps & {
  options: readonly SelectOption[];
  value?: OptionValue;
  placeholder?: string;
  variant?: 'input' | 'transparent';
  onChange?: (value: OptionValue) => void;
}) {
  const id = useId();
  const [own, setOwn] = useState<OptionValue | undefined>(value);
  useEffect(() => setOwn(value), [value]);
  const selectedIndex = options.findIndex((option) => option.value === own);
  return (
    <Field {...props} id={id}>
      <select
        id={id}
        className="hs-input hs-select"
        name={props.name}
        disabled={props.readOnly}
        aria-invalid={props.error || undefined}
        data-testid={props.testId}
        value={selectedIndex >= 0 ? String(options[selectedIndex]!.value) : ''}
        onChange={(event) => {
          const option = options.find((entry) => String(entry.value) === event.target.value);
          if (!option) return;
          setOwn(option.value);
          onChange?.(option.value);
        }}
      >
        {selectedIndex < 0 ? <option value="">{placeholder ?? '—'}</option> : null}
        {options.map((option) => (
          <option
            key={String(option.value)}
            value={String(option.value)}
            title={option.description}
          >
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A multiple choice; `onChange` gets every chosen option's value. */
export function MultiSelect({
  options,
  value,
  onChange,
  ...props
}: FieldProps & {
  options: readonly SelectOption[];
  value?: readonly OptionValue[];
  placeholder?: string;
  onChange?: (value: OptionValue[]) => void;
}) {
  const id = useId();
  const [own, setOwn] = useState<readonly OptionValue[]>(value ?? []);
  useEffect(() => setOwn(value ?? []), [value]);
  return (
    <Field {...props} id={id}>
      <select
        id={id}
        multiple
        size={Math.min(6, Math.max(2, options.length))}
        className="hs-input hs-select hs-multiselect"
        name={props.name}
        disabled={props.readOnly}
        aria-invalid={props.error || undefined}
        data-testid={props.testId}
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
        {options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A checkbox; `onChange(checked, value)`. */
export function Checkbox({
  checked,
  initialIsChecked,
  name,
  value,
  readOnly,
  description,
  onChange,
  children,
  testId,
}: Testable & {
  checked?: boolean;
  initialIsChecked?: boolean;
  name?: string;
  value?: string;
  readOnly?: boolean;
  description?: string;
  inline?: boolean;
  onChange?: (checked: boolean, value: string) => void;
  children?: ReactNode;
}) {
  const [own, setOwn] = useState(checked ?? initialIsChecked ?? false);
  useEffect(() => {
    if (checked !== undefined) setOwn(checked);
  }, [checked]);
  return (
    <label className="hs-checkbox">
      <input
        type="checkbox"
        name={name}
        value={value}
        checked={own}
        disabled={readOnly}
        data-testid={testId}
        onChange={(event) => {
          setOwn(event.target.checked);
          onChange?.(event.target.checked, value ?? '');
        }}
      />
      <span>{children}</span>
      {description ? <span className="hs-description">{description}</span> : null}
    </label>
  );
}

/** An on/off switch; `onChange(checked)`. */
export function Toggle({
  checked,
  initialIsChecked,
  label,
  labelDisplay = 'inline',
  name,
  readonly,
  readOnly,
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
  size?: string;
  textChecked?: string;
  textUnchecked?: string;
  onChange?: (checked: boolean) => void;
}) {
  const [own, setOwn] = useState(checked ?? initialIsChecked ?? false);
  useEffect(() => {
    if (checked !== undefined) setOwn(checked);
  }, [checked]);
  return (
    <label className={cls('hs-toggle', `hs-toggle-label-${labelDisplay}`)}>
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
      <span className="hs-toggle-track" aria-hidden="true" />
      {labelDisplay === 'hidden' ? null : <span>{label}</span>}
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

/** A date picker: `onChange({ year, month, date })`, or null when cleared. */
export function DateInput({
  value,
  defaultValue,
  min,
  max,
  onChange,
  ...props
}: FieldProps & {
  value?: BaseDate | null;
  defaultValue?: BaseDate;
  min?: BaseDate;
  max?: BaseDate;
  format?: string;
  timezone?: 'userTz' | 'portalTz';
  onChange?: (value: BaseDate | null) => void;
}) {
  const id = useId();
  const [own, setOwn] = useState(isoOf(value ?? defaultValue));
  useEffect(() => {
    if (value !== undefined) setOwn(isoOf(value));
  }, [value]);
  return (
    <Field {...props} id={id}>
      <input
        id={id}
        className="hs-input hs-date"
        type="date"
        name={props.name}
        min={isoOf(min) || undefined}
        max={isoOf(max) || undefined}
        readOnly={props.readOnly}
        aria-invalid={props.error || undefined}
        data-testid={props.testId}
        value={own}
        onChange={(event) => {
          setOwn(event.target.value);
          const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(event.target.value);
          onChange?.(
            match
              ? { year: Number(match[1]), month: Number(match[2]) - 1, date: Number(match[3]) }
              : null,
          );
        }}
      />
    </Field>
  );
}
