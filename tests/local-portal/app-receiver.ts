// A tiny stand-in for the backend: records every request and verifies HubSpot's signature (v3, or
// v2 when X-HubSpot-Signature-Version says so) with @hubspot/api-client's own
// Signature.getSignature (an oracle independent of the signer under test).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Signature } from '@hubspot/api-client';
import { normaliseUriForSigning } from '../../src/local-portal/signing.ts';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  signatureValid: boolean;
  /** The version the request was signed with. */
  signatureVersion: 'v2' | 'v3';
}

export interface AppReceiver {
  baseUrl: string;
  received: ReceivedRequest[];
  /** Statuses to answer with, in order; 200 once they run out. */
  statuses: number[];
  /** Body to answer with. */
  responseBody: string;
  close(): Promise<void>;
}

export async function startAppReceiver(clientSecret: string): Promise<AppReceiver> {
  const state = {
    received: [] as ReceivedRequest[],
    statuses: [] as number[],
    responseBody: '{"ok":true}',
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const address = server.address() as AddressInfo;
      const uri = normaliseUriForSigning(`http://127.0.0.1:${address.port}${req.url ?? ''}`);
      const signatureVersion = req.headers['x-hubspot-signature-version'] === 'v2' ? 'v2' : 'v3';
      const expected = Signature.getSignature(req.method ?? '', signatureVersion, {
        signature: '',
        clientSecret,
        requestBody: body,
        // v2 signs the URL as called; v3 the normalised one.
        url: signatureVersion === 'v2' ? `http://127.0.0.1:${address.port}${req.url ?? ''}` : uri,
        timestamp: Number(req.headers['x-hubspot-request-timestamp']),
      });
      const given =
        signatureVersion === 'v2'
          ? req.headers['x-hubspot-signature']
          : req.headers['x-hubspot-signature-v3'];
      state.received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        signatureValid: given === expected,
        signatureVersion,
      });
      res.statusCode = state.statuses.shift() ?? 200;
      res.setHeader('content-type', 'application/json');
      res.end(state.responseBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get received() {
      return state.received;
    },
    get statuses() {
      return state.statuses;
    },
    set statuses(value: number[]) {
      state.statuses = value;
    },
    get responseBody() {
      return state.responseBody;
    },
    set responseBody(value: string) {
      state.responseBody = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
