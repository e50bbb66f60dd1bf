// Every HubSpot-originated route (card fetches, workflow actions, webhooks) is
// `[raw body, verify signature, handler]`: raw body first, verify, then parse (Shopify's habit).
import type { RequestHandler } from 'express';
import { MAX_BODY_BYTES, readBody } from './http-edges.ts';
import { verifyHubSpotSignature, type AcceptedSignatures } from './verify-signature.ts';
import type { Logger } from '../../runtime/logger.ts';

export { MAX_BODY_BYTES };

export interface SignedRouteOptions {
  clientSecret: string;
  /** The public base URL HubSpot calls (scheme + host [+ path prefix]); behind a proxy the
   * request's own host is not what HubSpot signed, so the URI is rebuilt from this. */
  publicBaseUrl: string;
  now: () => number;
  logger: Logger;
  /** 'v3' (default) for cards and webhooks; 'v3-or-v2' for workflow actions (HubSpot signs them v2). */
  accept?: AcceptedSignatures;
}

declare module 'express-serve-static-core' {
  interface Locals {
    /** The raw body exactly as HubSpot signed it. */
    rawBody?: string;
  }
}

/** Middleware chain that verifies HubSpot's signature (v3; v2 where accepted), then parses the JSON body. */
export function verifiedHubSpotRequest(options: SignedRouteOptions): RequestHandler[] {
  const base = new URL(options.publicBaseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const verify: RequestHandler = (req, res, next) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const uri = `${base.protocol}//${base.host}${prefix}${req.originalUrl}`;
    const result = verifyHubSpotSignature(
      {
        method: req.method,
        uri,
        rawBody,
        signature: req.get('x-hubspot-signature-v3'),
        timestamp: req.get('x-hubspot-request-timestamp'),
        signatureV2: req.get('x-hubspot-signature'),
      },
      options.clientSecret,
      options.now(),
      options.accept ?? 'v3',
    );
    if (!result.valid) {
      options.logger.warn(
        { reason: result.reason, path: req.path },
        'rejected an unsigned or badly signed request',
      );
      res.status(401).json({
        ok: false,
        error: { code: result.reason, message: 'The request signature could not be verified.' },
      });
      return;
    }
    res.locals.rawBody = rawBody;
    if (rawBody.length === 0) {
      req.body = undefined;
      next();
      return;
    }
    try {
      req.body = JSON.parse(rawBody) as unknown;
    } catch {
      res.status(400).json({
        ok: false,
        error: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
      });
      return;
    }
    next();
  };
  // The edge reads the body: size before reading, inflated size capped, unknown encodings refused.
  return [readBody(), verify];
}
