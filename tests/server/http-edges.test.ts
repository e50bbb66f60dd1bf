// Hostile bodies against the backend's real http server (the one `npm start` runs): each gets the
// JSON envelope with a stable code, before any signature is checked, and no stack or server path.
import { connect } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { createBackend, type Backend } from '../../src/server/backend.ts';
import { parseConfig } from '../../src/runtime/config.ts';
import {
  MAX_BODY_BYTES,
  createHttpServer,
  errorHandler,
  type ServerTimeouts,
} from '../../src/server/http/http-edges.ts';
import { createLogger } from '../../src/runtime/logger.ts';

// Short injected timeouts: the test waits for the socket to close, it never measures how long.
// Long enough that the other cases' bodies always arrive in time on a busy machine.
const TEST_TIMEOUTS: ServerTimeouts = {
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 1_500,
  keepAliveTimeoutMs: 2_000,
  checkIntervalMs: 100,
};

let backend: Backend;
let server: Server;
let baseUrl: string;
let port: number;

beforeAll(async () => {
  backend = await createBackend(parseConfig({ DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' }), {
    logger: createLogger('silent'),
    scoreOnInstall: false,
  });
  server = createHttpServer(backend.app, TEST_TIMEOUTS);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await backend.close();
});

/** Says nothing about the server's insides: no stack frame, no file path. */
function expectNoLeak(text: string): void {
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+|\/work\/|node_modules|<html/i);
}

async function post(path: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  const text = await response.text();
  expectNoLeak(text);
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

/** Writes raw bytes on a socket and collects everything until the server closes it. */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.write(request);
  });
}

const webhookEvent = (index: number) => ({
  eventId: 900_000 + index,
  subscriptionId: 2,
  portalId: 12345,
  appId: 1,
  occurredAt: 1_764_000_000_000,
  subscriptionType: 'contact.propertyChange',
  attemptNumber: 0,
  objectId: 1000 + index,
  propertyName: 'jobtitle',
  propertyValue: 'VP Engineering',
  changeSource: 'CRM_UI',
});

describe('hostile bodies at the HTTP edge (unauthenticated)', () => {
  it('refuses a 2 MB body as too_large', async () => {
    const answer = await post('/api/contacts/1/rescore', Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({
      ok: false,
      error: { code: 'too_large', message: { en: expect.any(String), de: expect.any(String) } },
    });
  });

  it('refuses a gzip bomb once its inflated size passes the cap', async () => {
    // 16 MB of zeros compress to about 16 KB: small on the wire, 16 times the cap in memory.
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    const answer = await post('/hubspot/webhooks', bomb, { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('accepts a well-formed gzip body and goes on to check its signature', async () => {
    const answer = await post('/hubspot/webhooks', gzipSync('[]'), { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(401);
  });

  it('refuses a corrupt gzip body as malformed_body', async () => {
    const corrupt = Buffer.concat([gzipSync('[1,2,3]').subarray(0, 12), Buffer.from('garbage')]);
    const answer = await post('/hubspot/webhooks', corrupt, { 'content-encoding': 'gzip' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'malformed_body' } });
  });

  it('refuses an unknown Content-Encoding unread', async () => {
    const answer = await post('/hubspot/webhooks', '[]', { 'content-encoding': 'x-squeeze' });
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'unsupported_encoding' } });
  });

  it('refuses a 5,000-event webhook batch (over the 1 MB cap) as too_large', async () => {
    const batch = JSON.stringify(Array.from({ length: 5_000 }, (_, index) => webhookEvent(index)));
    expect(Buffer.byteLength(batch)).toBeGreaterThan(MAX_BODY_BYTES);
    const answer = await post('/hubspot/webhooks', batch);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('refuses a batch of more than 100 events with 400 before checking the signature', async () => {
    const batch = JSON.stringify(Array.from({ length: 150 }, (_, index) => webhookEvent(index)));
    expect(Buffer.byteLength(batch)).toBeLessThan(MAX_BODY_BYTES);
    const answer = await post('/hubspot/webhooks', batch);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'too_many_events' } });
  });

  it('answers a declared 100 MB body from its Content-Length, without waiting for the bytes', async () => {
    const received = await rawExchange(
      'POST /hubspot/webhooks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${100 * 1024 * 1024}\r\n\r\n[]`,
    );
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toMatch(/"code":"too_large"/);
    expect(received).toMatch(/connection: close/i);
    expectNoLeak(received);
  });

  it('closes the socket of a body that is declared but never sent (request timeout)', async () => {
    // 1,000 bytes declared (under the cap, so the edge waits for them), 2 sent, then silence.
    const received = await rawExchange(
      'POST /hubspot/webhooks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n[]',
    );
    // Node answers 408 when the request timeout fires and closes the socket: we got here.
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expectNoLeak(received);
  });

  it('answers an unknown path with the JSON not_found envelope', async () => {
    const response = await fetch(`${baseUrl}/wp-admin/setup.php`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('sets the server timeouts it was given', () => {
    expect(server.headersTimeout).toBe(TEST_TIMEOUTS.headersTimeoutMs);
    expect(server.requestTimeout).toBe(TEST_TIMEOUTS.requestTimeoutMs);
    expect(server.keepAliveTimeout).toBe(TEST_TIMEOUTS.keepAliveTimeoutMs);
  });
});

describe('the error handler', () => {
  it('answers an unexpected failure as internal, without its message, stack or path', async () => {
    const logged: unknown[] = [];
    const logger = createLogger('silent');
    const spy = jest.spyOn(logger, 'error').mockImplementation((entry: unknown) => {
      logged.push(entry);
    });
    const app = express();
    app.get('/boom', () => {
      throw new Error('database password in /srv/app/secret.ts');
    });
    app.use(errorHandler(logger));
    const probe = createHttpServer(app, TEST_TIMEOUTS);
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(
        `http://127.0.0.1:${(probe.address() as AddressInfo).port}/boom`,
      );
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(text).not.toContain('password');
      expectNoLeak(text);
      // The operator still learns what broke: the error goes to the log.
      expect(logged).toHaveLength(1);
    } finally {
      spy.mockRestore();
      probe.closeAllConnections();
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    }
  });
});
