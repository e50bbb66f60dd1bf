// The local portal in its own process for `npm run bench` (bench/run.ts forks this file): the
// measured client and the portal no longer share one event loop and one core, as a HubSpot client and
// HubSpot never do. The parent drives it over the IPC channel: seed synthetic contacts, read and
// reset the call counters, check every score, close. Everything HubSpot-facing goes over HTTP.
import { storedScoreWrites, DEFAULT_SCORING_MODEL } from '../src/domain/scoring/index.ts';
import { parseLocalPortalRealism } from '../src/local-portal/config.ts';
import { createLocalPortal } from '../src/local-portal/server.ts';
import { generateContacts, seedContacts } from './synthetic-contacts.ts';

/** What the parent asks for (one request at a time per id). */
export type PortalRequest =
  | { id: number; op: 'token'; portalId: number }
  | {
      id: number;
      op: 'seed';
      portalId: number;
      count: number;
      changedShare: number;
      seed: number;
      asOf: number;
    }
  | { id: number; op: 'counters' }
  | { id: number; op: 'resetCounters' }
  | { id: number; op: 'resetLimits' }
  | { id: number; op: 'unscored'; portalId: number; asOf: number }
  | { id: number; op: 'touch'; portalId: number; ids: string[]; properties: Record<string, string> }
  | { id: number; op: 'close' };

/** How the child was started: `{ latency: boolean, scale: number }` as JSON in argv[2]. */
interface ChildOptions {
  latency: boolean;
  scale: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const realism = options.latency
  ? parseLocalPortalRealism({ LOCAL_PORTAL_LATENCY: 'hubspot', ...process.env }, 4_000_000)
  : {};
const portal = createLocalPortal({
  rateLimit: { perTenSeconds: 110, searchPerSecond: 5, scale: options.scale },
  ...realism,
});
const server = await portal.listen(0);
const model = DEFAULT_SCORING_MODEL;

function answer(request: PortalRequest): unknown {
  switch (request.op) {
    case 'token':
      return portal.oauth.issueTokens({ portalId: request.portalId }).access_token;
    case 'seed': {
      const contacts = generateContacts({
        count: request.count,
        changedShare: request.changedShare,
        seed: request.seed,
        asOf: request.asOf,
        model,
        emailPrefix: `p${request.portalId}`,
      });
      const ids = seedContacts(portal.registry.ensure(request.portalId), contacts);
      // Seeded contacts stand for data that was there long before: searchable at once.
      portal.searchIndex.catchUp();
      portal.limits.reset();
      const date = new Date(request.asOf);
      const changed = contacts.filter((c) => storedScoreWrites(c, model, date)).length;
      return { ids, changed };
    }
    case 'touch': {
      const state = portal.registry.ensure(request.portalId);
      for (const id of request.ids) state.updateObject('contacts', id, request.properties);
      return request.ids.length;
    }
    case 'counters': {
      const snapshot = portal.counters.snapshot();
      return { byPortal: snapshot.byPortal, byStatus: snapshot.byStatus };
    }
    case 'resetCounters':
      portal.counters.reset();
      return true;
    case 'resetLimits':
      portal.limits.reset();
      return true;
    case 'unscored': {
      const date = new Date(request.asOf);
      return portal.registry
        .ensure(request.portalId)
        .listObjects('contacts')
        .filter((record) => storedScoreWrites(record.properties, model, date) !== null)
        .map((record) => record.id);
    }
    case 'close':
      void server.close().then(() => process.exit(0));
      return true;
  }
}

process.on('message', (message: PortalRequest) => {
  try {
    process.send?.({ id: message.id, ok: true, value: answer(message) });
  } catch (error) {
    process.send?.({ id: message.id, ok: false, error: String(error) });
  }
});
// The bench died or was stopped: do not outlive it.
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true, url: server.url, latency: portal.latencyProfile });
