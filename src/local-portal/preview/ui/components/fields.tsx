/// <reference lib="dom" />
// Form and the text and number fields (onInput per keystroke, onChange on commit).
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { Decoration, FormCommitContext, type Testable, cls, useCommitOnSubmit } from './shared.tsx';

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

/** The ids that tie a control to its label, description, tooltip and validation message. */
export interface FieldIds {
  id: string;
  descriptionId: string | undefined;
  tooltipId: string | undefined;
  messageId: string | undefined;
  /** What the control itself carries: its id and the aria attributes naming its texts. */
  control: {
    id: string;
    'aria-describedby': string | undefined;
    'aria-invalid': true | undefined;
    'aria-errormessage': string | undefined;
    'aria-required': true | undefined;
  };
}

/**
 * The ids of one field: the control is described by its validation message, its description and
 * its tooltip (in that order, as a screen reader should read them), marked invalid while `error`
 * is set and required when `required` is, so assistive technology hears what a sighted user sees.
 */
export function useFieldIds(props: FieldProps): FieldIds {
  const id = useId();
  const descriptionId = props.description ? `${id}-description` : undefined;
  const tooltipId = props.tooltip ? `${id}-tooltip` : undefined;
  const messageId = props.validationMessage ? `${id}-message` : undefined;
  const describedBy = [messageId, descriptionId, tooltipId].filter(Boolean).join(' ');
  return {
    id,
    descriptionId,
    tooltipId,
    messageId,
    control: {
      id,
      'aria-describedby': describedBy === '' ? undefined : describedBy,
      'aria-invalid': props.error ? true : undefined,
      'aria-errormessage': props.error && messageId ? messageId : undefined,
      'aria-required': props.required ? true : undefined,
    },
  };
}

/** Label (with its tooltip), description and validation message around a control. */
export function Field({
  ids,
  label,
  description,
  required,
  error,
  validationMessage,
  tooltip,
  children,
}: FieldProps & { ids: FieldIds; children: ReactNode }) {
  return (
    <div className={cls('hs-field', error && 'hs-field-invalid')}>
      {label ? (
        <label className="hs-label" htmlFor={ids.id}>
          {label}
          {required ? <Decoration className="hs-required">{' *'}</Decoration> : null}
          {tooltip ? (
            <span className="hs-tooltip-icon" title={tooltip} aria-hidden="true">
              {' ⓘ'}
            </span>
          ) : null}
        </label>
      ) : null}
      {tooltip ? (
        <span id={ids.tooltipId} className="hs-sr-only">
          {tooltip}
        </span>
      ) : null}
      {description ? (
        <span id={ids.descriptionId} className="hs-description">
          {description}
        </span>
      ) : null}
      {children}
      {validationMessage ? (
        <span
          id={ids.messageId}
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

/** The props of a field whose value is a `T`: `onInput` per keystroke, `onChange` on commit. */
type ValueFieldProps<T> = FieldProps & {
  value?: T;
  defaultValue?: T;
  placeholder?: string;
  onChange?: (value: T) => void;
  onInput?: (value: T) => void;
  onBlur?: (value: T) => void;
  onFocus?: (value: T) => void;
};

type TextInputProps = ValueFieldProps<string>;

/**
 * A text-like field's value and events: drafts while typing, commits on blur (and Enter); the
 * events pass on the typed text as `read` makes it the field's value.
 */
function textEvents<T>(
  text: ReturnType<typeof useCommittedText>,
  props: ValueFieldProps<T>,
  read: (typed: string) => T,
) {
  type Target = { target: { value: string } };
  return {
    value: text.draft,
    onChange: (event: Target) => {
      text.setDraft(event.target.value);
      props.onInput?.(read(event.target.value));
    },
    onFocus: (event: Target) => props.onFocus?.(read(event.target.value)),
    onBlur: (event: Target) => {
      text.commit();
      props.onBlur?.(read(event.target.value));
    },
  };
}

/** What a text input and a text area share: field ids, committed text, the control's props. */
function useTextControl(props: TextInputProps, className: string) {
  const ids = useFieldIds(props);
  const text = useCommittedText(props.value, props.defaultValue, (next) => props.onChange?.(next));
  const control = {
    ...ids.control,
    className,
    name: props.name,
    placeholder: props.placeholder,
    readOnly: props.readOnly,
    'data-testid': props.testId,
    ...textEvents(text, props, String),
  };
  return { ids, text, control };
}

/** A single-line text input. */
export function Input({
  type = 'text',
  ...props
}: TextInputProps & { type?: 'text' | 'password' }) {
  const { ids, text, control } = useTextControl(props, 'hs-input');
  return (
    <Field {...props} ids={ids}>
      <input
        {...control}
        type={type}
        onKeyDown={(event) => {
          if (event.key === 'Enter') text.commit();
        }}
      />
    </Field>
  );
}

/** A multi-line text input; `maxLength` stops typing at the limit, as HubSpot's does. */
export function TextArea({
  rows = 3,
  cols,
  maxLength,
  resize,
  ...props
}: TextInputProps & {
  rows?: number;
  cols?: number;
  maxLength?: number;
  resize?: 'vertical' | 'horizontal' | 'both' | 'none';
}) {
  const { ids, control } = useTextControl(props, 'hs-input hs-textarea');
  return (
    <Field {...props} ids={ids}>
      <textarea {...control} rows={rows} cols={cols} maxLength={maxLength} style={{ resize }} />
    </Field>
  );
}

type NumberProps = ValueFieldProps<number> & { min?: number; max?: number; precision?: number };

/** A number input: `onChange(number)` on commit; an empty input commits NaN. */
function NumberField({
  prefix,
  textAlign,
  ...props
}: NumberProps & { prefix?: string | undefined; textAlign?: 'left' | 'right' | undefined }) {
  const ids = useFieldIds(props);
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
    <Field {...props} ids={ids}>
      <span className="hs-number">
        {prefix ? <Decoration className="hs-number-prefix">{prefix}</Decoration> : null}
        <input
          {...ids.control}
          className="hs-input"
          type="number"
          inputMode="decimal"
          name={props.name}
          min={props.min}
          max={props.max}
          step={props.precision === undefined ? 'any' : 1 / 10 ** props.precision}
          placeholder={props.placeholder}
          readOnly={props.readOnly}
          style={textAlign ? { textAlign } : undefined}
          data-testid={props.testId}
          {...textEvents(text, props, parse)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') text.commit();
          }}
        />
      </span>
    </Field>
  );
}

/** A number input; `percentage` shows the value with a per-cent sign. */
export function NumberInput({
  formatStyle,
  textAlign,
  ...props
}: NumberProps & { formatStyle?: 'decimal' | 'percentage'; textAlign?: 'left' | 'right' }) {
  return (
    <NumberField
      {...props}
      textAlign={textAlign}
      prefix={formatStyle === 'percentage' ? '%' : undefined}
    />
  );
}

/** A money amount in `currency` (an ISO 4217 code). */
export function CurrencyInput({ currency = 'USD', ...props }: NumberProps & { currency?: string }) {
  // HubSpot's CurrencyInput shows US dollars when it is given no currency (@defaultValue "USD").
  return <NumberField {...props} prefix={currency} />;
}
