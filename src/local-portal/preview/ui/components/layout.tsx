/// <reference lib="dom" />
// Layout and text components: Flex, Box, Tile, Heading, Text, Link, Divider, List, DescriptionList, Image.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { Children, useState } from 'react';
import type { ReactNode } from 'react';
import { GAP_PX, type Gap, type Testable, cls, OverlayDialog } from './shared.tsx';

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

const TRANSFORMS = {
  none: undefined,
  uppercase: 'uppercase',
  lowercase: 'lowercase',
  capitalize: 'capitalize',
} as const;

/** The text of a node, for a truncated text's tooltip. */
function plainText(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  return Children.toArray(node)
    .map((child) => (typeof child === 'string' || typeof child === 'number' ? String(child) : ''))
    .join('');
}

/** Text with HubSpot's variants and formatting; a truncated one has its full text as tooltip. */
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
    textTransform?: 'none' | 'uppercase' | 'lowercase' | 'capitalize' | 'sentenceCase';
  };
  inline?: boolean;
  truncate?: boolean | { maxWidth?: number; tooltipText?: string };
  children?: ReactNode;
}) {
  const Tag = inline ? 'span' : 'p';
  const options = typeof truncate === 'object' ? truncate : {};
  const transform = format?.textTransform;
  // Sentence case: the first letter upper case, the rest lower case.
  const content =
    transform === 'sentenceCase' && typeof children === 'string'
      ? children.charAt(0).toUpperCase() + children.slice(1).toLowerCase()
      : children;
  return (
    <Tag
      className={cls('hs-text', `hs-text-${variant}`, truncate && 'hs-truncate')}
      data-testid={testId}
      title={truncate ? (options.tooltipText ?? plainText(children)) : undefined}
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
        textTransform:
          transform === undefined || transform === 'sentenceCase'
            ? undefined
            : TRANSFORMS[transform],
        maxWidth: options.maxWidth,
        display: truncate && options.maxWidth !== undefined ? 'inline-block' : undefined,
      }}
    >
      {content}
    </Tag>
  );
}

/**
 * A link; with `href` it opens the URL, with `onClick` it acts as a button (`preventDefault`
 * keeps it from following `href`); `overlay` opens a Modal or Panel.
 */
export function Link({
  href,
  onClick,
  variant = 'primary',
  preventDefault,
  overlay,
  children,
  testId,
}: Testable & {
  href?: string | { url: string; external?: boolean };
  onClick?: () => void;
  variant?: 'primary' | 'light' | 'dark' | 'destructive';
  preventDefault?: boolean;
  overlay?: ReactNode;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const url = typeof href === 'string' ? href : href?.url;
  const external = typeof href === 'object' && href?.external;
  return (
    <>
      <a
        className={cls('hs-link', `hs-link-${variant}`)}
        data-testid={testId}
        href={url ?? '#'}
        target={external ? '_blank' : undefined}
        rel={external ? 'noreferrer' : undefined}
        aria-haspopup={overlay === undefined ? undefined : 'dialog'}
        onClick={(event) => {
          if (preventDefault || !url || overlay !== undefined) event.preventDefault();
          onClick?.();
          if (overlay !== undefined) setOpen(true);
        }}
      >
        {children}
      </a>
      {open ? <OverlayDialog onClose={() => setOpen(false)}>{overlay}</OverlayDialog> : null}
    </>
  );
}

/** A horizontal rule. */
export function Divider({ distance, size, testId }: Testable & { distance?: Gap; size?: Gap }) {
  const gap = GAP_PX[distance ?? size ?? 'small'] ?? 8;
  return <hr className="hs-divider" data-testid={testId} style={{ margin: `${gap}px 0` }} />;
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
export function DescriptionListItem({
  label,
  children,
  testId,
}: Testable & { label: string; children?: ReactNode }) {
  return (
    <div className="hs-dl-item" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** An image; with `href` or `onClick` it is a link. */
export function Image({
  src,
  alt,
  width,
  height,
  href,
  onClick,
  overlay,
  testId,
}: Testable & {
  src: string;
  alt?: string;
  width?: number;
  height?: number;
  href?: string | { url: string; external?: boolean };
  onClick?: () => void;
  overlay?: ReactNode;
}) {
  const image = (
    <img
      className="hs-image"
      src={src}
      alt={alt ?? ''}
      width={width}
      height={height}
      data-testid={testId}
    />
  );
  if (href === undefined && onClick === undefined && overlay === undefined) return image;
  return (
    <Link href={href ?? '#'} onClick={onClick} overlay={overlay}>
      {image}
    </Link>
  );
}
