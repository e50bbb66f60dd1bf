// The transport tells the limiter when a request really left (src/hubspot/send-clock.ts), against
// a real HTTP server on loopback: undici's diagnostics channels only speak for real sockets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { watchSend } from '../../src/hubspot/send-clock.ts';
import { createHubSpotGateway } from '../../src/hubspot/hubspot-gateway.ts';
import { createRateLimiter, type RateLimiter } from '../../src/hubspot/rate-limiter.ts';

let server: Server;
let base: string;
const arrivals: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    arrivals.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ results: [], total: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function busyWait(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // hold the event loop, as a page of scoring or a garbage collection would
  }
}

describe('send clock', () => {
  it('calls back once, as the request is written and before its answer', async () => {
    const events: string[] = [];
    const url = new URL(`${base}/crm/objects/2026-09/contacts/search?a=1`);
    await watchSend(
      'post',
      url,
      () => events.push(`sent ${arrivals.length}`),
      async () => {
        const response = await fetch(url, { method: 'POST', body: '{}' });
        events.push('answered');
        return response.text();
      },
    );
    expect(events).toEqual([`sent ${arrivals.length - 1}`, 'answered']);
  });

  it('keeps concurrent requests apart and stays silent for a request that is not the one watched', async () => {
    const sent: string[] = [];
    const urls = [1, 2, 3].map((n) => new URL(`${base}/p${n}`));
    await Promise.all(
      urls.map((url, n) =>
        watchSend(
          'GET',
          url,
          () => sent.push(url.pathname),
          async () => {
            // the third watches /p3 but fetches /other
            const target = n === 2 ? new URL(`${base}/other`) : url;
            return (await fetch(target)).text();
          },
        ),
      ),
    );
    expect(sent.sort()).toEqual(['/p1', '/p2']);
  });

  it('stays silent for a fetch that never reaches undici', async () => {
    let sent = 0;
    const url = new URL(`${base}/p9`);
    await watchSend(
      'GET',
      url,
      () => (sent += 1),
      async () => new Response('{}'),
    );
    expect(sent).toBe(0);
  });
});

describe('transport and late sends', () => {
  it('reports to the limiter how long the client held a granted request back', async () => {
    // GIVEN a gateway whose fetch is held 40 ms after the grant (busy work on the event loop)
    const inner = createRateLimiter();
    const lateness: number[] = [];
    const limiter: RateLimiter = {
      async acquire(kind, lane, maxWaitMs) {
        const slot = await inner.acquire(kind, lane, maxWaitMs);
        return {
          sentLate(lateMs) {
            lateness.push(lateMs);
            slot.sentLate(lateMs);
          },
        };
      },
      counters: () => inner.counters(),
    };
    const gateway = createHubSpotGateway({
      portalId: 1,
      basePath: base,
      getAccessToken: async () => 'token',
      limiter,
      fetch: (input, init) => {
        busyWait(40);
        return fetch(input, init);
      },
    });
    // WHEN it searches
    await gateway.search('contacts', { filterGroups: [], limit: 1 });
    // THEN the limiter heard once that the request left at least 40 ms after its grant
    expect(lateness).toHaveLength(1);
    expect(lateness[0]).toBeGreaterThanOrEqual(40);
    expect(inner.counters()).toMatchObject({ lateSends: 1 });
  });
});
