/// <reference lib="dom" />
// Form and the text and number fields (onInput per keystroke, onChange on commit).
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { FormCommitContext, type Testable, cls, useCommitOnSubmit } from './shared.tsx';

/** A form: `onSubmit` after every field committed its value. */
export function Form({
  onSubmit,
  preventDefault,
  autoComplete,
  children,
  testId,
}: Testable & {
  onSubmit?: (event: { type: 'submit'; targetValue: Record<string, string> }) => void;
  preventDefault?: boolean;
  autoComplete?: 'on' | 'off';
  children?: ReactNode;
}) {
  const [commits] = useState(() => new Set<() => void>());
  return (
    <FormCommitContext.Provider value={commits}>
      <form
        className="hs-form"
        data-testid={testId}
        autoComplete={autoComplete}
        noValidate
        onSubmit={(event) => {
          // The preview never navigates away, whatever `preventDefault` says.
          event.preventDefault();
          void preventDefault;
          for (const commit of commits) commit();
          const values: Record<string, string> = {};
          new FormData(event.currentTarget).forEach((value, key) => {
            values[key] = String(value);
          });
          onSubmit?.({ type: 'submit', targetValue: values });
        }}
      >
        {children}
      </form>
    </FormCommitContext.Provider>
  );
}

export interface FieldProps extends Testable {
  label?: string;
  name?: string;
  description?: string;
  required?: boolean;
  readOnly?: boolean;
  error?: boolean;
  validationMessage?: string;
  tooltip?: string;
}

/** Label, description and validation message around a control. */
export function Field({
  id,
  label,
  description,
  required,
  error,
  validationMessage,
  tooltip,
  children,
}: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className={cls('hs-field', error && 'hs-field-invalid')}>
      {label ? (
        <label className="hs-label" htmlFor={id} title={tooltip}>
          {label}
          {required ? <span className="hs-required"> *</span> : null}
        </label>
      ) : null}
      {description ? <span className="hs-description">{description}</span> : null}
      {children}
      {validationMessage ? (
        <span
          className={cls('hs-validation', error && 'hs-validation-error')}
          role={error ? 'alert' : undefined}
        >
          {validationMessage}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The committed-value behaviour shared by the text-like inputs: the draft follows the `value` prop,
 * `onInput` sees every keystroke, `onChange` the committed value (blur, Enter, form submit).
 */
function useCommittedText(
  value: string | undefined,
  defaultValue: string | undefined,
  onCommit: (text: string) => void,
) {
  const [draft, setDraft] = useState(value ?? defaultValue ?? '');
  const [committed, setCommitted] = useState(value ?? defaultValue ?? '');
  useEffect(() => {
    if (value !== undefined) {
      setDraft(value);
      setCommitted(value);
    }
  }, [value]);
  const commit = () => {
    if (draft === committed) return;
    setCommitted(draft);
    onCommit(draft);
  };
  useCommitOnSubmit(commit);
  return { draft, setDraft, commit };
}

type TextInputProps = FieldProps & {
  value?: string;
  defaultValue?: string;
  placeholder?: string;
  onChange?: (value: string) => void;
  onInput?: (value: string) => void;
  onBlur?: (value: string) => void;
  onFocus?: (value: string) => void;
};

/** A text field's value and events: drafts while typing, commits on blur (and Enter). */
function textEvents(text: ReturnType<typeof useCommittedText>, props: TextInputProps) {
  type Target = { target: { value: string } };
  return {
    value: text.draft,
    onChange: (event: Target) => {
      text.setDraft(event.target.value);
      props.onInput?.(event.target.value);
    },
    onFocus: (event: Target) => props.onFocus?.(event.target.value),
    onBlur: (event: Target) => {
      text.commit();
      props.onBlur?.(event.target.value);
    },
  };
}

/** A single-line text input. */
export function Input({
  type = 'text',
  ...props
}: TextInputProps & { type?: 'text' | 'password' }) {
  const id = useId();
  const text = useCommittedText(props.value, props.defaultValue, (next) => props.onChange?.(next));
  return (
    <Field {...props} id={id}>
      <input
        id={id}
        className="hs-input"
        type={type}
        name={props.name}
        placeholder={props.placeholder}
        readOnly={props.readOnly}
        aria-invalid={props.error || undefined}
        data-testid={props.testId}
        {...textEvents(text, props)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') text.commit();
        }}
      />
    </Field>
  );
}

/** A multi-line text input. */
export function TextArea({
  rows = 3,
  resize,
  ...props
}: TextInputProps & {
  rows?: number;
  cols?: number;
  resize?: 'vertical' | 'horizontal' | 'both' | 'none';
}) {
  const id = useId();
  const text = useCommittedText(props.value, props.defaultValue, (next) => props.onChange?.(next));
  return (
    <Field {...props} id={id}>
      <textarea
        id={id}
        className="hs-input hs-textarea"
        name={props.name}
        rows={rows}
        placeholder={props.placeholder}
        readOnly={props.readOnly}
        aria-invalid={props.error || undefined}
        style={{ resize }}
        data-testid={props.testId}
        {...textEvents(text, props)}
      />
    </Field>
  );
}

type NumberProps = FieldProps & {
  value?: number;
  defaultValue?: number;
  min?: number;
  max?: number;
  precision?: number;
  placeholder?: string;
  onChange?: (value: number) => void;
  onInput?: (value: number) => void;
  onBlur?: (value: number) => void;
};

/** A number input: `onChange(number)` on commit; an empty input commits NaN. */
function NumberField({ prefix, ...props }: NumberProps & { prefix?: string }) {
  const id = useId();
  const asText = (value: number | undefined) =>
    value === undefined || Number.isNaN(value) ? '' : String(value);
  const parse = (text: string) =>
    text.trim() === '' ? Number.NaN : Number(text.replace(',', '.'));
  const text = useCommittedText(
    props.value === undefined ? undefined : asText(props.value),
    asText(props.defaultValue),
    (next) => {
      let value = parse(next);
      if (!Number.isNaN(value) && props.precision !== undefined) {
        value = Number(value.toFixed(props.precision));
      }
      props.onChange?.(value);
    },
  );
  return (
    <Field {...props} id={id}>
      <span className="hs-number">
        {prefix ? <span className="hs-number-prefix">{prefix}</span> : null}
        <input
          id={id}
          className="hs-input"
          type="number"
          inputMode="decimal"
          name={props.name}
          min={props.min}
          max={props.max}
          step={props.precision === undefined ? 'any' : 1 / 10 ** props.precision}
          placeholder={props.placeholder}
          readOnly={props.readOnly}
          aria-invalid={props.error || undefined}
          data-testid={props.testId}
          value={text.draft}
          onChange={(event) => {
            text.setDraft(event.target.value);
            props.onInput?.(parse(event.target.value));
          }}
          onBlur={(event) => {
            text.commit();
            props.onBlur?.(parse(event.target.value));
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') text.commit();
          }}
        />
      </span>
    </Field>
  );
}

/** A number input. */
export function NumberInput(props: NumberProps & { formatStyle?: 'decimal' | 'percentage' }) {
  return <NumberField {...props} prefix={props.formatStyle === 'percentage' ? '%' : undefined} />;
}

/** A money amount in `currency` (an ISO 4217 code). */
export function CurrencyInput({ currency, ...props }: NumberProps & { currency?: string }) {
  return <NumberField {...props} prefix={currency ?? '¤'} />;
}
