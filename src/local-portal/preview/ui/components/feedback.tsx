/// <reference lib="dom" />
// Alerts, tags, progress, statistics, empty, error and loading states.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { type Testable, cls, OverlayDialog } from './shared.tsx';

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

/** The × that removes a StatusTag or a Tag, named after the tag's text. */
function RemoveButton({ label, onClick }: { label: string; onClick?: (() => void) | undefined }) {
  return (
    <button
      type="button"
      className="hs-tag-delete"
      aria-label={label ? `Remove ${label}` : 'Remove'}
      onClick={onClick}
    >
      ×
    </button>
  );
}

/** A status with a coloured dot; `showRemoveIcon` adds a remove button (`onRemoveClick`). */
export function StatusTag({
  variant = 'default',
  hollow,
  onClick,
  showRemoveIcon,
  onRemoveClick,
  children,
  testId,
}: Testable & {
  variant?: Variant;
  hollow?: boolean;
  onClick?: () => void;
  showRemoveIcon?: boolean;
  onRemoveClick?: () => void;
  children?: ReactNode;
}) {
  const label = typeof children === 'string' ? children : '';
  return (
    <span
      className={cls('hs-status', `hs-status-${variant}`, hollow && 'hs-status-hollow')}
      data-testid={testId}
    >
      <span className="hs-status-dot" aria-hidden="true" />
      {onClick ? (
        <button type="button" className="hs-status-button" onClick={onClick}>
          {children}
        </button>
      ) : (
        children
      )}
      {showRemoveIcon ? <RemoveButton label={label} onClick={onRemoveClick} /> : null}
    </span>
  );
}

/** A small label; `inline` keeps it in the line of text, `onClick` makes it a button. */
export function Tag({
  variant = 'default',
  onClick,
  onDelete,
  inline,
  overlay,
  children,
  testId,
}: Testable & {
  variant?: Variant;
  onClick?: () => void;
  onDelete?: () => void;
  inline?: boolean;
  overlay?: ReactNode;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const label = typeof children === 'string' ? children : '';
  const clickable = onClick !== undefined || overlay !== undefined;
  return (
    <span
      className={cls('hs-tag', `hs-tag-${variant}`, inline && 'hs-tag-inline')}
      data-testid={testId}
    >
      {clickable ? (
        <button
          type="button"
          className="hs-tag-button"
          aria-haspopup={overlay === undefined ? undefined : 'dialog'}
          onClick={() => {
            onClick?.();
            if (overlay !== undefined) setOpen(true);
          }}
        >
          {children}
        </button>
      ) : (
        children
      )}
      {onDelete ? <RemoveButton label={label} onClick={onDelete} /> : null}
      {open ? (
        <OverlayDialog inline onClose={() => setOpen(false)}>
          {overlay}
        </OverlayDialog>
      ) : null}
    </span>
  );
}

/** A progress bar with optional percentage and description. */
export function ProgressBar({
  title,
  value = 0,
  maxValue,
  valueMax,
  showPercentage,
  valueDescription,
  variant = 'success',
  testId,
  'aria-label': ariaLabel,
}: Testable & {
  /** The bar's name when it has no title. */
  'aria-label'?: string;
  title?: string;
  value?: number;
  maxValue?: number;
  /** The older name of `maxValue`. */
  valueMax?: number;
  showPercentage?: boolean;
  valueDescription?: string;
  variant?: 'success' | 'warning' | 'danger';
}) {
  const max = maxValue ?? valueMax ?? 100;
  const percent = max > 0 ? Math.max(0, Math.min(100, Math.round((value / max) * 100))) : 0;
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
        aria-valuemax={max}
        aria-label={title ?? ariaLabel}
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
  id,
}: Testable & { label: string; number: string | number; id?: string; children?: ReactNode }) {
  return (
    <div className="hs-stat" id={id} data-testid={testId}>
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
  color,
  testId,
}: Testable & {
  direction: 'increase' | 'decrease';
  value: string;
  /** Overrides the colour of the direction (an increase may be bad news). */
  color?: 'red' | 'green';
}) {
  return (
    <span
      className={cls('hs-trend', `hs-trend-${direction}`, color && `hs-trend-${color}`)}
      data-testid={testId}
    >
      <span aria-hidden="true">{direction === 'increase' ? '▲' : '▼'}</span>
      <span className="hs-sr-only">{direction === 'increase' ? 'Increase' : 'Decrease'}</span>
      {` ${value}`}
    </span>
  );
}

/** HubSpot's empty-state illustrations, drawn as a symbol each (the name is kept as data). */
const ILLUSTRATIONS: Record<string, string> = {
  emptyStateCharts: '📊',
  missedGoal: '🎯',
  lock: '🔒',
  errorGeneral: '⚠',
};

/** Nothing to show yet: an illustration (`imageName`, `imageWidth`) beside or above the text. */
export function EmptyState({
  title,
  layout = 'horizontal',
  flush,
  reverseOrder,
  imageName = 'emptyStateCharts',
  imageWidth = 250,
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
      className={cls(
        'hs-empty',
        `hs-empty-${layout}`,
        flush && 'hs-empty-flush',
        reverseOrder && 'hs-empty-reverse',
      )}
      data-testid={testId}
    >
      <div
        className="hs-empty-image"
        aria-hidden="true"
        data-image={imageName}
        style={{ width: Math.min(imageWidth, 250) / 2.5 }}
      >
        {ILLUSTRATIONS[imageName] ?? '◌'}
      </div>
      <StateBody title={title}>{children}</StateBody>
    </div>
  );
}

/** The title and text of an empty or error state. */
function StateBody({ title, children }: { title?: string | undefined; children?: ReactNode }) {
  return (
    <div>
      {title ? <strong className="hs-empty-title">{title}</strong> : null}
      {children}
    </div>
  );
}

const ERROR_IMAGES = { error: '⚠', support: '☎', lock: '🔒' } as const;

/** Something went wrong; `type` picks the illustration (error, support, lock). */
export function ErrorState({
  title,
  type = 'error',
  children,
  testId,
}: Testable & {
  title?: string;
  type?: 'error' | 'support' | 'lock';
  children?: ReactNode;
}) {
  return (
    <div className={cls('hs-error-state', `hs-error-${type}`)} role="alert" data-testid={testId}>
      <div className="hs-empty-image" aria-hidden="true">
        {ERROR_IMAGES[type]}
      </div>
      <StateBody title={title}>{children}</StateBody>
    </div>
  );
}

/** A spinner with an (optionally visible) label. */
export function LoadingSpinner({
  label,
  showLabel,
  size = 'sm',
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
      <span className={cls('hs-spinner', `hs-spinner-${size}`)} aria-hidden="true" />
      {showLabel ? <span>{label}</span> : null}
    </div>
  );
}

/**
 * HubSpot's StepIndicator (@hubspot/ui-extensions 0.17): one step per name, the current one
 * marked, every step clickable (`onClick(stepIndex)`).
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/step-indicator
 */
export function StepIndicator({
  stepNames,
  currentStep,
  direction = 'horizontal',
  onClick,
  testId,
}: Testable & {
  stepNames: string[];
  currentStep?: number;
  direction?: 'horizontal' | 'vertical';
  circleSize?: string;
  variant?: string;
  onClick?: (stepIndex: number) => void;
}) {
  return (
    <ol className={`hs-steps hs-steps-${direction}`} data-testid={testId}>
      {stepNames.map((name, index) => {
        const state =
          currentStep === undefined
            ? 'upcoming'
            : index < currentStep
              ? 'done'
              : index === currentStep
                ? 'current'
                : 'upcoming';
        return (
          <li
            key={`${index}-${name}`}
            className={`hs-step hs-step-${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <button type="button" onClick={() => onClick?.(index)}>
              {name}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
