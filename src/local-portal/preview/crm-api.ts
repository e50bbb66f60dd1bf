// The CRM side of the preview host: what HubSpot's CRM pages know. The bootstrap (the portal's
// contacts, companies and deals for the searchable pickers and the index pages, the owners as
// acting users, the deal pipelines), a record's properties for the left column and its associated
// records for the right one, the CRM reads behind `fetchCrmObjectProperties`, `useCrmProperties`
// and `useAssociations`, and the stage control of a deal: a stage move is a CRM write from the UI
// (changeSource CRM_UI), as a drag on HubSpot's deal board is, so the portal raises its
// `deal.propertyChange` webhook for it.
import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { parseOr400 } from '../parse-or-400.ts';
import type { Localized } from '../../domain/errors.ts';
import { CrmApiError, type CrmRecord, type PortalState } from '../state.ts';

/** What the CRM routes of the preview need. */
export interface PreviewCrmOptions {
  appId: number;
  timezone?: string;
  backendUrl: string;
  /** The profile's variables for `context.variables` (undefined when it sets none). */
  variables(): Record<string, string> | undefined;
  /** The portal a request names (`?portal=` or `x-local-portal-id`); answers 400/404 itself. */
  portalOf(req: Request, res: Response): PortalState | undefined;
  /** Called after the preview wrote to the CRM (persistence). */
  onWrite?(): void;
}

type ObjectKind = 'contact' | 'deal' | 'company';

const objectParams = z.object({
  type: z.enum(['contact', 'deal', 'company']),
  id: z.string().regex(/^\d+$/, 'must be a record id'),
});
const associationParams = objectParams.extend({ toType: z.enum(['contact', 'deal', 'company']) });

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

/** The plural CRM object type of a preview object kind. */
export const PLURAL: Record<ObjectKind, 'contacts' | 'deals' | 'companies'> = {
  contact: 'contacts',
  deal: 'deals',
  company: 'companies',
};

const stageBody = z.object({ stageId: z.string().min(1).max(100) });

/** Adds /preview/api/bootstrap, records, objects, associations and the deal stage route. */
export function addPreviewCrmRoutes(router: Router, options: PreviewCrmOptions): void {
  const { portalOf } = options;
  router.get('/preview/api/bootstrap', (req, res) => {
    const portal = portalOf(req, res);
    if (!portal) return;
    const owners = portal.listOwners();
    const variables = options.variables();
    res.json({
      ...(variables ? { variables } : {}),
      portalId: portal.portalId,
      appId: options.appId,
      appName: 'Opportunity Plan',
      timezone: options.timezone ?? 'UTC',
      backendUrl: options.backendUrl,
      // Every record with what tells namesakes apart (email, company, stage), and the text a
      // picker searches: name, email and company for contacts; name and domain for companies.
      contacts: portal
        .listObjects('contacts')
        .map((contact) => pickerEntry(portal, 'contact', contact)),
      companies: portal
        .listObjects('companies')
        .map((company) => pickerEntry(portal, 'company', company)),
      deals: portal.listObjects('deals').map((deal) => pickerEntry(portal, 'deal', deal)),
      pipelines: portal.listPipelines('deals').map((pipeline) => ({
        id: pipeline.id,
        label: pipeline.label,
        stages: pipeline.stages
          .filter((stage) => !stage.archived)
          .map((stage) => ({ id: stage.id, label: stage.label })),
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
    const found = recordOr404(portalOf, req, res);
    if (!found) return;
    const { params, portal, record } = found;
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
      ...(params.type === 'deal'
        ? {
            stage: {
              pipelineId: record.properties.pipeline ?? '',
              stageId: record.properties.dealstage ?? '',
            },
          }
        : {}),
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
    const found = recordOr404(portalOf, req, res);
    if (!found) return;
    const { record } = found;
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

  router.post('/preview/api/records/deal/:id/stage', express.json({ limit: '4kb' }), (req, res) => {
    const params = parseOr400(objectParams, { type: 'deal', id: req.params.id }, res);
    const body = params && parseOr400(stageBody, req.body ?? {}, res);
    const portal = body && portalOf(req, res);
    if (!params || !body || !portal) return;
    if (!portal.getObject('deals', params.id)) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    try {
      // Through the portal's CRM write path: its rules apply and its webhooks fire.
      const record = portal.updateObject(
        'deals',
        params.id,
        { dealstage: body.stageId },
        { changeSource: 'CRM_UI' },
      );
      options.onWrite?.();
      res.json({ id: record.id, dealstage: record.properties.dealstage });
    } catch (error) {
      if (!(error instanceof CrmApiError)) throw error;
      res.status(error.status).json(error.body);
    }
  });
}

/** The record a `:type/:id` path names, or undefined once a 400 or 404 was sent. */
function recordOr404(portalOf: PreviewCrmOptions['portalOf'], req: Request, res: Response) {
  const params = parseOr400(objectParams, req.params, res);
  const portal = params && portalOf(req, res);
  if (!params || !portal) return undefined;
  const record = portal.getObject(params.type, params.id);
  if (!record) {
    res.status(404).json({ error: 'not_found' });
    return undefined;
  }
  return { params, portal, record };
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

/** A record as the pickers and index pages list it. */
function pickerEntry(portal: PortalState, type: ObjectKind, record: CrmRecord) {
  const p = record.properties;
  const title = titleOf(type, record);
  const company =
    type === 'contact'
      ? (p.company ??
        portal
          .listAssociations('contacts', record.id, 'companies')
          .map(
            (association) => portal.getObject('companies', association.toObjectId)?.properties.name,
          )
          .find(Boolean) ??
        '')
      : '';
  const details =
    type === 'contact'
      ? [p.email, company, displayValue(portal, 'contact', 'lifecyclestage', p.lifecyclestage)]
      : type === 'deal'
        ? [displayValue(portal, 'deal', 'dealstage', p.dealstage), p.amount]
        : [p.domain, displayValue(portal, 'company', 'industry', p.industry)];
  const detail = details.filter(Boolean).join(' · ');
  return {
    id: record.id,
    title,
    detail,
    label: detail ? `${title} · ${detail}` : title,
    search: [title, p.email, company, p.domain, p.dealname, p.name]
      .filter(Boolean)
      .join(' ')
      .toLowerCase(),
  };
}
