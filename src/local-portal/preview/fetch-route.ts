// `POST /_local/hubspot-fetch`: the preview's hubspot.fetch. The preview runtime hands over exactly
// what the card passed to hubspot.fetch (url, method, body, timeout, headers) and who is looking at
// the page (x-local-* headers, as HubSpot's CRM page knows them); fetch-proxy.ts applies HubSpot's
// contract and the signed transport calls the backend. A success is relayed as is; any failure is
// a 502 the runtime turns into the same opaque error for every cause, as the card would meet it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { fieldErrorsFromZod } from '../../domain/errors.ts';
import { LOCAL_USER } from '../oauth.ts';
import { createHubSpotFetchProxy, readPermittedFetchUrls } from './fetch-proxy.ts';
import type { HubSpotFetchProxy, SignedFetch } from './fetch-proxy.ts';

/** The profile the preview plays: its variables and the permitted URLs they resolve. */
export interface PreviewProfile {
  name: string;
  /** `context.variables` as the profile sets them (undefined when it sets none). */
  variables?: Record<string, string>;
  permittedFetchUrls: string[];
}

const profileSchema = z.object({ variables: z.record(z.string(), z.string()).optional() });

/**
 * Reads `extensions/hsprofile.<name>.json` and the app's permittedUrls.fetch under `rootDir`. The
 * preview plays "uploaded with this profile, BACKEND_URL pointed at this backend": a BACKEND_URL the
 * profile sets is replaced by the backend the portal signs calls to; nothing else is added.
 */
export function loadPreviewProfile(options: {
  rootDir: string;
  profile: string;
  backendUrl: string;
}): PreviewProfile {
  const extensions = path.join(options.rootDir, 'extensions');
  const parsed = profileSchema.parse(
    JSON.parse(
      readFileSync(path.join(extensions, `hsprofile.${options.profile}.json`), 'utf8'),
    ) as unknown,
  );
  const variables = parsed.variables
    ? {
        ...parsed.variables,
        ...('BACKEND_URL' in parsed.variables ? { BACKEND_URL: options.backendUrl } : {}),
      }
    : undefined;
  const permittedFetchUrls = readPermittedFetchUrls(
    readFileSync(path.join(extensions, 'app', 'app-hsmeta.json'), 'utf8'),
    variables ?? {},
  );
  return {
    name: options.profile,
    ...(variables ? { variables } : {}),
    permittedFetchUrls,
  };
}

const fetchSchema = z
  .object({
    url: z.string().min(1),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    body: z.record(z.string(), z.unknown()).optional(),
    timeout: z.number().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const identitySchema = z.object({
  portalId: z.coerce.number().int().positive(),
  userId: z.coerce.number().int().positive(),
});

/** The route; `getProfile` is called on first use (the files are read once). */
export function createHubSpotFetchRouter(options: {
  demoPortalId: number;
  getProfile: () => PreviewProfile;
  send: SignedFetch;
}): Router {
  const router = express.Router();
  let proxy: HubSpotFetchProxy | undefined;
  // Bodies above HubSpot's 1 MB must reach the proxy to be refused there, so the parser allows more.
  router.post('/_local/hubspot-fetch', express.json({ limit: '2mb' }), async (req, res) => {
    const input = fetchSchema.safeParse(req.body ?? {});
    const identity = identitySchema.safeParse({
      portalId: req.header('x-local-portal-id') ?? options.demoPortalId,
      userId: req.header('x-local-user-id') ?? LOCAL_USER.userId,
    });
    if (!input.success || !identity.success) {
      res.status(400).json({
        error: 'invalid_request',
        errors: [
          ...(input.success ? [] : fieldErrorsFromZod(input.error)),
          ...(identity.success ? [] : fieldErrorsFromZod(identity.error)),
        ],
      });
      return;
    }
    try {
      proxy ??= createHubSpotFetchProxy({
        permittedUrls: options.getProfile().permittedFetchUrls,
        send: options.send,
      });
    } catch (error) {
      res.status(500).json({ error: 'preview_profile', message: String(error) });
      return;
    }
    const headers = input.data.headers ?? {};
    // HubSpot passes on the Authorization header only.
    const authorization = headers.Authorization ?? headers.authorization;
    const result = await proxy.fetch({
      url: input.data.url,
      method: input.data.method,
      ...(input.data.body === undefined ? {} : { body: input.data.body }),
      ...(input.data.timeout === undefined ? {} : { timeoutMs: input.data.timeout }),
      ...(authorization ? { authorization } : {}),
      portalId: identity.data.portalId,
      userId: identity.data.userId,
      userEmail: req.header('x-local-user-email') ?? LOCAL_USER.userEmail,
    });
    if (!result.ok) {
      res.status(502).json({
        error: 'hubspot_fetch_failed',
        failure: result.failure,
        detail: result.detail,
        attempts: result.attempts,
      });
      return;
    }
    const contentType = result.response.headers['content-type'];
    if (contentType) res.setHeader('content-type', contentType);
    res.status(result.response.status).send(result.response.body);
  });
  return router;
}
