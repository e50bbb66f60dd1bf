// The local portal's arrival edge: an HTTP front in its own thread that stamps each request with
// the time it arrived (header ARRIVAL_HEADER) and passes it on, unchanged, to the portal.
//
// Why: HubSpot counts a request against its rate limits when it arrives. The local portal counts
// it when its middleware runs, on the same event loop as its CRM work, so a pause there (a major
// GC, a search over 100,000 contacts) delays the count of every request that arrived meanwhile and
// bunches them: the portal then refuses requests the client spaced correctly and HubSpot would
// have let through (each of the bench's last 429s was such a window). The edge's thread does
// nothing but parse and forward, so its clock reads arrivals to within a millisecond or so, and a
// portal started with `countAtArrival` counts by that stamp. Only for a portal on loopback that
// trusts its callers (the bench): a stamp could be forged by any client.
import { Worker } from 'node:worker_threads';

/** The header the edge sets: the arrival time, ms since the epoch (Date.now() of the edge). */
export const ARRIVAL_HEADER = 'x-local-portal-arrival';

// The edge's thread, as source: an eval'd worker needs no file path, which neither the ESM runtime
// nor jest's CommonJS one would resolve alike. It streams each request to the portal with its
// arrival stamp and the answer back as it came (status, headers, body).
const EDGE_SOURCE = `
const { Agent, createServer, request } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { targetPort, port, host, header } = workerData;
// Kept-alive connections to the portal, as many as callers need (no queueing at the edge).
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const server = createServer((incoming, answer) => {
  const arrivedAt = Date.now();
  const upstream = request(
    {
      host,
      port: targetPort,
      method: incoming.method,
      path: incoming.url,
      headers: { ...incoming.headers, [header]: String(arrivedAt) },
      agent,
    },
    (response) => {
      answer.writeHead(response.statusCode ?? 502, response.statusMessage, response.headers);
      response.pipe(answer);
    },
  );
  upstream.on('error', (error) => {
    if (answer.headersSent) return void answer.destroy(error);
    answer.writeHead(502, { 'content-type': 'application/json' });
    answer.end(JSON.stringify({ status: 'error', message: 'Arrival edge: ' + error.message }));
  });
  incoming.pipe(upstream);
});
server.keepAliveTimeout = 60000;
server.listen(port, host, () => parentPort.postMessage({ port: server.address().port }));
`;

/** A running edge. */
export interface ArrivalEdge {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the edge on `host:port` (0: any free port) in front of the portal at `targetPort` on the
 * same host. Resolves once it listens.
 */
export function startArrivalEdge(options: {
  targetPort: number;
  port?: number;
  host?: string;
}): Promise<ArrivalEdge> {
  const host = options.host ?? '127.0.0.1';
  const worker = new Worker(EDGE_SOURCE, {
    eval: true,
    workerData: {
      targetPort: options.targetPort,
      port: options.port ?? 0,
      host,
      header: ARRIVAL_HEADER,
    },
  });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { port: number }) => {
      worker.off('error', reject);
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${message.port}`,
        close: async () => {
          await worker.terminate();
        },
      });
    });
  });
}

/** The arrival stamp of a request the edge passed on, or undefined (not stamped or unreadable). */
export function arrivalOf(
  headers: Record<string, string | string[] | undefined>,
): number | undefined {
  const raw = headers[ARRIVAL_HEADER];
  const at = typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isFinite(at) ? at : undefined;
}
