/// <reference lib="dom" />
// Button and LoadingButton.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import type { ReactNode } from 'react';
import { type Testable, cls } from './shared.tsx';

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
