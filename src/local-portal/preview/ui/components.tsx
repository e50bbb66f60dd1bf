/// <reference lib="dom" />
// An HTML implementation of the @hubspot/ui-extensions components the cards, the settings page and
// the app page use, with the same props and the same event semantics as HubSpot's own:
// - Input, TextArea, NumberInput and CurrencyInput call `onInput` on every keystroke and `onChange`
//   only when the value is committed (on blur, on Enter, on form submit): "onChange: invoked when
//   the value is committed. Currently these times are onBlur of the input and when the user submits
//   the form" (https://developers.hubspot.com/docs/reference/ui-components/standard-components/input).
// - Select calls `onChange` with the chosen option's own value (string or number); MultiSelect with
//   the array of values; Checkbox and Toggle with `checked`; DateInput with `{ year, month, date }`
//   (month 0-based) or null when cleared.
// - `error` marks a field invalid and `validationMessage` is shown beneath it.
// Every component renders `testId` as `data-testid`, so browser tests find them as HubSpot's
// testing kit finds them by `testId`.
import {
  Children,
  createContext,
  isValidElement,
  useContext,
  useEffect,
  useId,
  useState,
} from 'react';
import type { ReactElement, ReactNode } from 'react';

type Testable = { testId?: string };
type Gap =
  | 'flush'
  | 'extra-small'
  | 'xs'
  | 'small'
  | 'sm'
  | 'medium'
  | 'md'
  | 'large'
  | 'lg'
  | 'extra-large'
  | 'xl';

const GAP_PX: Record<Gap, number> = {
  flush: 0,
  'extra-small': 4,
  xs: 4,
  small: 8,
  sm: 8,
  medium: 16,
  md: 16,
  large: 24,
  lg: 24,
  'extra-large': 32,
  xl: 32,
};

const cls = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

/** A form-level hook: fields register a commit function, so a submit commits pending edits first. */
const FormCommitContext = createContext<Set<() => void> | null>(null);

function useCommitOnSubmit(commit: () => void): void {
  const commits = useContext(FormCommitContext);
  useEffect(() => {
    if (!commits) return undefined;
    commits.add(commit);
    return () => {
      commits.delete(commit);
    };
  }, [commits, commit]);
}

/** Layout: a flex box with HubSpot's gap scale. */
export function Flex({
  direction = 'row',
  gap = 'flush',
  justify,
  align,
  alignSelf,
  wrap,
  children,
  testId,
}: Testable & {
  direction?: 'row' | 'column';
  gap?: Gap;
  justify?: 'start' | 'center' | 'end' | 'around' | 'between';
  align?: 'start' | 'center' | 'end' | 'baseline' | 'stretch';
  alignSelf?: 'start' | 'center' | 'end' | 'baseline' | 'stretch';
  wrap?: boolean | 'wrap' | 'nowrap';
  children?: ReactNode;
}) {
  const flexValue = (value?: string) =>
    value === 'start' || value === 'end'
      ? `flex-${value}`
      : value === 'between' || value === 'around'
        ? `space-${value}`
        : value;
  return (
    <div
      className="hs-flex"
      data-testid={testId}
      style={{
        display: 'flex',
        flexDirection: direction,
        gap: GAP_PX[gap] ?? 0,
        justifyContent: flexValue(justify),
        alignItems: flexValue(align),
        alignSelf: flexValue(alignSelf),
        flexWrap: wrap === true || wrap === 'wrap' ? 'wrap' : 'nowrap',
      }}
    >
      {children}
    </div>
  );
}

/** A flex child with its own sizing. */
export function Box({
  flex,
  alignSelf,
  children,
  testId,
}: Testable & {
  flex?: number | 'auto' | 'initial' | 'none';
  alignSelf?: string;
  children?: ReactNode;
}) {
  return (
    <div className="hs-box" data-testid={testId} style={{ flex, alignSelf }}>
      {children}
    </div>
  );
}

/** A bordered container. */
export function Tile({
  compact,
  flush,
  children,
  testId,
}: Testable & { compact?: boolean; flush?: boolean; children?: ReactNode }) {
  return (
    <div
      className={cls('hs-tile', compact && 'hs-tile-compact', flush && 'hs-tile-flush')}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

/** A section heading. */
export function Heading({
  children,
  testId,
  inline,
}: Testable & { children?: ReactNode; inline?: boolean }) {
  return (
    <h3 className={cls('hs-heading', inline && 'hs-inline')} data-testid={testId}>
      {children}
    </h3>
  );
}

/** Text with HubSpot's variants and formatting. */
export function Text({
  variant = 'bodytext',
  format,
  inline,
  truncate,
  children,
  testId,
}: Testable & {
  variant?: 'bodytext' | 'microcopy';
  format?: {
    fontWeight?: 'regular' | 'bold' | 'demibold';
    italic?: boolean;
    lineDecoration?: 'none' | 'underline' | 'strikethrough';
  };
  inline?: boolean;
  truncate?: boolean | { maxWidth?: number };
  children?: ReactNode;
}) {
  const Tag = inline ? 'span' : 'p';
  return (
    <Tag
      className={cls('hs-text', `hs-text-${variant}`, truncate && 'hs-truncate')}
      data-testid={testId}
      style={{
        fontWeight:
          format?.fontWeight === 'bold' ? 700 : format?.fontWeight === 'demibold' ? 600 : undefined,
        fontStyle: format?.italic ? 'italic' : undefined,
        textDecoration:
          format?.lineDecoration === 'strikethrough'
            ? 'line-through'
            : format?.lineDecoration === 'underline'
              ? 'underline'
              : undefined,
      }}
    >
      {children}
    </Tag>
  );
}

/** A link; with `href` it opens the URL, with `onClick` it acts as a button. */
export function Link({
  href,
  onClick,
  variant = 'primary',
  children,
  testId,
}: Testable & {
  href?: string | { url: string; external?: boolean };
  onClick?: () => void;
  variant?: 'primary' | 'light' | 'dark' | 'destructive';
  children?: ReactNode;
}) {
  const url = typeof href === 'string' ? href : href?.url;
  const external = typeof href === 'object' && href?.external;
  return (
    <a
      className={cls('hs-link', `hs-link-${variant}`)}
      data-testid={testId}
      href={url ?? '#'}
      target={external ? '_blank' : undefined}
      rel={external ? 'noreferrer' : undefined}
      onClick={(event) => {
        if (onClick) {
          if (!url) event.preventDefault();
          onClick();
        }
      }}
    >
      {children}
    </a>
  );
}

/** A horizontal rule. */
export function Divider({ distance = 'small' }: { distance?: string }) {
  return <hr className={cls('hs-divider', `hs-divider-${distance}`)} />;
}

/** A list; each child is one item. */
export function List({
  variant = 'unordered',
  children,
  testId,
}: Testable & {
  variant?:
    'ordered' | 'unordered' | 'unordered-styled' | 'ordered-styled' | 'inline' | 'inline-divided';
  children?: ReactNode;
}) {
  const items = Children.toArray(children).map((child, index) => <li key={index}>{child}</li>);
  return variant.startsWith('ordered') ? (
    <ol className={cls('hs-list', `hs-list-${variant}`)} data-testid={testId}>
      {items}
    </ol>
  ) : (
    <ul className={cls('hs-list', `hs-list-${variant}`)} data-testid={testId}>
      {items}
    </ul>
  );
}

/** Label/value pairs. */
export function DescriptionList({
  direction = 'column',
  children,
  testId,
}: Testable & { direction?: 'row' | 'column'; children?: ReactNode }) {
  return (
    <dl className={cls('hs-dl', `hs-dl-${direction}`)} data-testid={testId}>
      {children}
    </dl>
  );
}

/** One label/value pair of a DescriptionList. */
export function DescriptionListItem({ label, children }: { label: string; children?: ReactNode }) {
  return (
    <div className="hs-dl-item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

type ButtonVariant = 'primary' | 'secondary' | 'destructive' | 'transparent';

/** A button; `onClick` gets the click, `type` defaults to button as in HubSpot. */
export function Button({
  variant = 'secondary',
  size = 'md',
  type = 'button',
  disabled,
  onClick,
  href,
  children,
  testId,
}: Testable & {
  variant?: ButtonVariant;
  size?: 'xs' | 'extra-small' | 'sm' | 'small' | 'md' | 'medium';
  type?: 'button' | 'submit' | 'reset';
  disabled?: boolean;
  onClick?: (event: { type: 'click' }) => void;
  href?: string;
  children?: ReactNode;
}) {
  if (href) {
    return (
      <a
        className={cls('hs-button', `hs-button-${variant}`, `hs-button-${size}`)}
        href={href}
        data-testid={testId}
      >
        {children}
      </a>
    );
  }
  return (
    <button
      className={cls('hs-button', `hs-button-${variant}`, `hs-button-${size}`)}
      type={type}
      disabled={disabled}
      data-testid={testId}
      onClick={() => onClick?.({ type: 'click' })}
    >
      {children}
    </button>
  );
}

/** A button that shows a spinner and is disabled while `loading`. */
export function LoadingButton({
  loading,
  disabled,
  children,
  ...rest
}: Parameters<typeof Button>[0] & { loading?: boolean; resultIconName?: string }) {
  return (
    <Button {...rest} disabled={disabled || loading}>
      {loading ? <span className="hs-spinner hs-spinner-inline" aria-hidden="true" /> : null}
      {children}
    </Button>
  );
}

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

interface FieldProps extends Testable {
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
function Field({
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
        value={text.draft}
        onChange={(event) => {
          text.setDraft(event.target.value);
          props.onInput?.(event.target.value);
        }}
        onFocus={(event) => props.onFocus?.(event.target.value)}
        onBlur={(event) => {
          text.commit();
          props.onBlur?.(event.target.value);
        }}
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
        value={text.draft}
        onChange={(event) => {
          text.setDraft(event.target.value);
          props.onInput?.(event.target.value);
        }}
        onFocus={(event) => props.onFocus?.(event.target.value)}
        onBlur={(event) => {
          text.commit();
          props.onBlur?.(event.target.value);
        }}
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

/** One tab of Tabs. */
export function Tab({
  children,
}: {
  tabId: string | number;
  title: string;
  disabled?: boolean;
  tooltip?: string;
  children?: ReactNode;
}) {
  return <>{children}</>;
}

type TabProps = Parameters<typeof Tab>[0];

/** Tabs: every tab stays mounted (drafts survive switching), only the selected one is shown. */
export function Tabs({
  defaultSelected,
  selected,
  onSelectedChange,
  variant = 'default',
  children,
  testId,
}: Testable & {
  defaultSelected?: string | number;
  selected?: string | number;
  onSelectedChange?: (tabId: string | number) => void;
  variant?: 'default' | 'enclosed';
  fill?: boolean;
  children?: ReactNode;
}) {
  const tabs = Children.toArray(children).filter((child): child is ReactElement<TabProps> =>
    isValidElement(child),
  );
  const [own, setOwn] = useState(defaultSelected ?? tabs[0]?.props.tabId);
  const current = selected ?? own;
  return (
    <div className={cls('hs-tabs', `hs-tabs-${variant}`)} data-testid={testId}>
      <div className="hs-tablist" role="tablist">
        {tabs.map((tab) => (
          <button
            key={String(tab.props.tabId)}
            type="button"
            role="tab"
            className="hs-tab"
            aria-selected={tab.props.tabId === current}
            disabled={tab.props.disabled}
            title={tab.props.tooltip}
            data-testid={testId ? `${testId}-tab-${tab.props.tabId}` : undefined}
            onClick={() => {
              setOwn(tab.props.tabId);
              onSelectedChange?.(tab.props.tabId);
            }}
          >
            {tab.props.title}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={String(tab.props.tabId)}
          role="tabpanel"
          className="hs-tabpanel"
          hidden={tab.props.tabId !== current}
        >
          {tab}
        </div>
      ))}
    </div>
  );
}

/** A collapsible section; closed content stays mounted so its drafts survive. */
export function Accordion({
  title,
  defaultOpen = false,
  open,
  onClick,
  size = 'md',
  disabled,
  children,
  testId,
}: Testable & {
  title: string;
  defaultOpen?: boolean;
  open?: boolean;
  onClick?: () => void;
  size?: 'small' | 'sm' | 'extra-small' | 'xs' | 'medium' | 'md';
  disabled?: boolean;
  children?: ReactNode;
}) {
  const [own, setOwn] = useState(defaultOpen);
  const isOpen = open ?? own;
  return (
    <section className={cls('hs-accordion', `hs-accordion-${size}`)} data-testid={testId}>
      <button
        type="button"
        className="hs-accordion-toggle"
        aria-expanded={isOpen}
        disabled={disabled}
        data-testid={testId ? `${testId}-toggle` : undefined}
        onClick={() => {
          setOwn(!isOpen);
          onClick?.();
        }}
      >
        <span className="hs-accordion-caret" aria-hidden="true">
          {isOpen ? '▾' : '▸'}
        </span>
        {title}
      </button>
      <div className="hs-accordion-body" hidden={!isOpen}>
        {children}
      </div>
    </section>
  );
}

/** A table. */
export function Table({
  bordered,
  flush,
  density = 'default',
  children,
  testId,
}: Testable & {
  bordered?: boolean;
  flush?: boolean;
  density?: 'default' | 'condensed' | 'compact';
  children?: ReactNode;
}) {
  return (
    <table
      className={cls(
        'hs-table',
        bordered && 'hs-table-bordered',
        flush && 'hs-table-flush',
        `hs-table-${density}`,
      )}
      data-testid={testId}
    >
      {children}
    </table>
  );
}
/** Table head. */
export function TableHead({ children }: { children?: ReactNode }) {
  return <thead>{children}</thead>;
}
/** Table body. */
export function TableBody({ children }: { children?: ReactNode }) {
  return <tbody>{children}</tbody>;
}
/** Table footer. */
export function TableFooter({ children }: { children?: ReactNode }) {
  return <tfoot>{children}</tfoot>;
}
/** A table row. */
export function TableRow({ children }: { children?: ReactNode }) {
  return <tr>{children}</tr>;
}
/** A header cell. */
export function TableHeader({
  width,
  children,
}: {
  width?: 'min' | 'max' | 'auto' | number;
  children?: ReactNode;
}) {
  return (
    <th style={{ width: width === 'min' ? '1%' : typeof width === 'number' ? width : undefined }}>
      {children}
    </th>
  );
}
/** A body cell. */
export function TableCell({
  children,
}: {
  children?: ReactNode;
  width?: 'min' | 'max' | 'auto' | number;
}) {
  return <td>{children}</td>;
}

type Variant = 'default' | 'info' | 'success' | 'warning' | 'danger' | 'error' | 'tip';

/** A coloured notice with a title. */
export function Alert({
  title,
  variant = 'info',
  children,
  testId,
}: Testable & { title: string; variant?: Variant; children?: ReactNode }) {
  return (
    <div className={cls('hs-alert', `hs-alert-${variant}`)} role="status" data-testid={testId}>
      <strong className="hs-alert-title">{title}</strong>
      <div className="hs-alert-body">{children}</div>
    </div>
  );
}

/** A status with a coloured dot. */
export function StatusTag({
  variant = 'default',
  hollow,
  onClick,
  children,
  testId,
}: Testable & {
  variant?: Variant;
  hollow?: boolean;
  onClick?: () => void;
  showRemoveIcon?: boolean;
  children?: ReactNode;
}) {
  return (
    <span
      className={cls('hs-status', `hs-status-${variant}`, hollow && 'hs-status-hollow')}
      data-testid={testId}
      onClick={onClick}
    >
      <span className="hs-status-dot" aria-hidden="true" />
      {children}
    </span>
  );
}

/** A small label. */
export function Tag({
  variant = 'default',
  onClick,
  onDelete,
  children,
  testId,
}: Testable & {
  variant?: Variant;
  onClick?: () => void;
  onDelete?: () => void;
  children?: ReactNode;
}) {
  return (
    <span className={cls('hs-tag', `hs-tag-${variant}`)} data-testid={testId} onClick={onClick}>
      {children}
      {onDelete ? (
        <button type="button" className="hs-tag-delete" aria-label="×" onClick={onDelete}>
          ×
        </button>
      ) : null}
    </span>
  );
}

/** A progress bar with optional percentage and description. */
export function ProgressBar({
  title,
  value = 0,
  maxValue = 100,
  showPercentage,
  valueDescription,
  variant = 'success',
  testId,
}: Testable & {
  title?: string;
  value?: number;
  maxValue?: number;
  showPercentage?: boolean;
  valueDescription?: string;
  variant?: 'success' | 'warning' | 'danger';
}) {
  const percent =
    maxValue > 0 ? Math.max(0, Math.min(100, Math.round((value / maxValue) * 100))) : 0;
  return (
    <div className="hs-progress" data-testid={testId}>
      <div className="hs-progress-head">
        {title ? <span className="hs-progress-title">{title}</span> : null}
        {showPercentage ? <span className="hs-progress-percent">{`${percent}%`}</span> : null}
      </div>
      <div
        className="hs-progress-track"
        role="progressbar"
        aria-valuenow={value}
        aria-valuemin={0}
        aria-valuemax={maxValue}
        aria-label={title}
      >
        <div
          className={cls('hs-progress-fill', `hs-progress-${variant}`)}
          style={{ width: `${percent}%` }}
        />
      </div>
      {valueDescription ? <span className="hs-description">{valueDescription}</span> : null}
    </div>
  );
}

/** Key numbers side by side. */
export function Statistics({ children, testId }: Testable & { children?: ReactNode }) {
  return (
    <div className="hs-statistics" data-testid={testId}>
      {children}
    </div>
  );
}

/** One key number. */
export function StatisticsItem({
  label,
  number,
  children,
  testId,
}: Testable & { label: string; number: string | number; id?: string; children?: ReactNode }) {
  return (
    <div className="hs-stat" data-testid={testId}>
      <span className="hs-stat-label">{label}</span>
      <span className="hs-stat-number">{number}</span>
      {children}
    </div>
  );
}

/** A trend arrow for a StatisticsItem. */
export function StatisticsTrend({
  direction,
  value,
}: {
  direction: 'increase' | 'decrease';
  value: string;
}) {
  return (
    <span
      className={cls('hs-trend', `hs-trend-${direction}`)}
    >{`${direction === 'increase' ? '▲' : '▼'} ${value}`}</span>
  );
}

/** Nothing to show yet. */
export function EmptyState({
  title,
  layout = 'horizontal',
  flush,
  children,
  testId,
}: Testable & {
  title?: string;
  layout?: 'horizontal' | 'vertical';
  imageName?: string;
  imageWidth?: number;
  reverseOrder?: boolean;
  flush?: boolean;
  children?: ReactNode;
}) {
  return (
    <div
      className={cls('hs-empty', `hs-empty-${layout}`, flush && 'hs-empty-flush')}
      data-testid={testId}
    >
      <div className="hs-empty-image" aria-hidden="true">
        ◌
      </div>
      <div>
        {title ? <strong className="hs-empty-title">{title}</strong> : null}
        {children}
      </div>
    </div>
  );
}

/** Something went wrong. */
export function ErrorState({
  title,
  children,
  testId,
}: Testable & {
  title?: string;
  type?: 'error' | 'support' | 'lock';
  layout?: string;
  children?: ReactNode;
}) {
  return (
    <div className="hs-error-state" role="alert" data-testid={testId}>
      <div className="hs-empty-image" aria-hidden="true">
        ⚠
      </div>
      <div>
        {title ? <strong className="hs-empty-title">{title}</strong> : null}
        {children}
      </div>
    </div>
  );
}

/** A spinner with an (optionally visible) label. */
export function LoadingSpinner({
  label,
  showLabel,
  layout = 'inline',
  testId,
}: Testable & {
  label: string;
  showLabel?: boolean;
  size?: string;
  layout?: 'inline' | 'centered';
}) {
  return (
    <div
      className={cls('hs-loading', `hs-loading-${layout}`)}
      role="status"
      aria-label={label}
      data-testid={testId}
    >
      <span className="hs-spinner" aria-hidden="true" />
      {showLabel ? <span>{label}</span> : null}
    </div>
  );
}

/** An image. */
export function Image({
  src,
  alt,
  width,
  height,
}: {
  src: string;
  alt?: string;
  width?: number;
  height?: number;
}) {
  return <img className="hs-image" src={src} alt={alt ?? ''} width={width} height={height} />;
}

type ChartAxis = { field: string; fieldType: 'category' | 'linear' | 'datetime'; label?: string };
type ChartProps = Testable & {
  data: readonly Record<string, unknown>[];
  axes: { x: ChartAxis; y: ChartAxis; options?: { groupFieldByColor?: string } };
  options?: {
    title?: string;
    showDataLabels?: boolean;
    showLegend?: boolean;
    showTooltips?: boolean;
  };
};

/** Draws bars or a line over the chart's categories as SVG, with the numbers as labels. */
function Chart({ kind, data, axes, options, testId }: ChartProps & { kind: 'bar' | 'line' }) {
  const width = 560;
  const height = 220;
  const left = 44;
  const bottom = 40;
  const top = 16;
  const values = data.map((row) => Number(row[axes.y.field] ?? 0));
  const labels = data.map((row) => String(row[axes.x.field] ?? ''));
  const max = Math.max(1, ...values.filter((value) => Number.isFinite(value)));
  const step = data.length > 0 ? (width - left - 8) / data.length : 0;
  const yOf = (value: number) => top + (height - top - bottom) * (1 - value / max);
  const xOf = (index: number) => left + step * index + step / 2;
  // Many categories (weeks) would overlap: label about eight of them.
  const labelEvery = Math.max(1, Math.ceil(data.length / 8));
  const path = values
    .map((value, index) => `${index === 0 ? 'M' : 'L'}${xOf(index)},${yOf(value)}`)
    .join(' ');
  return (
    <figure className="hs-chart" data-testid={testId}>
      {options?.title ? <figcaption>{options.title}</figcaption> : null}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${axes.y.label ?? axes.y.field} / ${axes.x.label ?? axes.x.field}`}
      >
        <line
          x1={left}
          y1={height - bottom}
          x2={width - 4}
          y2={height - bottom}
          className="hs-chart-axis"
        />
        <line x1={left} y1={top} x2={left} y2={height - bottom} className="hs-chart-axis" />
        <text x={4} y={top + 4} className="hs-chart-tick">
          {max}
        </text>
        <text x={4} y={height - bottom} className="hs-chart-tick">
          0
        </text>
        {kind === 'line' ? <path d={path} className="hs-chart-line" /> : null}
        {values.map((value, index) => (
          <g key={index}>
            {kind === 'bar' ? (
              <rect
                x={xOf(index) - Math.min(28, step * 0.35)}
                y={yOf(value)}
                width={Math.min(56, step * 0.7)}
                height={Math.max(0, height - bottom - yOf(value))}
                className="hs-chart-bar"
              >
                <title>{`${labels[index]}: ${value}`}</title>
              </rect>
            ) : (
              <circle cx={xOf(index)} cy={yOf(value)} r={3.5} className="hs-chart-point">
                <title>{`${labels[index]}: ${value}`}</title>
              </circle>
            )}
            {options?.showDataLabels ? (
              <text
                x={xOf(index)}
                y={yOf(value) - 5}
                textAnchor="middle"
                className="hs-chart-value"
              >
                {value}
              </text>
            ) : null}
            {index % labelEvery === 0 ? (
              <text
                x={xOf(index)}
                y={height - bottom + 14}
                textAnchor="middle"
                className="hs-chart-tick"
              >
                {labels[index]!.length > 14 ? `${labels[index]!.slice(0, 13)}…` : labels[index]}
              </text>
            ) : null}
          </g>
        ))}
        <text x={width / 2} y={height - 4} textAnchor="middle" className="hs-chart-axis-label">
          {axes.x.label ?? axes.x.field}
        </text>
      </svg>
    </figure>
  );
}

/** A bar chart. */
export function BarChart(props: ChartProps) {
  return <Chart {...props} kind="bar" />;
}

/** A line chart. */
export function LineChart(props: ChartProps) {
  return <Chart {...props} kind="line" />;
}
