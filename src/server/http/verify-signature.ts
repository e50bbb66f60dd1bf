// HubSpot request validation — https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
// One pure function with numbered steps (bolt-js's verify-request habit). Validation returns a
// result instead of throwing; the comparison is constant-time; the clock tolerance is a constant.
// v3 everywhere; v2 only where HubSpot still sends it: custom workflow actions ("Requests made for
// your custom action will use the v2 version of the X-HubSpot-Signature" —
// https://developers.hubspot.com/docs/api/automation/custom-workflow-actions).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { normaliseSignedUri } from '../../domain/signed-uri.ts';

export { normaliseSignedUri };

/** HubSpot: reject a request whose timestamp is older than 5 minutes. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;
/** Clock skew we tolerate for timestamps from the future. */
export const MAX_CLOCK_SKEW_MS = 60 * 1000;

export type SignatureFailure =
  | 'missing_signature'
  | 'missing_timestamp'
  | 'invalid_timestamp'
  | 'stale_timestamp'
  | 'invalid_signature';

export interface SignedRequest {
  method: string;
  /** The full URI as HubSpot called it: scheme, host, path and query string. */
  uri: string;
  rawBody: string;
  /** X-HubSpot-Signature-v3. */
  signature: string | undefined;
  timestamp: string | undefined;
  /** X-HubSpot-Signature (v2), read only when the caller accepts v2. */
  signatureV2?: string | undefined;
}

/** Which signature versions a route accepts: cards and webhooks v3 only; workflow actions v3, else v2. */
export type AcceptedSignatures = 'v3' | 'v3-or-v2';

/** The version a request was verified with. */
export type SignatureVersion = 'v2' | 'v3';

/** Computes HubSpot's v3 signature: base64(HMAC-SHA256(secret, method + uri + body + timestamp)). */
export function signV3(
  clientSecret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', clientSecret)
    .update(`${method.toUpperCase()}${uri}${body}${timestamp}`, 'utf8')
    .digest('base64');
}

/**
 * Computes HubSpot's v2 signature: hex(SHA-256(clientSecret + method + uri + body)); no timestamp,
 * the URI as HubSpot called it (same page, "v2 signature").
 */
export function signV2(clientSecret: string, method: string, uri: string, body: string): string {
  return createHash('sha256')
    .update(`${clientSecret}${method.toUpperCase()}${uri}${body}`, 'utf8')
    .digest('hex');
}

/** Constant-time comparison of two signature strings (lengths first: timingSafeEqual needs them equal). */
function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Verifies a signed request at time `now` (epoch ms); v2 only when `accepted` is 'v3-or-v2'. */
export function verifyHubSpotSignature(
  request: SignedRequest,
  clientSecret: string,
  now: number,
  accepted: AcceptedSignatures = 'v3',
): { valid: true; version: SignatureVersion } | { valid: false; reason: SignatureFailure } {
  // 1. v3 when present (it is the stronger one: timestamped, HMAC); v2 only where accepted and
  //    the v3 header is absent — a bad v3 never falls back to v2.
  if (!request.signature && accepted === 'v3-or-v2' && request.signatureV2) {
    // 2 (v2). Recompute hex(SHA-256(secret + method + URI + body)) and compare in constant time.
    //    v2 carries no timestamp, so there is no age check (replays are caught by the callbackId).
    const expected = signV2(clientSecret, request.method, request.uri, request.rawBody);
    if (!sameSignature(expected, request.signatureV2.toLowerCase())) {
      return { valid: false, reason: 'invalid_signature' };
    }
    return { valid: true, version: 'v2' };
  }
  // 2. Both v3 headers must be present.
  if (!request.signature) return { valid: false, reason: 'missing_signature' };
  if (!request.timestamp) return { valid: false, reason: 'missing_timestamp' };
  // 3. The timestamp is epoch milliseconds, not older than 5 minutes (nor far in the future).
  if (!/^\d{1,16}$/.test(request.timestamp)) return { valid: false, reason: 'invalid_timestamp' };
  const age = now - Number(request.timestamp);
  if (age > MAX_SIGNATURE_AGE_MS || age < -MAX_CLOCK_SKEW_MS) {
    return { valid: false, reason: 'stale_timestamp' };
  }
  // 4. Recompute the signature over method + normalised URI + raw body + timestamp.
  const expected = signV3(
    clientSecret,
    request.method,
    normaliseSignedUri(request.uri),
    request.rawBody,
    request.timestamp,
  );
  // 5. Compare in constant time.
  if (!sameSignature(expected, request.signature)) {
    return { valid: false, reason: 'invalid_signature' };
  }
  return { valid: true, version: 'v3' };
}
