// The lower bounds a rescore is measured against: the fewest HubSpot calls it can make, and the
// shortest time the two budgets allow for them.
// Search: ≤ 200 results per page, 5 requests per second (its own budget).
// https://developers.hubspot.com/docs/api/crm/search
// Batch update: ≤ 100 inputs per call, on the general budget of 110 requests per 10 s (OAuth apps).
// https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines

/** HubSpot's budgets, possibly on a faster clock. */
export interface Budgets {
  /** Search requests per second. */
  searchPerSecond: number;
  /** General requests per second. */
  generalPerSecond: number;
}

/** HubSpot's budgets with every window `scale` times its real length (0.1 = ten times faster). */
export function budgetsAtScale(scale: number): Budgets {
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  return { searchPerSecond: 5 / (1 * scale), generalPerSecond: 110 / (10 * scale) };
}

/** Search pages (200 each) and batch updates (100 each) a rescore cannot do without. */
export function lowerBoundCalls(
  contacts: number,
  changed: number,
): {
  pages: number;
  updates: number;
  calls: number;
} {
  // Even an empty portal needs one search to learn it is empty.
  const pages = Math.max(1, Math.ceil(contacts / 200));
  const updates = Math.ceil(changed / 100);
  return { pages, updates, calls: pages + updates };
}

/** The shortest wall time, ms: reads and writes run in parallel, each at its budget's rate. */
export function boundMs(contacts: number, changed: number, budgets: Budgets): number {
  const { pages, updates } = lowerBoundCalls(contacts, changed);
  return Math.max(
    (pages / budgets.searchPerSecond) * 1000,
    (updates / budgets.generalPerSecond) * 1000,
  );
}
