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
import type { Localized } from '../../domain/errors.ts';
import type { CrmRecord, PortalRegistry, PortalState } from '../state.ts';
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
}

type ObjectKind = 'contact' | 'deal' | 'company';

const objectParams = z.object({
  type: z.enum(['contact', 'deal', 'company']),
  id: z.string().regex(/^\d+$/, 'must be a record id'),
});
const associationParams = objectParams.extend({ toType: z.enum(['contact', 'deal', 'company']) });
const portalQuery = z.object({ portal: z.coerce.number().int().positive().optional() });

/** The standard properties shown in the record's "About" section, per object type. */
const ABOUT_PROPERTIES: Record<ObjectKind, string[]> = {
  contact: [
    'email',
    'jobtitle',
    'company',
    'phone',
    'country',
    'lifecyclestage',
    'hs_lead_status',
    'hubspot_owner_id',
  ],
  deal: ['amount', 'dealstage', 'pipeline', 'closedate', 'hubspot_owner_id', 'createdate'],
  company: [
    'domain',
    'industry',
    'numberofemployees',
    'annualrevenue',
    'lifecyclestage',
    'hubspot_owner_id',
  ],
};

const ABOUT_TITLES: Record<ObjectKind, Localized> = {
  contact: { en: 'About this contact', de: 'Über diesen Kontakt' },
  deal: { en: 'About this deal', de: 'Über diesen Deal' },
  company: { en: 'About this company', de: 'Über dieses Unternehmen' },
};
const APP_SECTION_TITLE: Localized = { en: 'Opportunity Plan', de: 'Opportunity Plan' };
const ASSOCIATION_TITLES: Record<ObjectKind, Localized> = {
  contact: { en: 'Contacts', de: 'Kontakte' },
  deal: { en: 'Deals', de: 'Deals' },
  company: { en: 'Companies', de: 'Unternehmen' },
};
/** Which associated records the right column lists, per record type. */
const ASSOCIATED: Record<ObjectKind, ObjectKind[]> = {
  contact: ['company', 'deal'],
  deal: ['contact', 'company'],
  company: ['contact', 'deal'],
};
/** The prefix of the app's own CRM properties (src/domain/properties.ts). */
const APP_PREFIX = 'op_';

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

  router.get('/preview/api/bootstrap', (req, res) => {
    const portal = portalOf(req, res);
    if (!portal) return;
    const owners = portal.listOwners();
    let variables: Record<string, string> | undefined;
    try {
      // `context.variables` only as the profile sets them (none when it sets none).
      variables = getProfile().variables;
    } catch {
      variables = undefined;
    }
    res.json({
      ...(variables ? { variables } : {}),
      portalId: portal.portalId,
      appId: options.appId,
      appName: 'Opportunity Plan',
      timezone: options.timezone ?? 'UTC',
      backendUrl: options.backendUrl,
      contacts: portal.listObjects('contacts').map((contact) => ({
        id: contact.id,
        label: `${titleOf('contact', contact)} · ${displayValue(portal, 'contact', 'lifecyclestage', contact.properties.lifecyclestage)}`,
      })),
      deals: portal.listObjects('deals').map((deal) => ({
        id: deal.id,
        label: `${titleOf('deal', deal)} · ${displayValue(portal, 'deal', 'dealstage', deal.properties.dealstage)}`,
      })),
      owners: owners.map((owner) => ({
        id: owner.id,
        userId: owner.userId,
        email: owner.email,
        firstName: owner.firstName,
        lastName: owner.lastName,
        team: owner.teams.find((team) => team.primary)?.id ?? owner.teams[0]?.id ?? '',
      })),
    });
  });

  router.get('/preview/api/records/:type/:id', (req, res) => {
    const params = parseOr400(objectParams, req.params, res);
    const portal = params && portalOf(req, res);
    if (!params || !portal) return;
    const record = portal.getObject(params.type, params.id);
    if (!record) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    const field = (name: string) => ({
      name,
      label: portal.getProperty(params.type, name)?.label ?? name,
      value: displayValue(portal, params.type, name, record.properties[name]),
    });
    const appFields = portal
      .listProperties(params.type)
      .filter((definition) => definition.name.startsWith(APP_PREFIX) && !definition.hidden)
      .sort((a, b) => a.displayOrder - b.displayOrder || a.name.localeCompare(b.name))
      .map((definition) => field(definition.name));
    res.json({
      id: record.id,
      objectType: params.type,
      title: titleOf(params.type, record),
      subtitle: subtitleOf(portal, params.type, record),
      sections: [
        { title: ABOUT_TITLES[params.type], fields: ABOUT_PROPERTIES[params.type].map(field) },
        ...(appFields.length > 0 ? [{ title: APP_SECTION_TITLE, fields: appFields }] : []),
      ],
      associations: ASSOCIATED[params.type].map((toType) => ({
        objectType: toType,
        title: ASSOCIATION_TITLES[toType],
        records: portal
          .listAssociations(params.type, params.id, toType)
          .map((association) => portal.getObject(toType, association.toObjectId))
          .filter((entry): entry is CrmRecord => entry !== undefined)
          .map((entry) => ({
            id: entry.id,
            title: titleOf(toType, entry),
            subtitle: subtitleOf(portal, toType, entry),
          })),
      })),
    });
  });

  router.get('/preview/api/objects/:type/:id', (req, res) => {
    const params = parseOr400(objectParams, req.params, res);
    const portal = params && portalOf(req, res);
    if (!params || !portal) return;
    const record = portal.getObject(params.type, params.id);
    if (!record) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    res.json({ id: record.id, properties: pick(record, req.query.properties) });
  });

  router.get('/preview/api/objects/:type/:id/associations/:toType', (req, res) => {
    const params = parseOr400(associationParams, req.params, res);
    const portal = params && portalOf(req, res);
    if (!params || !portal) return;
    if (!portal.getObject(params.type, params.id)) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    res.json({
      results: portal.listAssociations(params.type, params.id, params.toType).map((association) => {
        const target = portal.getObject(params.toType, association.toObjectId);
        return {
          toObjectId: Number(association.toObjectId),
          associationTypes: association.associationTypes,
          properties: target ? pick(target, req.query.properties) : {},
        };
      }),
    });
  });

  return router;
}

function parseOr400<S extends z.ZodType>(schema: S, input: unknown, res: Response) {
  const result = schema.safeParse(input);
  if (!result.success) {
    res.status(400).json({ error: 'invalid_request', errors: fieldErrorsFromZod(result.error) });
    return undefined;
  }
  return result.data as z.output<S>;
}

/** The requested properties (comma-separated), or all of them; absent ones are left out. */
function pick(record: CrmRecord, requested: unknown): Record<string, string> {
  if (typeof requested !== 'string' || requested.trim() === '' || requested.trim() === '*') {
    return { ...record.properties };
  }
  const names = requested.split(',').map((name) => name.trim());
  return Object.fromEntries(
    names
      .filter((name) => record.properties[name] !== undefined)
      .map((name) => [name, record.properties[name]!]),
  );
}

function titleOf(type: ObjectKind, record: CrmRecord): string {
  const p = record.properties;
  if (type === 'contact') {
    return [p.firstname, p.lastname].filter(Boolean).join(' ') || p.email || `#${record.id}`;
  }
  if (type === 'deal') return p.dealname || `#${record.id}`;
  return p.name || p.domain || `#${record.id}`;
}

function subtitleOf(portal: PortalState, type: ObjectKind, record: CrmRecord): string {
  const p = record.properties;
  if (type === 'contact') return p.email ?? '';
  if (type === 'deal') {
    return [displayValue(portal, 'deal', 'dealstage', p.dealstage), p.amount ? `${p.amount}` : '']
      .filter(Boolean)
      .join(' · ');
  }
  return p.domain ?? '';
}

/** A value as HubSpot's UI shows it: option labels, owner names, stage labels. */
function displayValue(
  portal: PortalState,
  type: ObjectKind,
  name: string,
  value: string | undefined,
): string {
  if (value === undefined || value === '') return '';
  if (name === 'hubspot_owner_id') {
    const owner = portal.getOwner(value);
    return owner ? `${owner.firstName} ${owner.lastName}` : value;
  }
  if (type === 'deal' && name === 'dealstage') {
    for (const pipeline of portal.listPipelines('deals')) {
      const stage = pipeline.stages.find((entry) => entry.id === value);
      if (stage) return stage.label;
    }
    return value;
  }
  if (type === 'deal' && name === 'pipeline') {
    return portal.getPipeline('deals', value)?.label ?? value;
  }
  const definition = portal.getProperty(type, name);
  const option = definition?.options.find((entry) => entry.value === value);
  return option?.label ?? value;
}
