// Call counters: every request the portal answers, counted by method, route template, path, portal
// and status, so tests and benchmarks can assert how many HubSpot calls a feature makes.
import type { NextFunction, Request, Response } from 'express';

/** A snapshot of the counters. */
export interface CounterSnapshot {
  total: number;
  byMethod: Record<string, number>;
  /** `GET /crm/v3/objects/contacts/{id}`: numeric segments replaced by `{id}`. */
  byRoute: Record<string, number>;
  /** `GET /crm/v3/objects/contacts/101`: the concrete path. */
  byPath: Record<string, number>;
  /** Portal id from the access token (`none` before authentication). */
  byPortal: Record<string, number>;
  /** `2026001 GET /crm/v3/objects/contacts/{id}` */
  byPortalRoute: Record<string, number>;
  byStatus: Record<string, number>;
  /** `429 POST /crm/v3/objects/contacts/search`: which routes answered which status. */
  byStatusRoute: Record<string, number>;
}

/** Counts calls. */
export interface Counters {
  /** Records one answered request. */
  record(call: { method: string; path: string; portalId?: number; status: number }): void;
  snapshot(): CounterSnapshot;
  reset(): void;
  /** Express middleware that records each request when its response is finished. */
  middleware(req: Request, res: Response, next: NextFunction): void;
}

/** Replaces ids in a path by `{id}` so calls to the same endpoint add up. */
export function toRouteTemplate(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) ? '{id}' : segment))
    .join('/');
}

function emptySnapshot(): CounterSnapshot {
  return {
    total: 0,
    byMethod: {},
    byRoute: {},
    byPath: {},
    byPortal: {},
    byPortalRoute: {},
    byStatus: {},
    byStatusRoute: {},
  };
}

function increment(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

/** Creates empty counters. */
export function createCounters(): Counters {
  let counts = emptySnapshot();

  function record(call: { method: string; path: string; portalId?: number; status: number }) {
    const method = call.method.toUpperCase();
    const route = `${method} ${toRouteTemplate(call.path)}`;
    const portal = call.portalId === undefined ? 'none' : String(call.portalId);
    counts.total += 1;
    increment(counts.byMethod, method);
    increment(counts.byRoute, route);
    increment(counts.byPath, `${method} ${call.path}`);
    increment(counts.byPortal, portal);
    increment(counts.byPortalRoute, `${portal} ${route}`);
    increment(counts.byStatus, String(call.status));
    increment(counts.byStatusRoute, `${call.status} ${route}`);
  }

  return {
    record,
    snapshot: () => structuredClone(counts),
    reset() {
      counts = emptySnapshot();
    },
    middleware(req, res, next) {
      // req.path is read now: routers below rewrite it while they handle the request.
      const method = req.method;
      const path = req.path;
      let recorded = false;
      const recordOnce = (status: number) => {
        if (recorded) return;
        recorded = true;
        record({ method, path, portalId: res.locals.portalId as number | undefined, status });
      };
      res.on('finish', () => recordOnce(res.statusCode));
      // A dropped connection (an injected timeout) never finishes: it is counted with status 0.
      res.on('close', () => recordOnce(res.writableFinished ? res.statusCode : 0));
      next();
    },
  };
}
