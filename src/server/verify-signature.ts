// HubSpot request validation, v3 — https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
// One pure function with numbered steps (bolt-js's verify-request habit). Validation returns a
// result instead of throwing; the comparison is constant-time; the clock tolerance is a constant.
import { createHmac, timingSafeEqual } from 'node:crypto';

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
  signature: string | undefined;
  timestamp: string | undefined;
}

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

/** HubSpot decodes these URL-encoded characters in the URI before signing (same page). */
const DECODED_CHARACTERS: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** Normalises a URI the way HubSpot does before it signs it. */
export function normaliseSignedUri(uri: string): string {
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (match) => DECODED_CHARACTERS[match.toUpperCase()] ?? match,
  );
}

/** Verifies a v3-signed request at time `now` (epoch ms). */
export function verifyHubSpotSignature(
  request: SignedRequest,
  clientSecret: string,
  now: number,
): { valid: true } | { valid: false; reason: SignatureFailure } {
  // 1. Both headers must be present.
  if (!request.signature) return { valid: false, reason: 'missing_signature' };
  if (!request.timestamp) return { valid: false, reason: 'missing_timestamp' };
  // 2. The timestamp is epoch milliseconds, not older than 5 minutes (nor far in the future).
  if (!/^\d{1,16}$/.test(request.timestamp)) return { valid: false, reason: 'invalid_timestamp' };
  const age = now - Number(request.timestamp);
  if (age > MAX_SIGNATURE_AGE_MS || age < -MAX_CLOCK_SKEW_MS) {
    return { valid: false, reason: 'stale_timestamp' };
  }
  // 3. Recompute the signature over method + normalised URI + raw body + timestamp.
  const expected = Buffer.from(
    signV3(
      clientSecret,
      request.method,
      normaliseSignedUri(request.uri),
      request.rawBody,
      request.timestamp,
    ),
    'utf8',
  );
  const given = Buffer.from(request.signature, 'utf8');
  // 4. Compare in constant time (lengths first: timingSafeEqual needs equal lengths).
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { valid: false, reason: 'invalid_signature' };
  }
  return { valid: true };
}
