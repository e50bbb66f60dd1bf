// Two parts of the settings that the loop's analytics and calibration need: the competitor
// catalogue (so "Salesforce" and "salesforce.com" are one competitor) and the scoring model a
// calibration replaced (so the admin can restore it).
import { z } from 'zod';
import { scoringModelSchema } from './scoring/index.ts';

/** Maximum competitors in the catalogue, and aliases per competitor. */
export const MAX_COMPETITORS = 100;
export const MAX_COMPETITOR_ALIASES = 20;
/** Maximum length of a competitor name or alias, in characters. */
export const MAX_COMPETITOR_NAME_LENGTH = 100;

const name = z
  .string({ error: 'expected a name' })
  .trim()
  .min(1, 'must not be blank')
  .max(MAX_COMPETITOR_NAME_LENGTH, `must be at most ${MAX_COMPETITOR_NAME_LENGTH} characters`);

/** One competitor: the name reports show and the other spellings sellers type. */
export const competitorEntrySchema = z.strictObject({
  name,
  aliases: z
    .array(name)
    .max(MAX_COMPETITOR_ALIASES, `expected at most ${MAX_COMPETITOR_ALIASES} aliases`)
    .default([]),
});

/** The catalogue; a name or alias may belong to one competitor only. */
export const competitorCatalogSchema = z
  .array(competitorEntrySchema)
  .max(MAX_COMPETITORS, `expected at most ${MAX_COMPETITORS} competitors`)
  .superRefine((catalog, ctx) => {
    const seen = new Map<string, number>();
    catalog.forEach((entry, index) => {
      [entry.name, ...entry.aliases].forEach((spelling, position) => {
        const key = competitorKey(spelling);
        const owner = seen.get(key);
        if (owner !== undefined && owner !== index) {
          ctx.addIssue({
            code: 'custom',
            path: position === 0 ? [index, 'name'] : [index, 'aliases', position - 1],
            message: `"${spelling}" already belongs to competitor ${owner + 1}`,
          });
        }
        seen.set(key, index);
      });
    });
  });
/** The competitor catalogue. */
export type CompetitorCatalog = z.output<typeof competitorCatalogSchema>;

/**
 * How two spellings are compared: case, accents, punctuation, spaces and a trailing web domain
 * ending are ignored, so "Salesforce", "salesforce.com" and "SalesForce Inc." differ only by what
 * the catalogue's aliases must cover ("inc").
 */
export function competitorKey(spelling: string): string {
  return spelling
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/\.(com|de|io|net|org|co\.uk|ch|at)$/, '')
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * The catalogue's name for what a seller typed: the entry whose name or alias matches, else the
 * typed name itself (trimmed), so an uncatalogued competitor still counts — under its own name.
 */
export function canonicalCompetitor(catalog: CompetitorCatalog, typed: string): string {
  const key = competitorKey(typed);
  const entry = catalog.find((candidate) =>
    [candidate.name, ...candidate.aliases].some((spelling) => competitorKey(spelling) === key),
  );
  return entry?.name ?? typed.trim();
}

/** The scoring model a calibration or a restore replaced, with when and by whom. */
export const previousScoringSchema = z.strictObject({
  scoring: scoringModelSchema,
  /** The settings version that still had this model. */
  version: z.number().int().nonnegative(),
  replacedAt: z.iso.datetime({ offset: true }),
  replacedBy: z.string().min(1).max(64),
});
/** The scoring model a calibration replaced. */
export type PreviousScoring = z.output<typeof previousScoringSchema>;
