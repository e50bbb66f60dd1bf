// OAuth install — https://developers.hubspot.com/docs/api/oauth-quickstart-guide
// GET /oauth/install redirects to HubSpot's consent page with a signed, expiring state;
// GET /oauth/callback verifies it, exchanges the code (POST /oauth/2026-09/token), learns the portal
// from the token response (or token introspection), stores the installation, sets up the portal's
// schema and its recurring jobs (src/jobs/queue.ts PORTAL_SCHEDULES; every step is idempotent, so
// a failed install is retried by installing again) and shows a clear success or failure page.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { OAuthClient } from '../../hubspot/oauth-client.ts';
import type { InstallationStore } from '../../runtime/token-manager.ts';
import type { Logger } from '../../runtime/logger.ts';
import { createOAuthState, verifyOAuthState } from './oauth-state.ts';
import { renderPage } from './pages.ts';

/** The scopes the app requires; they match extensions/app/app-hsmeta.json's requiredScopes. */
export const REQUIRED_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'crm.objects.owners.read',
  'crm.schemas.contacts.write',
  'crm.schemas.companies.write',
  'crm.schemas.deals.write',
  'automation',
] as const;

/**
 * Optional scopes (app-hsmeta.json's optionalScopes): HubSpot grants them where the installing
 * account has access — the Leads object exists on Sales Hub only — and the install succeeds
 * without them elsewhere (`optional_scope` of the install URL).
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/app-configuration
 */
export const OPTIONAL_SCOPES = ['crm.objects.leads.read', 'crm.objects.leads.write'] as const;

export interface OAuthRouteDeps {
  clientId: string;
  clientSecret: string;
  publicBaseUrl: string;
  authorizeUrl: string;
  oauth: OAuthClient;
  store: InstallationStore;
  /** Creates the app's properties, group and association labels in the portal (idempotent). */
  ensureSchema: (portalId: number) => Promise<unknown>;
  /** Schedules the portal's recurring jobs (idempotent); the uninstall removes them. */
  setUpJobs?: (portalId: number) => Promise<unknown>;
  /** Runs after a successful install (the first scoring of every contact); must not throw. */
  onInstalled?: (portalId: number) => void;
  now: () => number;
  logger: Logger;
}

const callbackQuery = z.object({
  code: z.string().min(1, 'HubSpot sent no authorization code').optional(),
  state: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** The install and callback routes. */
export function createOAuthRouter(deps: OAuthRouteDeps): Router {
  const router = Router();
  const redirectUri = `${deps.publicBaseUrl}/oauth/callback`;

  router.get('/oauth/install', (req, res) => {
    const url = new URL(deps.authorizeUrl);
    url.searchParams.set('client_id', deps.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', REQUIRED_SCOPES.join(' '));
    url.searchParams.set('optional_scope', OPTIONAL_SCOPES.join(' '));
    url.searchParams.set('state', createOAuthState(deps.clientSecret, deps.now(), randomUUID()));
    // The local portal takes the portal to install into; HubSpot lets the user pick it.
    const portalId = typeof req.query.portal_id === 'string' ? req.query.portal_id : undefined;
    if (portalId && /^\d+$/.test(portalId)) url.searchParams.set('portal_id', portalId);
    res.redirect(302, url.toString());
  });

  router.get('/oauth/callback', async (req, res) => {
    const query = callbackQuery.safeParse(req.query);
    const fail = (status: number, en: string, de: string) =>
      res
        .status(status)
        .type('html')
        .send(renderPage({ ok: false, en, de }));
    if (!query.success || query.data.error) {
      const reason = query.success
        ? (query.data.error_description ?? query.data.error)
        : 'malformed callback';
      return fail(
        400,
        `HubSpot did not grant access: ${reason}.`,
        `HubSpot hat den Zugriff nicht gewährt: ${reason}.`,
      );
    }
    const state = verifyOAuthState(deps.clientSecret, query.data.state, deps.now());
    if (!state.valid) {
      return fail(
        400,
        `This install link is ${state.reason === 'expired_state' ? 'expired' : 'not valid'}. Start the installation again.`,
        `Dieser Installationslink ist ${state.reason === 'expired_state' ? 'abgelaufen' : 'ungültig'}. Bitte starten Sie die Installation erneut.`,
      );
    }
    if (!query.data.code) {
      return fail(
        400,
        'HubSpot sent no authorization code.',
        'HubSpot hat keinen Autorisierungscode gesendet.',
      );
    }
    try {
      const { grant, ...tokens } = await deps.oauth.exchangeCode(query.data.code, redirectUri);
      // The 2026-09 token response names the portal and scopes; introspect only when it does not.
      const info = grant ?? (await deps.oauth.getTokenInfo(tokens.accessToken));
      await deps.store.saveInstallation({
        portalId: info.portalId,
        scopes: info.scopes,
        ...tokens,
      });
      await deps.ensureSchema(info.portalId);
      await deps.setUpJobs?.(info.portalId);
      deps.logger.info({ portalId: info.portalId }, 'app installed');
      deps.onInstalled?.(info.portalId);
      res
        .status(200)
        .type('html')
        .send(
          renderPage({
            ok: true,
            en: `Opportunity Plan is installed in portal ${info.portalId}. Open a deal to start its plan.`,
            de: `Opportunity Plan ist im Portal ${info.portalId} installiert. Öffnen Sie einen Deal, um seinen Plan zu beginnen.`,
          }),
        );
    } catch (error) {
      deps.logger.error({ err: error }, 'installation failed');
      const message = error instanceof Error ? error.message : String(error);
      fail(
        502,
        `The installation failed: ${message}`,
        `Die Installation ist fehlgeschlagen: ${message}`,
      );
    }
  });

  return router;
}
