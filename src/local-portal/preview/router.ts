// The card preview host of the local portal: GET /preview serves a page that runs the project's
// real cards, settings page and app page in the browser (bundled by ./build.ts on the first request
// and kept), and /preview/api/… serves what HubSpot's CRM page knows: the portal's contacts, deals
// and owners for the pickers, the record's properties for the left column, the associated records
// for the right one, and the CRM reads behind `fetchCrmObjectProperties`, `useCrmProperties` and
// `useAssociations`. The cards' own backend calls go through /_local/hubspot-fetch
// (fetch-route.ts), which applies HubSpot's hubspot.fetch contract and signs them as HubSpot does.
// These routes sit before the portal's OAuth middleware: like HubSpot's own UI, they are not calls
// of the app's API.
import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { fieldErrorsFromZod } from '../../domain/errors.ts';
import type { PortalRegistry, PortalState } from '../state.ts';
import { addPreviewCrmRoutes } from './crm-api.ts';
import { renderLandingPage } from './landing.ts';
import { buildPreviewBundle } from './build.ts';
import type { PreviewBundle } from './build.ts';
import { renderPreviewPage } from './page.ts';
import { createHubSpotFetchRouter, loadPreviewProfile } from './fetch-route.ts';
import type { PreviewProfile } from './fetch-route.ts';
import type { SignedFetch } from './fetch-proxy.ts';

/** What the preview host needs. */
export interface PreviewOptions {
  registry: PortalRegistry;
  demoPortalId: number;
  appId: number;
  /** The backend's base URL: the cards' BACKEND_URL profile variable. */
  backendUrl: string;
  /** The project root holding hsproject.json and extensions/ (default: the working directory). */
  rootDir?: string;
  /** The portal's time zone in `context.portal.timezone` (default UTC). */
  timezone?: string;
  /** Builds the bundle (default: buildPreviewBundle on rootDir); tests may pass a prebuilt one. */
  loadBundle?: () => Promise<PreviewBundle>;
  /** The upload profile the preview plays (extensions/hsprofile.<name>.json; default `local`). */
  profile?: string;
  /** The signed transport behind the preview's hubspot.fetch (the portal's appCaller.proxyFetch). */
  send?: SignedFetch;
  /** Called after the preview wrote to the CRM (a deal's stage move), e.g. to persist. */
  onWrite?: () => void;
}

const portalQuery = z.object({ portal: z.coerce.number().int().positive().optional() });

/** Creates the router of /preview and /preview/api/…. */
export function createPreviewRouter(options: PreviewOptions): Router {
  const router = express.Router();
  const rootDir = options.rootDir ?? process.cwd();
  const loadBundle = options.loadBundle ?? (() => buildPreviewBundle({ rootDir }));
  let bundle: Promise<PreviewBundle> | undefined;
  const getBundle = () => {
    // Built once, on first use, so `npm start` stays fast; a failed build is retried next time.
    bundle ??= loadBundle().catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
    return bundle;
  };

  let profile: PreviewProfile | undefined;
  const getProfile = () =>
    (profile ??= loadPreviewProfile({
      rootDir,
      profile: options.profile ?? 'local',
      backendUrl: options.backendUrl,
    }));
  if (options.send) {
    router.use(
      createHubSpotFetchRouter({
        demoPortalId: options.demoPortalId,
        getProfile,
        send: options.send,
      }),
    );
  }

  const portalOf = (req: Request, res: Response): PortalState | undefined => {
    const header = req.header('x-local-portal-id');
    const parsed = portalQuery.safeParse({ portal: req.query.portal ?? header });
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', errors: fieldErrorsFromZod(parsed.error) });
      return undefined;
    }
    const portal = options.registry.get(parsed.data.portal ?? options.demoPortalId);
    if (!portal) res.status(404).json({ error: 'portal_not_found' });
    return portal;
  };

  // The portal's root is where a new user lands first: a page that says what runs here and links
  // to the preview, instead of the OAuth error an API path answers without a token.
  router.get('/', (_req, res) => {
    res.type('html').send(renderLandingPage({ demoPortalId: options.demoPortalId }));
  });
  // Browsers ask for it on every page; without it the OAuth middleware would answer 401.
  router.get('/favicon.ico', (_req, res) => {
    res.type('image/svg+xml').setHeader('cache-control', 'max-age=86400').send(FAVICON_SVG);
  });

  router.get('/preview', (_req, res) => {
    res.type('html').send(renderPreviewPage());
  });

  router.get('/preview/bundle.js', async (_req, res) => {
    try {
      const built = await getBundle();
      res.type('application/javascript').setHeader('cache-control', 'no-cache').send(built.code);
    } catch (error) {
      res
        .status(500)
        .type('text/plain')
        .send(
          `Building the preview failed: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  });

  addPreviewCrmRoutes(router, {
    appId: options.appId,
    ...(options.timezone ? { timezone: options.timezone } : {}),
    backendUrl: options.backendUrl,
    variables: () => {
      try {
        // `context.variables` only as the profile sets them (none when it sets none).
        return getProfile().variables;
      } catch {
        return undefined;
      }
    },
    portalOf,
    ...(options.onWrite ? { onWrite: options.onWrite } : {}),
  });

  return router;
}

/** HubSpot's sprocket-orange hexagon, the preview's tab icon. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#ff7a59" d="M16 2l12 7v14l-12 7-12-7V9z"/></svg>';
