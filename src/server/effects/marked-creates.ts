// Creates HubSpot has no idempotent form of (notes, tasks) carry a marker in their body, so a retry
// of an operation whose create answer was lost can search for it before creating it again. Used by
// the effect runner (./effect-runner.ts) and the stage-gate enforcement.
import { createHash } from 'node:crypto';
import type { CrmGateway } from '../../hubspot/gateway.ts';

/**
 * The marker a note of a durable operation carries, so a retry can tell whether the note was
 * written (HubSpot has no idempotent note create). Letters and digits only: CRM search's
 * CONTAINS_TOKEN matches whole tokens. https://developers.hubspot.com/docs/api/crm/search
 */
export function noteMarker(portalId: number, operationId: string, index: number): string {
  const digest = createHash('sha256').update(`${portalId}:${operationId}:${index}`).digest('hex');
  return `opref${digest.slice(0, 24)}`;
}

/**
 * How long a note whose create answer was lost waits before the search that decides whether it
 * exists: HubSpot's search index lags writes "by seconds" (HUBSPOT.md, Search); 30 s is a margin
 * over that, in ms.
 */
export const NOTE_SEARCH_LAG_MS = 30_000;

/**
 * Whether a note or task whose create answer was lost (at `inDoubtSince`) exists after all, found
 * by the marker in its body. Until HubSpot's search index has had NOTE_SEARCH_LAG_MS to catch up,
 * throws `Wait` saying that `subject` may exist and how long the index is given.
 */
export async function createdWithMarker(
  ctx: { now: Date; gateway: Pick<CrmGateway, 'search'> },
  created: { objectType: 'notes' | 'tasks'; marker: string; inDoubtSince: number },
  subject: string,
  Wait: new (message: string) => Error,
): Promise<boolean> {
  const { objectType, marker } = created;
  const waited = ctx.now.getTime() - created.inDoubtSince;
  if (waited < NOTE_SEARCH_LAG_MS) {
    throw new Wait(
      `${subject} may exist; HubSpot's search index is given ` +
        `${Math.ceil((NOTE_SEARCH_LAG_MS - waited) / 1000)} s more`,
    );
  }
  const property = objectType === 'notes' ? 'hs_note_body' : 'hs_task_body';
  const found = await ctx.gateway.search(objectType, {
    // Wildcards: in the body's text the marker may touch markup (`…</p>`).
    filterGroups: [
      { filters: [{ propertyName: property, operator: 'CONTAINS_TOKEN', value: `*${marker}*` }] },
    ],
    properties: [property],
    limit: 1,
  });
  return found.results.length > 0;
}
