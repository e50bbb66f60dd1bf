// The backend's HTTP edges, where hostile input arrives before anyone is authenticated: the body
// reader (size checked before reading, inflated size capped, unknown encodings refused), the one
// error handler that answers every failure as the JSON envelope (no stack, no server path), and the
// http server with its timeouts. Everything here runs before a signature is checked, so nothing it
// answers may depend on, or reveal, anything but the request's own shape.
import { createServer, type Server } from 'node:http';
import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Localized } from '../../domain/errors.ts';
import type { Logger } from '../../runtime/logger.ts';

/** hubspot.fetch bodies are at most 1 MB (developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data); webhook batches (≤ 100 events) are far smaller. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** A compressed body may inflate to no more than a plain one may be. */
export const MAX_INFLATED_BYTES = MAX_BODY_BYTES;

/** Every failure the edge answers itself, with its HTTP status and a message a person can read. */
export const EDGE_ERRORS = {
  too_large: {
    status: 413,
    en: `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
    de: `Der Inhalt der Anfrage ist größer als ${MAX_BODY_BYTES} Bytes.`,
  },
  unsupported_encoding: {
    status: 415,
    en: 'The request uses a Content-Encoding this service does not accept (use gzip, deflate, br or none).',
    de: 'Die Anfrage verwendet ein Content-Encoding, das dieser Dienst nicht annimmt (gzip, deflate, br oder keines).',
  },
  malformed_body: {
    status: 400,
    en: 'The request body could not be read (incomplete, or not validly compressed).',
    de: 'Der Inhalt der Anfrage konnte nicht gelesen werden (unvollständig oder fehlerhaft komprimiert).',
  },
  malformed_request: {
    status: 400,
    en: 'The request could not be understood.',
    de: 'Die Anfrage konnte nicht verstanden werden.',
  },
  too_many_events: {
    status: 400,
    en: 'A webhook request holds at most 100 events.',
    de: 'Eine Webhook-Anfrage enthält höchstens 100 Ereignisse.',
  },
  not_found: {
    status: 404,
    en: 'There is nothing at this address.',
    de: 'Unter dieser Adresse gibt es nichts.',
  },
  internal: {
    status: 500,
    en: 'Something went wrong on our side. Please try again.',
    de: 'Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es erneut.',
  },
} as const satisfies Record<string, Localized & { status: number }>;

export type EdgeErrorCode = keyof typeof EDGE_ERRORS;

/** A failure answered at the edge; `next(new EdgeError(…))` reaches the error handler. */
export class EdgeError extends Error {
  readonly code: EdgeErrorCode;
  readonly status: number;
  constructor(code: EdgeErrorCode) {
    super(EDGE_ERRORS[code].en);
    this.code = code;
    this.status = EDGE_ERRORS[code].status;
  }
}

/** The JSON envelope of an edge failure (the card API's `{ ok: false, error }` shape). */
export function edgeEnvelope(code: EdgeErrorCode): {
  ok: false;
  error: { code: EdgeErrorCode; message: Localized };
} {
  const { en, de } = EDGE_ERRORS[code];
  return { ok: false, error: { code, message: { en, de } } };
}

/** The codings HubSpot (or any HTTP client) may reasonably send; anything else is refused. */
const DECODERS: Record<string, (() => Transform) | undefined> = {
  identity: undefined,
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

export interface BodyLimits {
  /** Bytes on the wire (Content-Length, then counted while streaming). */
  maxBytes?: number;
  /** Bytes after decompression. */
  maxInflatedBytes?: number;
}

declare module 'express-serve-static-core' {
  interface Locals {
    /** Set once the edge has read the body into `req.body` (a Buffer). */
    bodyRead?: boolean;
  }
}

/**
 * Reads the body into `req.body` as a Buffer (the raw bytes a signature is computed over), or
 * fails with an EdgeError: the declared length is checked before a byte is read, the stream is
 * counted as it arrives, a compressed body is counted again as it inflates (so a gzip bomb stops
 * at the cap, not in memory), and an unknown Content-Encoding is refused unread. Reading twice is a
 * no-op, so a route may read early (to look at the body before the signature) and still use the
 * signed chain.
 */
export function readBody(limits: BodyLimits = {}): RequestHandler {
  const maxBytes = limits.maxBytes ?? MAX_BODY_BYTES;
  const maxInflated = limits.maxInflatedBytes ?? MAX_INFLATED_BYTES;
  return (req, res, next) => {
    if (res.locals.bodyRead) {
      next();
      return;
    }
    const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (!Object.hasOwn(DECODERS, coding)) {
      next(new EdgeError('unsupported_encoding'));
      return;
    }
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) {
      next(new EdgeError('too_large'));
      return;
    }
    const decoder = DECODERS[coding]?.();
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let bodyBytes = 0;
    let settled = false;
    const settle = (error?: EdgeError) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      decoder?.destroy();
      if (error) {
        // Stop reading; the error handler closes the connection after answering.
        req.pause();
        next(error);
        return;
      }
      req.body = Buffer.concat(chunks);
      res.locals.bodyRead = true;
      next();
    };
    const collect = (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (bodyBytes > maxInflated) settle(new EdgeError('too_large'));
      else chunks.push(chunk);
    };
    const onData = (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes) {
        settle(new EdgeError('too_large'));
        return;
      }
      if (decoder) decoder.write(chunk);
      else collect(chunk);
    };
    if (decoder) {
      decoder.on('data', collect);
      decoder.on('error', () => settle(new EdgeError('malformed_body')));
      decoder.on('end', () => settle());
    }
    req.on('data', onData);
    req.on('end', () => (decoder ? decoder.end() : settle()));
    req.on('error', () => settle(new EdgeError('malformed_body')));
  };
}

/** Answers unknown paths with the JSON envelope. */
export function notFoundHandler(): RequestHandler {
  return (_req, res) => {
    res.status(404).json(edgeEnvelope('not_found'));
  };
}

/**
 * The one error handler: every failure becomes the JSON envelope with a stable code. Express's own
 * handler would render an HTML page with the stack and server paths outside production; this one
 * never sends either (the stack goes to the log, for unexpected errors only).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let code: EdgeErrorCode;
    if (error instanceof EdgeError) code = error.code;
    else {
      // Errors express or its parsers raise carry a 4xx `status` (a malformed URI, …); anything
      // else is ours.
      const status = (error as { status?: unknown } | null)?.status;
      code =
        typeof status === 'number' && status >= 400 && status < 500
          ? status === 413
            ? 'too_large'
            : status === 415
              ? 'unsupported_encoding'
              : 'malformed_request'
          : 'internal';
      if (code === 'internal') logger.error({ err: error, path: req.path }, 'request failed');
    }
    // A body we refused may still be arriving: close the connection instead of reading it.
    if (!req.complete) res.set('Connection', 'close');
    res.status(EDGE_ERRORS[code].status).json(edgeEnvelope(code));
  };
}

/** Server timeouts, ms (Node's http.Server options of the same names). */
export interface ServerTimeouts {
  /** Until the request's headers are in. */
  headersTimeoutMs: number;
  /** Until the whole request (headers and body) is in; Node answers 408 and closes the socket. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above (its default is 30 s). */
  checkIntervalMs: number;
}

/**
 * HubSpot's proxies give a card request 15 s in all and send ≤ 1 MB, so a peer that has not sent
 * its headers in 5 s or its body in 10 s is not HubSpot; keep-alive stays above the 60 s idle
 * timeout common to load balancers in front of a backend (AWS ALB's default), so the balancer,
 * not the backend, closes idle connections.
 * https://nodejs.org/api/http.html#serverrequesttimeout
 */
export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = {
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
  checkIntervalMs: 1_000,
};

/** Creates the http server for `handler` with the timeouts set (not yet listening). */
export function createHttpServer(
  handler: Parameters<typeof createServer>[1],
  timeouts: ServerTimeouts = DEFAULT_SERVER_TIMEOUTS,
): Server {
  const server = createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    handler,
  );
  return server;
}
