/// <reference lib="dom" />
// Button and LoadingButton.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { type Testable, cls, OverlayDialog } from './shared.tsx';

type ButtonVariant = 'primary' | 'secondary' | 'destructive' | 'transparent';

type ButtonProps = Testable & {
  variant?: ButtonVariant;
  size?: 'xs' | 'extra-small' | 'sm' | 'small' | 'md' | 'medium';
  type?: 'button' | 'submit' | 'reset';
  disabled?: boolean;
  onClick?: (event: { type: 'click' }) => void;
  href?: string | { url: string; external?: boolean };
  /** Long text ends in "…", the full text in a tooltip. */
  truncate?: boolean;
  /** A Modal or Panel the button opens. */
  overlay?: ReactNode;
  children?: ReactNode;
};

/** The text of a button's children, for the tooltip of a truncated one. */
function plainText(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(plainText).join('');
  return '';
}

/** A button; `onClick` gets the click, `type` defaults to button as in HubSpot. */
export function Button({
  variant = 'secondary',
  size = 'md',
  type = 'button',
  disabled,
  onClick,
  href,
  truncate,
  overlay,
  children,
  testId,
}: ButtonProps) {
  const [open, setOpen] = useState(false);
  const className = cls(
    'hs-button',
    `hs-button-${variant}`,
    `hs-button-${size}`,
    truncate && 'hs-truncate',
  );
  const title = truncate ? plainText(children) : undefined;
  const url = typeof href === 'string' ? href : href?.url;
  const external = typeof href === 'object' && href.external;
  const shown = overlay !== undefined && open;
  return (
    <>
      {url ? (
        <a
          className={className}
          href={url}
          title={title}
          target={external ? '_blank' : undefined}
          rel={external ? 'noreferrer' : undefined}
          data-testid={testId}
          onClick={() => onClick?.({ type: 'click' })}
        >
          {children}
        </a>
      ) : (
        <button
          className={className}
          type={type}
          disabled={disabled}
          title={title}
          aria-haspopup={overlay === undefined ? undefined : 'dialog'}
          aria-expanded={overlay === undefined ? undefined : shown}
          data-testid={testId}
          onClick={() => {
            onClick?.({ type: 'click' });
            if (overlay !== undefined) setOpen(true);
          }}
        >
          {children}
        </button>
      )}
      {shown ? <OverlayDialog onClose={() => setOpen(false)}>{overlay}</OverlayDialog> : null}
    </>
  );
}

/** HubSpot's result icons the preview draws; any other name shows the check mark. */
const RESULT_ICONS: Record<string, string> = { success: '✓', warning: '⚠', error: '✕', info: 'ℹ' };

/**
 * A button that shows a spinner and is disabled while `loading`; when loading ends it shows
 * `resultIconName` (a check mark by default) for a moment, and with `overlayOptions.openBehavior`
 * 'onLoadingFinish' it opens its overlay then instead of on click.
 */
export function LoadingButton({
  loading,
  disabled,
  resultIconName = 'success',
  overlayOptions,
  overlay,
  children,
  onClick,
  ...rest
}: ButtonProps & {
  variant?: 'primary' | 'secondary' | 'destructive';
  loading?: boolean;
  resultIconName?: string;
  overlayOptions?: { openBehavior?: 'onClick' | 'onLoadingFinish' };
}) {
  const [finished, setFinished] = useState(false);
  const [openAfterLoad, setOpenAfterLoad] = useState(false);
  const wasLoading = useRef(loading === true);
  const afterLoad = overlayOptions?.openBehavior === 'onLoadingFinish';
  useEffect(() => {
    if (wasLoading.current && !loading) {
      setFinished(true);
      if (afterLoad && overlay !== undefined) setOpenAfterLoad(true);
      const timer = setTimeout(() => setFinished(false), 1500);
      wasLoading.current = false;
      return () => clearTimeout(timer);
    }
    wasLoading.current = loading === true;
    return undefined;
  }, [loading, afterLoad, overlay]);
  return (
    <>
      <Button
        {...rest}
        disabled={disabled || loading}
        onClick={onClick}
        overlay={afterLoad ? undefined : overlay}
      >
        {loading ? <span className="hs-spinner hs-spinner-inline" aria-hidden="true" /> : null}
        {children}
        {finished ? (
          <span className="hs-result-icon" aria-hidden="true" data-icon={resultIconName}>
            {RESULT_ICONS[resultIconName] ?? RESULT_ICONS.success}
          </span>
        ) : null}
      </Button>
      {openAfterLoad ? (
        <OverlayDialog onClose={() => setOpenAfterLoad(false)}>{overlay}</OverlayDialog>
      ) : null}
    </>
  );
}
