// The URI of a signed request as HubSpot signs it, shared by the backend's verifier
// (src/server/http/verify-signature.ts) and the local portal's signer (src/local-portal/signing.ts):
// HubSpot decodes these URL-encoded characters in the URI before signing ("Validate requests",
// https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation).

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

/** The URI as HubSpot signs it: those characters decoded, everything else as sent. */
export function normaliseSignedUri(uri: string): string {
  return uri.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (match) => DECODED_CHARACTERS[match.toUpperCase()] ?? match,
  );
}
