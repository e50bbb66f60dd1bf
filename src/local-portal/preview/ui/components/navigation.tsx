/// <reference lib="dom" />
// Tabs and Accordion.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { Children, isValidElement, useState } from 'react';
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
