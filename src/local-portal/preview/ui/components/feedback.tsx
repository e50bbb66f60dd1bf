/// <reference lib="dom" />
// Alerts, tags, progress, statistics, empty, error and loading states.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import type { ReactNode } from 'react';
import { type Testable, cls } from './shared.tsx';

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
      <StateBody title={title}>{children}</StateBody>
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
