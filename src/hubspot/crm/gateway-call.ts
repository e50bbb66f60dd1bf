// The one request function a CRM operation file is given by the gateway (hubspot-gateway.ts): it
// sends through the portal's rate limiter and retry policy and parses a 2xx body with `schema`.
import type { z } from 'zod';
import type { RequestKind } from '../rate-limiter.ts';

/** One HTTP request to HubSpot: a versioned path (api-version.ts), its query and JSON body. */
export interface GatewayRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

/** Sends one request; `idempotent: false` for creates (never retried after a lost answer). */
export type GatewayCall = <T = undefined>(
  kind: RequestKind,
  what: string,
  request: GatewayRequest,
  schema?: z.ZodType<T>,
  options?: { idempotent?: boolean },
) => Promise<T>;
