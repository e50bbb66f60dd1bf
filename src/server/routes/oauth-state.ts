// The OAuth `state` parameter: signed and expiring, so a callback cannot be forged or replayed
// later (RFC 6749 §10.12, CSRF protection). Format: base64url(JSON payload) "." base64url(HMAC).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long an install link stays valid. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export interface OAuthStatePayload {
  /** When the install started (epoch ms). */
  issuedAt: number;
  /** A random nonce so two installs never share a state. */
  nonce: string;
}

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`oauth-state.${body}`).digest('base64url');
}

/** Creates a signed state for an install started at `now`. */
export function createOAuthState(secret: string, now: number, nonce: string): string {
  const body = Buffer.from(
    JSON.stringify({ issuedAt: now, nonce } satisfies OAuthStatePayload),
  ).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** Verifies a state from the callback: untampered and younger than OAUTH_STATE_TTL_MS. */
export function verifyOAuthState(
  secret: string,
  state: string | undefined,
  now: number,
):
  | { valid: true; payload: OAuthStatePayload }
  | { valid: false; reason: 'missing_state' | 'invalid_state' | 'expired_state' } {
  if (!state) return { valid: false, reason: 'missing_state' };
  const [body, signature] = state.split('.');
  if (!body || !signature) return { valid: false, reason: 'invalid_state' };
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { valid: false, reason: 'invalid_state' };
  }
  let payload: OAuthStatePayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as OAuthStatePayload;
  } catch {
    return { valid: false, reason: 'invalid_state' };
  }
  if (
    typeof payload.issuedAt !== 'number' ||
    now - payload.issuedAt > OAUTH_STATE_TTL_MS ||
    payload.issuedAt - now > 60_000
  ) {
    return { valid: false, reason: 'expired_state' };
  }
  return { valid: true, payload };
}
