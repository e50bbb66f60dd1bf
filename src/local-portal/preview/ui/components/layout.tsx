/// <reference lib="dom" />
// Layout and text components: Flex, Box, Tile, Heading, Text, Link, Divider, List, DescriptionList, Image.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { Children } from 'react';
import type { ReactNode } from 'react';
import { GAP_PX, type Gap, type Testable, cls } from './shared.tsx';

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
