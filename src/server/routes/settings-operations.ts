// Card operations of the settings page: read the settings with what the pickers offer (owners,
// teams, pipelines, the portal's contact properties with labels, types and options), save them
// (compare-and-set on the version), search a contact for the score preview and score it with the
// edited model. Mounted with the rest of the card API by CARD_OPERATIONS (card-operations.ts).
import { z } from 'zod';
import { fingerprintModel } from '../../jobs/rescore.ts';
import type { ContactMatchView, PropertyView, TeamView } from '../../contract/card-api.ts';
import { previewScoreBodySchema, saveSettingsBodySchema } from '../../contract/card-inputs.ts';
import { fieldErrorsFromZod } from '../../domain/errors.ts';
import {
  evaluate,
  explainScore,
  propertiesReadBy,
  validateModel,
  withPropertyLabels,
} from '../../domain/scoring/index.ts';
import { validateSettings } from '../../domain/settings.ts';
import type { CrmOwner, CrmPropertyDefinition } from '../../hubspot/gateway.ts';
import { fail, invalid, ok } from '../http/envelope.ts';
import type { HandlerContext } from '../handlers/context.ts';
import type { OperationContext } from './card-operations.ts';
import { contactName, ownerViews, scoreView } from '../read-models/views.ts';

type Params = Record<string, unknown>;
type Context = OperationContext;

/** Contacts the preview's search offers at most. */
export const CONTACT_SEARCH_LIMIT = 10;
/** Contacts read to match a search of several words (HubSpot's page size limit is 200). */
const CONTACT_SEARCH_SCAN = 100;

/**
 * The portal's contact properties, or none when HubSpot refuses to list them (the page then lets
 * the admin type internal names, as before). Hidden properties are left out.
 */
async function contactProperties(ctx: HandlerContext): Promise<CrmPropertyDefinition[]> {
  try {
    return (await ctx.gateway.listProperties('contacts')).filter((property) => !property.hidden);
  } catch (error) {
    ctx.logger.warn({ err: error }, 'contact properties could not be listed for the settings page');
    return [];
  }
}

function propertyViews(properties: readonly CrmPropertyDefinition[]): PropertyView[] {
  return properties
    .map(({ name, label, type, fieldType, options }) => ({ name, label, type, fieldType, options }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The teams the portal's owners belong to (HubSpot's owners API lists them per owner). */
function teamViews(owners: readonly CrmOwner[]): TeamView[] {
  const teams = new Map<string, string>();
  for (const owner of owners) for (const team of owner.teams ?? []) teams.set(team.id, team.name);
  return [...teams]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const searchSchema = z
  .string({ error: 'type a name or an email address' })
  .trim()
  .min(2, 'type at least 2 characters')
  .max(100, 'type at most 100 characters');

export const SETTINGS_OPERATIONS = {
  'get-settings': {
    method: 'get',
    path: '/settings',
    repairsSettings: true,
    run: async (_p: Params, _b: Params, ctx: Context) => {
      const [owners, pipelines, properties] = await Promise.all([
        ctx.listOwners(),
        ctx.gateway.listPipelines('deals'),
        contactProperties(ctx),
      ]);
      const damage = ctx.settingsDamage;
      return ok({
        version: ctx.settingsVersion,
        settings: ctx.settings,
        ...(damage
          ? {
              damaged: {
                record: damage.record,
                property: damage.property,
                problem: damage.problem,
              },
            }
          : {}),
        owners: ownerViews(owners, ctx.settings),
        pipelines: pipelines.map((pipeline) => ({
          id: pipeline.id,
          label: pipeline.label,
          stages: pipeline.stages.map((stage) => ({ id: stage.id, label: stage.label })),
        })),
        contactProperties: propertyViews(properties),
        teams: teamViews(owners),
      });
    },
  },
  'put-settings': {
    method: 'put',
    path: '/settings',
    repairsSettings: true,
    body: saveSettingsBodySchema,
    run: async (_p: Params, b: Params, ctx: Context) => {
      const body = saveSettingsBodySchema.safeParse(b);
      if (!body.success) return invalid(fieldErrorsFromZod(body.error));
      const validated = validateSettings(body.data.settings);
      if (!validated.ok)
        return invalid(
          validated.errors.map((error) => ({ ...error, path: `settings.${error.path}` })),
        );
      // Rules on a portal property without a label get the portal's label, so explanations read
      // "Annual revenue is at least …" instead of the internal name.
      const labels = new Map(
        (await contactProperties(ctx)).map((property) => [property.name, property.label]),
      );
      const settings = {
        ...validated.value,
        scoring: withPropertyLabels(validated.value.scoring, labels),
      };
      const written = await ctx.store.putSettings(ctx.portalId, settings, {
        expectedVersion: body.data.version,
        updatedBy: ctx.userId,
      });
      if (!written.ok) {
        return fail(
          'conflict',
          {
            en: 'Someone else changed the settings meanwhile. Reload them, then apply your change again.',
            de: 'Jemand anderes hat die Einstellungen inzwischen geändert. Laden Sie sie neu und übernehmen Sie Ihre Änderung erneut.',
          },
          { current: { version: written.currentVersion } },
        );
      }
      // A changed scoring model makes every stored score stale: a full rescore brings them in line
      // (the qualification card says so while it runs).
      if (fingerprintModel(settings.scoring) !== fingerprintModel(ctx.settings.scoring))
        await ctx.rescore?.start({ ...ctx, settings });
      return ok({ version: written.version, settings });
    },
  },
  'search-contacts': {
    method: 'get',
    path: '/settings/contacts',
    run: async (p: Params, _b: Params, ctx: Context) => {
      const query = searchSchema.safeParse(p.query);
      if (!query.success)
        return invalid([{ path: 'query', message: query.error.issues[0]!.message }]);
      // Free-text search over the contacts' default searchable properties (name, email, phone,
      // company): https://developers.hubspot.com/docs/api/crm/search#search-default-searchable-properties
      // HubSpot matches the query as one term, so "Anna Schmidt" is searched by its longest word
      // and the other words are matched here against the name and email.
      const words = query.data.toLowerCase().split(/\s+/).filter(Boolean);
      const longest = words.reduce((a, b) => (b.length > a.length ? b : a), '');
      const page = await ctx.gateway.search('contacts', {
        query: words.length > 1 ? longest : query.data,
        filterGroups: [],
        properties: ['firstname', 'lastname', 'email'],
        limit: words.length > 1 ? CONTACT_SEARCH_SCAN : CONTACT_SEARCH_LIMIT,
      });
      const matchesEveryWord = (values: (string | null | undefined)[]) => {
        const tokens = values.flatMap((value) => (value ?? '').toLowerCase().split(/[\s@.]+/));
        return words.every((word) => tokens.some((token) => token.startsWith(word)));
      };
      const found = page.results
        .filter((contact) => {
          const { firstname, lastname, email } = contact.properties;
          return words.length < 2 || matchesEveryWord([firstname, lastname, email]);
        })
        .slice(0, CONTACT_SEARCH_LIMIT);
      return ok(
        found.map((contact): ContactMatchView => {
          const name = contactName(contact.properties, contact.id);
          return { id: contact.id, name, email: contact.properties.email ?? null };
        }),
      );
    },
  },
  'preview-score': {
    method: 'post',
    path: '/settings/preview-score',
    body: previewScoreBodySchema,
    run: async (_p: Params, b: Params, ctx: Context) => {
      const model = validateModel(b.model);
      if (!model.ok)
        return invalid(model.errors.map((error) => ({ ...error, path: `model.${error.path}` })));
      const body = previewScoreBodySchema.safeParse(b);
      if (!body.success) return invalid(fieldErrorsFromZod(body.error));
      const labels = new Map(
        (await contactProperties(ctx)).map((property) => [property.name, property.label]),
      );
      const labelled = withPropertyLabels(model.value, labels);
      const contact = await ctx.gateway.getContact(body.data.contactId, propertiesReadBy(labelled));
      const result = evaluate(contact.properties, labelled, ctx.now);
      return ok(scoreView(result, explainScore(contact.properties, labelled, result, ctx.now)));
    },
  },
} as const;
