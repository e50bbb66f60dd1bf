// Test harness: the CRM router behind a tiny auth stand-in (the portal id from a header), on
// 127.0.0.1 port 0, driven through the official @hubspot/api-client.
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client } from '@hubspot/api-client';
import { createCrmRouter } from '../../../src/local-portal/crm/router.ts';
import {
  createPortalRegistry,
  type PortalRegistry,
  type PropertyChangeEvent,
} from '../../../src/local-portal/state.ts';

export interface PortalHarness {
  registry: PortalRegistry;
  events: PropertyChangeEvent[];
  basePath: string;
  /** A client whose calls reach `portalId`'s data only. */
  clientFor(portalId: number): Client;
  close(): Promise<void>;
}

/** Starts the harness; the clock starts at 2026-01-15 and advances 1 s per reading. */
export async function startPortalHarness(): Promise<PortalHarness> {
  let now = Date.UTC(2026, 0, 15);
  const events: PropertyChangeEvent[] = [];
  const registry = createPortalRegistry({
    clock: () => (now += 1000),
    onPropertyChange: (event) => events.push(event),
  });
  const app = express();
  app.use((req, res, next) => {
    const header = req.header('x-test-portal');
    if (header) res.locals.portalId = Number(header);
    next();
  });
  app.use(createCrmRouter(registry));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const basePath = `http://127.0.0.1:${port}`;
  return {
    registry,
    events,
    basePath,
    clientFor: (portalId) =>
      new Client({
        accessToken: 'x',
        basePath,
        defaultHeaders: { 'x-test-portal': String(portalId) },
      }),
    close: () =>
      new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}

/** Runs `call`, expecting the client to throw; returns the thrown ApiException's code and body. */
export async function captureApiError(
  call: () => Promise<unknown>,
): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await call();
  } catch (error) {
    const failure = error as { code?: number; body?: Record<string, unknown> };
    if (typeof failure.code === 'number') return { code: failure.code, body: failure.body ?? {} };
    throw error;
  }
  throw new Error('expected the call to fail');
}
