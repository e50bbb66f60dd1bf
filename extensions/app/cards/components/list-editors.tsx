// Building blocks for editable, ordered lists: the move/remove buttons of one entry, an editor for
// lists of short texts (problems, strengths, decision criteria …) and one for lists of objects
// (team members, steps, competitors …) that leaves each entry's fields to the section. Every
// button names what it acts on ("Remove Jonas Wolf", "Add entry to Products"): @hubspot/ui-extensions
// buttons take no aria-label, so the visible label is what a screen reader announces.
import { Button, Flex, Text, Tile } from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';
import type { I18n } from '../lib/i18n.ts';
import { moveItem, removeItem, replaceItem } from '../lib/list.ts';
import type { FieldErrors } from '../lib/validate-section.ts';
import { ShortText } from './fields.tsx';

/** How a button names an entry: its own name, shortened, else "<list>, entry <n>". */
export function entryName(i18n: I18n, list: string, index: number, name?: string): string {
  const own = name?.trim() ?? '';
  if (own === '') return i18n.format(i18n.t.lists.entryOf, { list, index: index + 1 });
  return own.length > 32 ? `${own.slice(0, 31)}…` : own;
}

/** Move up, move down and remove buttons for entry `index` of a list of `count`, named `name`. */
export function ItemControls({
  index,
  count,
  name,
  i18n,
  onMove,
  onRemove,
  testId,
}: {
  index: number;
  count: number;
  /** The entry as the buttons name it (see entryName). */
  name: string;
  i18n: I18n;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
  testId: string;
}) {
  const { t } = i18n;
  // A single entry has nowhere to move: no move buttons. Long names are truncated with the whole
  // label in HubSpot's tooltip (Button `truncate`), so the row stays one line at card width.
  return (
    <Flex direction="row" gap="xs">
      {count > 1 ? (
        <>
          <Button
            size="xs"
            variant="transparent"
            truncate
            disabled={index === 0}
            onClick={() => onMove(-1)}
            testId={`${testId}-up`}
          >
            {i18n.format(t.lists.moveUp, { name })}
          </Button>
          <Button
            size="xs"
            variant="transparent"
            truncate
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            testId={`${testId}-down`}
          >
            {i18n.format(t.lists.moveDown, { name })}
          </Button>
        </>
      ) : null}
      <Button
        size="xs"
        variant="destructive"
        truncate
        onClick={onRemove}
        testId={`${testId}-remove`}
      >
        {i18n.format(t.lists.remove, { name })}
      </Button>
    </Flex>
  );
}

/** An ordered list of short texts: edit each entry, add one, move or remove it. */
export function TextListEditor({
  label,
  values,
  onChange,
  i18n,
  testId,
  path,
  errors,
}: {
  label: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  i18n: I18n;
  testId: string;
  /** The list's dotted path in the section, whose entries' problems `errors` names. */
  path?: string;
  errors?: FieldErrors;
}) {
  return (
    <Flex direction="column" gap="xs">
      <Text format={{ fontWeight: 'demibold' }}>{label}</Text>
      {values.length === 0 ? <Text variant="microcopy">{i18n.t.lists.emptyList}</Text> : null}
      {values.map((value, index) => (
        <Flex key={index} direction="row" gap="xs" align="end">
          <ShortText
            label={i18n.format(i18n.t.lists.itemLabel, { index: index + 1 })}
            name={path ? `${path}.${index}` : `${testId}-${index}`}
            value={value}
            onChange={(next) => onChange(replaceItem(values, index, next))}
            errors={errors}
            testId={`${testId}-${index}`}
          />
          <ItemControls
            index={index}
            count={values.length}
            name={entryName(i18n, label, index, value)}
            i18n={i18n}
            onMove={(offset) => onChange(moveItem(values, index, offset))}
            onRemove={() => onChange(removeItem(values, index))}
            testId={`${testId}-${index}`}
          />
        </Flex>
      ))}
      <Button
        size="xs"
        variant="secondary"
        onClick={() => onChange([...values, ''])}
        testId={`${testId}-add`}
      >
        {i18n.format(i18n.t.lists.addTo, { list: label })}
      </Button>
    </Flex>
  );
}

/** What an `ObjectListEditor` hands to the section for rendering one entry. */
export interface ObjectListItem<T> {
  /** Replaces the entry with itself plus `patch`. */
  update: (patch: Partial<T>) => void;
  /** The entry's test id prefix: `${testId}-${index}`. */
  prefix: string;
  /** The entry's move up / move down / remove buttons. */
  controls: ReactNode;
}

/**
 * An ordered list of objects under a heading: one tile per entry (its fields rendered by
 * `renderItem`), each with move/remove controls, and an add button when `addLabel` is given.
 */
export function ObjectListEditor<T extends { id: string }>({
  label,
  items,
  onChange,
  i18n,
  testId,
  renderItem,
  tileTestId = false,
  addLabel,
  newItem,
  onAdd = onChange,
  itemName = (item) => {
    const name = (item as { name?: unknown }).name;
    return typeof name === 'string' ? name : '';
  },
}: {
  label: string;
  items: readonly T[];
  onChange: (items: T[]) => void;
  i18n: I18n;
  testId: string;
  renderItem: (item: T, index: number, entry: ObjectListItem<T>) => ReactNode;
  /** Whether each tile carries the entry's test id prefix. */
  tileTestId?: boolean;
  addLabel?: string;
  newItem?: () => T;
  /** Receives the list after an add; defaults to `onChange`. */
  onAdd?: (items: T[]) => void;
  /** The entry's name for its buttons ("Remove Jonas Wolf"), its `name` by default; blank: its number. */
  itemName?: (item: T) => string;
}) {
  return (
    <>
      <Text format={{ fontWeight: 'demibold' }}>{label}</Text>
      {items.map((item, index) => {
        const prefix = `${testId}-${index}`;
        const controls = (
          <ItemControls
            index={index}
            count={items.length}
            name={entryName(i18n, label, index, itemName(item))}
            i18n={i18n}
            onMove={(offset) => onChange(moveItem(items, index, offset))}
            onRemove={() => onChange(removeItem(items, index))}
            testId={prefix}
          />
        );
        const update = (patch: Partial<T>) =>
          onChange(replaceItem(items, index, { ...item, ...patch }));
        return (
          <Tile key={item.id} compact {...(tileTestId ? { testId: prefix } : {})}>
            {renderItem(item, index, { update, prefix, controls })}
          </Tile>
        );
      })}
      {addLabel !== undefined && newItem ? (
        <Button
          size="xs"
          variant="secondary"
          onClick={() => onAdd([...items, newItem()])}
          testId={`${testId}-add`}
        >
          {addLabel}
        </Button>
      ) : null}
    </>
  );
}
