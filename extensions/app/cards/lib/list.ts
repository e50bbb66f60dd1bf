// Immutable helpers for the ordered lists the plan forms edit (add, move up/down, remove).

/** The list with the entry at `index` moved by `offset` places; out-of-range moves change nothing. */
export function moveItem<T>(items: readonly T[], index: number, offset: -1 | 1): T[] {
  const target = index + offset;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) {
    return items.slice();
  }
  const next = items.slice();
  const [item] = next.splice(index, 1) as [T];
  next.splice(target, 0, item);
  return next;
}

/** The list without the entry at `index`. */
export function removeItem<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, position) => position !== index);
}

/** The list with the entry at `index` replaced. */
export function replaceItem<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((current, position) => (position === index ? item : current));
}

let counter = 0;

/**
 * A new list-item id. Ids only need to be unique within one list of one section (the domain checks
 * that); time plus a counter is enough and needs no crypto in HubSpot's extension sandbox.
 */
export function newItemId(): string {
  counter = (counter + 1) % 1_000_000;
  return `${Date.now().toString(36)}-${counter.toString(36)}`;
}
