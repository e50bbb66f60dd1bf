/// <reference lib="dom" />
// Tabs and Accordion.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { Children, isValidElement, useId, useState } from 'react';
import type { ReactElement, ReactNode } from 'react';
import { type Testable, cls } from './shared.tsx';

/** One tab of Tabs. */
export function Tab({
  children,
}: {
  tabId: string | number;
  title: string;
  disabled?: boolean;
  tooltip?: string;
  tooltipPlacement?: 'top' | 'bottom' | 'left' | 'right';
  /** The tab's button gets it (Tabs renders the button). */
  testId?: string;
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
  fill,
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
  const base = useId();
  const choose = (tabId: string | number) => {
    setOwn(tabId);
    onSelectedChange?.(tabId);
  };
  // Arrow keys move between enabled tabs (WAI-ARIA tabs pattern); Tab leaves the tab list.
  const move = (from: number, step: number) => {
    const enabled = tabs.filter((tab) => !tab.props.disabled);
    const at = enabled.findIndex((tab) => tab === tabs[from]);
    const next = enabled[(at + step + enabled.length) % enabled.length];
    if (next === undefined) return;
    choose(next.props.tabId);
    document.getElementById(`${base}-tab-${String(next.props.tabId)}`)?.focus();
  };
  return (
    <div
      className={cls('hs-tabs', `hs-tabs-${variant}`, fill && 'hs-tabs-fill')}
      data-testid={testId}
    >
      <div className="hs-tablist" role="tablist">
        {tabs.map((tab) => (
          <button
            key={String(tab.props.tabId)}
            id={`${base}-tab-${String(tab.props.tabId)}`}
            type="button"
            role="tab"
            className="hs-tab"
            aria-selected={tab.props.tabId === current}
            aria-controls={`${base}-panel-${String(tab.props.tabId)}`}
            tabIndex={tab.props.tabId === current ? 0 : -1}
            disabled={tab.props.disabled}
            title={tab.props.tooltip}
            data-tooltip-placement={
              tab.props.tooltip ? (tab.props.tooltipPlacement ?? 'top') : undefined
            }
            data-testid={
              tab.props.testId ?? (testId ? `${testId}-tab-${tab.props.tabId}` : undefined)
            }
            onClick={() => choose(tab.props.tabId)}
            onKeyDown={(event) => {
              const index = tabs.indexOf(tab);
              if (event.key === 'ArrowRight') move(index, 1);
              if (event.key === 'ArrowLeft') move(index, -1);
            }}
          >
            {tab.props.title}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={String(tab.props.tabId)}
          id={`${base}-panel-${String(tab.props.tabId)}`}
          role="tabpanel"
          aria-labelledby={`${base}-tab-${String(tab.props.tabId)}`}
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
  const bodyId = useId();
  return (
    <section className={cls('hs-accordion', `hs-accordion-${size}`)} data-testid={testId}>
      <button
        type="button"
        className="hs-accordion-toggle"
        aria-expanded={isOpen}
        aria-controls={bodyId}
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
      <div id={bodyId} className="hs-accordion-body" hidden={!isOpen}>
        {children}
      </div>
    </section>
  );
}
