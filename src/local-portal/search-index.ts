// The search index and its lag. HubSpot's CRM search answers from an index that catches up with
// writes seconds later ("a record just created may not be found yet", ../shared/HUBSPOT.md,
// "Search"; https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm), while
// reads by id see a write at once. The local portal shows search every record as it stood
// `lagMs` ago: created later → not found yet; updated later → found with its older values (and
// matched by them); archived later → still found. The view is rebuilt from each record's property
// history, so nothing is copied on write. Lag 0 (the default of createLocalPortal, and so of unit
// tests) is today's instant index.
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { fieldErrorsFromZod } from '../domain/errors.ts';
import type { Clock } from './clock.ts';
import type { CrmRecord, PortalState } from './state.ts';
import type { CrmObjectType } from './crm/object-types.ts';
import { forEachChange, writeTimes } from './state/history-log.ts';

/** The default lag for `npm start`, `npm run local-portal` and the bench (ms): "a few seconds". */
export const DEFAULT_SEARCH_LAG_MS = 3_000;

/** The index search answers from. */
export interface SearchIndex {
  /** Current lag in ms. */
  lagMs(): number;
  /** Changes the lag (tests, the control API). */
  setLagMs(ms: number): void;
  /** Every record of a type as the index shows it now, ascending by id. */
  visibleRecords(portal: PortalState, type: CrmObjectType): readonly CrmRecord[];
  /** Makes every write so far searchable at once (after seeding: data that was always there). */
  catchUp(): void;
}

const LAST_MODIFIED_PROPERTIES = ['lastmodifieddate', 'hs_lastmodifieddate'];

// A record's values as of `asOf` (epoch ms), from its history; values without history (computed
// ones such as hs_lastmodifieddate) keep their current value. A property's values after the first
// one later than `asOf` are not read (its history is in write order).
function recordAsOf(record: CrmRecord, asOf: number): CrmRecord {
  const asOfValues = new Map<string, string | undefined>();
  const later = new Set<string>();
  // The last-modified dates as of then, so a sweep keyed on them revisits the record later.
  let modifiedAt = record.createdAt;
  forEachChange(record.history, (name, value, timestamp) => {
    if (!asOfValues.has(name)) asOfValues.set(name, undefined);
    if (timestamp > asOf) {
      later.add(name);
      return;
    }
    if (timestamp > modifiedAt) modifiedAt = timestamp;
    if (!later.has(name)) asOfValues.set(name, value);
  });
  const properties: Record<string, string> = {};
  for (const [name, current] of Object.entries(record.properties)) {
    if (!asOfValues.has(name)) properties[name] = current;
  }
  for (const [name, value] of asOfValues) {
    if (value !== undefined && value !== '') properties[name] = value;
  }
  for (const name of LAST_MODIFIED_PROPERTIES) {
    if (properties[name] !== undefined) properties[name] = new Date(modifiedAt).toISOString();
  }
  return { ...record, properties, archived: false, updatedAt: modifiedAt };
}

/** A record as of some instant, and up to when that view holds: the first change after it. */
interface View {
  asOf: number;
  validUntil: number;
  /** The record's `updatedAt` when the view was built: any write since makes it stale. */
  updatedAt: number;
  view: CrmRecord;
}

/**
 * `recordAsOf`, remembered per record while it holds: a view as of T stays the same for every
 * instant from T until the record's first change after T, and is rebuilt whenever the record was
 * written since (even if a test's clock went back). A rescore writes about 1,000 contacts a second, so with a 3 s lag
 * every search would otherwise rebuild thousands of records.
 */
function createViewCache() {
  const views = new WeakMap<CrmRecord, View>();
  return (record: CrmRecord, asOf: number): CrmRecord => {
    const known = views.get(record);
    if (
      known &&
      known.updatedAt === record.updatedAt &&
      asOf >= known.asOf &&
      asOf < known.validUntil
    )
      return known.view;
    let validUntil =
      record.archived && record.archivedAt !== undefined ? record.archivedAt : Infinity;
    for (const timestamp of writeTimes(record.history)) {
      if (timestamp > asOf && timestamp < validUntil) validUntil = timestamp;
    }
    const view = recordAsOf(record, asOf);
    views.set(record, { asOf, validUntil, updatedAt: record.updatedAt, view });
    return view;
  };
}

/** Creates the index; `clock` is the portal's (tests advance it instead of waiting). */
export function createSearchIndex(options: { clock: Clock; lagMs?: number }): SearchIndex {
  let lag = options.lagMs ?? 0;
  let caughtUpAt = Number.NEGATIVE_INFINITY;
  const asOfView = createViewCache();
  return {
    lagMs: () => lag,
    setLagMs(ms) {
      lag = ms;
    },
    catchUp() {
      caughtUpAt = options.clock();
    },
    visibleRecords(portal, type) {
      if (lag <= 0) return portal.listObjects(type);
      const asOf = Math.max(options.clock() - lag, caughtUpAt);
      const visible: CrmRecord[] = [];
      for (const record of portal.listObjects(type)) {
        if (record.createdAt > asOf) continue;
        visible.push(record.updatedAt <= asOf ? record : asOfView(record, asOf));
      }
      // Archived after the index last caught up: still found, with its values of then.
      const active = visible.length;
      for (const record of portal.listObjects(type, { archived: true })) {
        if (record.createdAt <= asOf && (record.archivedAt ?? 0) > asOf)
          visible.push(asOfView(record, asOf));
      }
      // The active records come in id order; only archived ones appended need a sort.
      return visible.length === active
        ? visible
        : visible.sort((a, b) => Number(a.id) - Number(b.id));
    },
  };
}

const lagSchema = z.object({ lagMs: z.number().int().min(0).max(600_000) }).strict();

/** `/_local/search-index`: read or set the lag; `/catch-up` makes every write searchable now. */
export function createSearchIndexRouter(index: SearchIndex): Router {
  const router = express.Router();
  router.get('/_local/search-index', (_req, res) => {
    res.json({ lagMs: index.lagMs() });
  });
  router.post('/_local/search-index', express.json(), (req, res) => {
    const parsed = lagSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', errors: fieldErrorsFromZod(parsed.error) });
      return;
    }
    index.setLagMs(parsed.data.lagMs);
    res.json({ lagMs: index.lagMs() });
  });
  router.post('/_local/search-index/catch-up', (_req, res) => {
    index.catchUp();
    res.status(204).end();
  });
  return router;
}
