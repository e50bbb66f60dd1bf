// Where the cards find the backend. Each deployment sets its backend URL once, as BACKEND_URL in
// the upload profile (extensions/hsprofile.<name>.json), which also fills app-hsmeta.json's
// permittedUrls.fetch. HubSpot hands profile variables to extensions as `context.variables`
// (declared by @hubspot/ui-extensions 0.17 `BaseContext.variables`; HubSpot's docs do not list it
// yet, so unconfirmed): when present, that value wins; otherwise the default below is used, which is
// the local backend (`npm start`) and is what the local profile sets.

/** The local backend, used when the profile variable is not available. */
export const DEFAULT_BACKEND_URL = 'http://localhost:3000';

/** The backend's base URL (no trailing slash) from the profile variables, or the default. */
export function resolveBackendUrl(variables?: Record<string, unknown>): string {
  const fromProfile = variables?.BACKEND_URL;
  const url =
    typeof fromProfile === 'string' && fromProfile.trim() !== ''
      ? fromProfile.trim()
      : DEFAULT_BACKEND_URL;
  return url.replace(/\/+$/, '');
}
