import { Signature } from '@hubspot/api-client';
import fc from 'fast-check';
import {
  buildSignatureSource,
  createSignatureHeaders,
  normaliseUriForSigning,
  signV3,
} from '../../src/local-portal/signing.ts';

describe('the v3 request signature', () => {
  it('equals @hubspot/api-client’s own Signature.getSignature for the same request', () => {
    // GIVEN a request as HubSpot would send it
    const request = {
      clientSecret: 'local-client-secret',
      method: 'POST',
      uri: 'https://backend.example.com/webhooks/hubspot?x=1',
      body: '[{"eventId":1}]',
      timestamp: 1_767_000_000_000,
    };
    // WHEN both sign it
    const ours = signV3(request);
    const theirs = Signature.getSignature('POST', 'v3', {
      signature: '',
      clientSecret: request.clientSecret,
      requestBody: request.body,
      url: request.uri,
      timestamp: request.timestamp,
    });
    // THEN the signatures match, over the documented source string
    expect(ours).toBe(theirs);
    expect(buildSignatureSource(request)).toBe(
      'POSThttps://backend.example.com/webhooks/hubspot?x=1[{"eventId":1}]1767000000000',
    );
  });

  it('matches the official client for any method, URI, body and timestamp', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        fc.webUrl({ withQueryParameters: true }),
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 2 ** 45 }),
        (method, uri, body, clientSecret, timestamp) => {
          const theirs = Signature.getSignature(method, 'v3', {
            signature: '',
            clientSecret,
            requestBody: body,
            url: uri,
            timestamp,
          });
          expect(signV3({ clientSecret, method, uri, body, timestamp })).toBe(theirs);
        },
      ),
    );
  });

  it('sends the signature and the millisecond timestamp in HubSpot’s headers', () => {
    const headers = createSignatureHeaders({
      clientSecret: 's',
      method: 'GET',
      uri: 'https://a.example/x',
      body: '',
      timestamp: 42,
    });
    expect(headers['X-HubSpot-Request-Timestamp']).toBe('42');
    expect(headers['X-HubSpot-Signature-v3']).toBe(
      signV3({
        clientSecret: 's',
        method: 'GET',
        uri: 'https://a.example/x',
        body: '',
        timestamp: 42,
      }),
    );
  });

  it('decodes the characters HubSpot decodes before signing and leaves the rest encoded', () => {
    expect(normaliseUriForSigning('https://a.example/p?userEmail=a%40b.c&q=%20x%3A')).toBe(
      'https://a.example/p?userEmail=a@b.c&q=%20x:',
    );
  });
});
