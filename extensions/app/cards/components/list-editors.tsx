// Building blocks for editable, ordered lists: the move/remove buttons of one entry, an editor for
// lists of short texts (problems, strengths, decision criteria …) and one for lists of objects
// (team members, steps, competitors …) that leaves each entry's fields to the section.
import { Button, Flex, Input, Text, Tile } from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';
import type { I18n } from '../lib/i18n.ts';
import { moveItem, removeItem, replaceItem } from '../lib/list.ts';

/** Move up, move down and remove buttons for entry `index` of a list of `count`. */
export function ItemControls({
  index,
  count,
  i18n,
  onMove,
  onRemove,
  testId,
}: {
  index: number;
  count: number;
  i18n: I18n;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
  testId: string;
}) {
  return (
    <Flex direction="row" gap="xs">
      <Button
        size="xs"
        variant="secondary"
        disabled={index === 0}
        onClick={() => onMove(-1)}
        testId={`${testId}-up`}
      >
        {i18n.t.common.moveUp}
      </Button>
      <Button
        size="xs"
        variant="secondary"
        disabled={index === count - 1}
        onClick={() => onMove(1)}
        testId={`${testId}-down`}
      >
        {i18n.t.common.moveDown}
      </Button>
      <Button size="xs" variant="destructive" onClick={onRemove} testId={`${testId}-remove`}>
        {i18n.t.common.remove}
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
}: {
  label: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  i18n: I18n;
  testId: string;
}) {
  return (
    <Flex direction="column" gap="xs">
      <Text format={{ fontWeight: 'demibold' }}>{label}</Text>
      {values.length === 0 ? <Text variant="microcopy">{i18n.t.lists.emptyList}</Text> : null}
      {values.map((value, index) => (
        <Flex key={index} direction="row" gap="xs" align="end">
          <Input
            label={i18n.format(i18n.t.lists.itemLabel, { index: index + 1 })}
            name={`${testId}-${index}`}
            value={value}
            onChange={(next) => onChange(replaceItem(values, index, next))}
            testId={`${testId}-${index}`}
          />
          <ItemControls
            index={index}
            count={values.length}
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
        {i18n.t.common.add}
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
