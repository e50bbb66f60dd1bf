import { Signature } from '@hubspot/api-client';
import {
  MAX_SIGNATURE_AGE_MS,
  normaliseSignedUri,
  signV2,
  signV3,
  verifyHubSpotSignature,
} from '../../src/server/http/verify-signature.ts';

const secret = 'test-client-secret';
const now = 1_780_000_000_000;
const uri = 'https://backend.example.com/api/plan?appId=1&portalId=2&userId=3';
const body = JSON.stringify({ section: 'accountTeam', rev: 4 });

function hubspotSigned(
  overrides: Partial<{ method: string; uri: string; body: string; timestamp: number }> = {},
) {
  const request = { method: 'POST', uri, body, timestamp: now - 1000, ...overrides };
  // HubSpot's own client computes the signature: an independent oracle for ours.
  const signature = Signature.getSignature(request.method, 'v3', {
    signature: '',
    clientSecret: secret,
    requestBody: request.body,
    url: request.uri,
    timestamp: request.timestamp,
  });
  return { ...request, signature, timestamp: String(request.timestamp) };
}

describe('verifyHubSpotSignature', () => {
  it('computes the same v3 signature as @hubspot/api-client', () => {
    const signed = hubspotSigned();
    expect(signV3(secret, 'POST', uri, body, signed.timestamp)).toBe(signed.signature);
  });

  it('accepts a request signed by HubSpot within the five-minute window', () => {
    const signed = hubspotSigned();
    expect(verifyHubSpotSignature({ ...signed, rawBody: signed.body }, secret, now)).toEqual({
      valid: true,
      version: 'v3',
    });
  });

  it.each([
    ['a tampered body', { rawBody: body.replace('4', '5') }],
    ['a tampered URL (another portal)', { uri: uri.replace('portalId=2', 'portalId=9') }],
    ['another method', { method: 'GET' }],
    ['a tampered timestamp', { timestamp: String(now - 2000) }],
    ['another secret', { signature: signV3('other', 'POST', uri, body, String(now - 1000)) }],
  ])('rejects %s as invalid_signature', (_case, change) => {
    const signed = hubspotSigned();
    const result = verifyHubSpotSignature(
      { ...signed, rawBody: signed.body, ...change },
      secret,
      now,
    );
    expect(result).toEqual({ valid: false, reason: 'invalid_signature' });
  });

  it('rejects a signature older than five minutes, even when correct', () => {
    const signed = hubspotSigned({ timestamp: now - MAX_SIGNATURE_AGE_MS - 1 });
    expect(verifyHubSpotSignature({ ...signed, rawBody: signed.body }, secret, now)).toEqual({
      valid: false,
      reason: 'stale_timestamp',
    });
  });

  it.each([
    ['missing_signature', { signature: undefined }],
    ['missing_timestamp', { timestamp: undefined }],
    ['invalid_timestamp', { timestamp: 'yesterday' }],
    ['stale_timestamp', { timestamp: String(now + 10 * 60 * 1000) }],
  ])('answers %s for a malformed request', (reason, change) => {
    const signed = hubspotSigned();
    expect(
      verifyHubSpotSignature({ ...signed, rawBody: signed.body, ...change }, secret, now),
    ).toEqual({
      valid: false,
      reason,
    });
  });

  it('decodes the characters HubSpot decodes before signing', () => {
    expect(normaliseSignedUri('https://x.test/a%3Fb?email=a%40b.de&q=%2a%20')).toBe(
      'https://x.test/a?b?email=a@b.de&q=*%20',
    );
  });
});

describe('verifyHubSpotSignature with v2 (workflow actions)', () => {
  const actionUri = 'https://backend.example.com/hubspot/actions/hand-off';
  const actionBody = JSON.stringify({ callbackId: 'cb-1', origin: { portalId: 2 } });

  function v2Signed(overrides: Partial<{ method: string; uri: string; body: string }> = {}) {
    const request = { method: 'POST', uri: actionUri, body: actionBody, ...overrides };
    // The oracle again: HubSpot's client computes v2 = hex(sha256(secret + method + uri + body)).
    const signatureV2 = Signature.getSignature(request.method, 'v2', {
      signature: '',
      clientSecret: secret,
      requestBody: request.body,
      url: request.uri,
    });
    return {
      method: request.method,
      uri: request.uri,
      rawBody: request.body,
      signature: undefined,
      timestamp: undefined,
      signatureV2,
    };
  }

  it('computes the same v2 signature as @hubspot/api-client', () => {
    expect(signV2(secret, 'POST', actionUri, actionBody)).toBe(v2Signed().signatureV2);
  });

  it('accepts a v2-signed request where v2 is accepted, with no timestamp', () => {
    expect(verifyHubSpotSignature(v2Signed(), secret, now, 'v3-or-v2')).toEqual({
      valid: true,
      version: 'v2',
    });
  });

  it('refuses a v2 signature on a v3-only route (cards, webhooks)', () => {
    expect(verifyHubSpotSignature(v2Signed(), secret, now)).toEqual({
      valid: false,
      reason: 'missing_signature',
    });
  });

  it.each([
    ['a tampered body', { rawBody: actionBody.replace('cb-1', 'cb-2') }],
    ['a tampered URL', { uri: `${actionUri}?portalId=9` }],
    ['another method', { method: 'PUT' }],
    ['another secret', { signatureV2: signV2('other', 'POST', actionUri, actionBody) }],
  ])('refuses a v2 call with %s', (_case, change) => {
    expect(verifyHubSpotSignature({ ...v2Signed(), ...change }, secret, now, 'v3-or-v2')).toEqual({
      valid: false,
      reason: 'invalid_signature',
    });
  });

  it('prefers v3 when both are present: a bad v3 does not fall back to a good v2', () => {
    const request = { ...v2Signed(), signature: 'bm9wZQ==', timestamp: String(now - 1000) };
    expect(verifyHubSpotSignature(request, secret, now, 'v3-or-v2')).toEqual({
      valid: false,
      reason: 'invalid_signature',
    });
  });

  it('accepts v3 on a workflow route when HubSpot sends it', () => {
    const signed = hubspotSigned();
    expect(
      verifyHubSpotSignature({ ...signed, rawBody: signed.body }, secret, now, 'v3-or-v2'),
    ).toEqual({ valid: true, version: 'v3' });
  });
});
