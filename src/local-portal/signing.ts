// HubSpot's v3 request signature, as HubSpot computes it when it calls an app (webhooks, workflow
// actions, hubspot.fetch):
// https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
// signature = base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), sent in
// X-HubSpot-Signature-v3 with the timestamp (epoch ms) in X-HubSpot-Request-Timestamp.
import { createHash, createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-HubSpot-Signature-v3';
export const TIMESTAMP_HEADER = 'X-HubSpot-Request-Timestamp';

/** What HubSpot signs for one request. */
export interface SignatureInput {
  clientSecret: string;
  method: string;
  /** The full URI HubSpot calls: scheme, host, path and query string. */
  uri: string;
  /** The raw request body ('' when there is none). */
  body: string;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** The source string HubSpot hashes: method + uri + body + timestamp. */
export function buildSignatureSource(input: Omit<SignatureInput, 'clientSecret'>): string {
  return `${input.method.toUpperCase()}${input.uri}${input.body}${input.timestamp}`;
}

/** Computes the v3 signature. */
export function signV3(input: SignatureInput): string {
  return createHmac('sha256', input.clientSecret)
    .update(buildSignatureSource(input), 'utf8')
    .digest('base64');
}

/** The two headers HubSpot adds to a signed request. */
export function createSignatureHeaders(input: SignatureInput): Record<string, string> {
  return {
    [SIGNATURE_HEADER]: signV3(input),
    [TIMESTAMP_HEADER]: String(input.timestamp),
  };
}

/** The v2 headers: HubSpot signs custom workflow-action requests this way. */
export const SIGNATURE_V2_HEADER = 'X-HubSpot-Signature';
export const SIGNATURE_VERSION_HEADER = 'X-HubSpot-Signature-Version';

/**
 * v2 = hex(SHA-256(clientSecret + method + uri + body)), no timestamp; "Requests made for your custom
 * action will use the v2 version of the X-HubSpot-Signature":
 * https://developers.hubspot.com/docs/api/automation/custom-workflow-actions
 */
export function createSignatureV2Headers(
  input: Omit<SignatureInput, 'timestamp'>,
): Record<string, string> {
  const signature = createHash('sha256')
    .update(`${input.clientSecret}${input.method.toUpperCase()}${input.uri}${input.body}`, 'utf8')
    .digest('hex');
  return { [SIGNATURE_V2_HEADER]: signature, [SIGNATURE_VERSION_HEADER]: 'v2' };
}

/** The URI as HubSpot signs it (one home: src/domain/signed-uri.ts). */
export { normaliseSignedUri as normaliseUriForSigning } from '../domain/signed-uri.ts';
