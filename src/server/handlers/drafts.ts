// The acting user's unsaved plan and company-profile edits (issue 18): UI extensions run in a
// worker without storage or `beforeunload`, so a browser reload would lose what was typed; the
// card puts each section's draft here about a second after the last keystroke and restores it after a reload. Drafts are
// keyed by the portal and user of the signed request (never by a body), so nobody reads another
// user's drafts; the store ignores and purges those older than DRAFT_MAX_AGE_MS.
import type {
  DeletedDraftsView,
  DraftsView,
  PutDraftInput,
  SectionDraftView,
} from '../../contract/card-api.ts';
import type { SectionKey } from '../../domain/plan/index.ts';
import type { DraftObjectType, SectionDraftRecord } from '../../store/store.ts';
import { ApiFailure, ok, type ApiResult } from '../http/envelope.ts';
import type { HandlerContext } from './context.ts';

const HUBSPOT_USER_ID = /^\d{1,20}$/;

/** The record a draft belongs to: a deal (its plan) or a company (its profile). */
export interface DraftRecordRef {
  objectType: DraftObjectType;
  recordId: string;
}

/** Whose drafts of which record: the signed request's portal and user; refused without a user. */
function ownerOf(ctx: HandlerContext, record: DraftRecordRef) {
  if (!HUBSPOT_USER_ID.test(ctx.userId)) {
    throw new ApiFailure({
      code: 'rejected',
      message: {
        en: 'Drafts are kept per HubSpot user, and this request names none.',
        de: 'Entwürfe werden je HubSpot-Benutzer gespeichert, und diese Anfrage nennt keinen.',
      },
      fields: [{ path: 'userId', message: 'must be the HubSpot user of the signed request' }],
    });
  }
  return { portalId: ctx.portalId, userId: ctx.userId, ...record };
}

const view = (draft: SectionDraftRecord): SectionDraftView =>
  ({
    section: draft.section as SectionKey,
    content: draft.content,
    baseRev: draft.baseRev,
    baseContent: draft.baseContent,
    updatedAt: new Date(draft.updatedAt).toISOString(),
  }) as SectionDraftView;

/** GET /api/deals/{dealId}/drafts, GET /api/companies/{companyId}/drafts */
export async function listDrafts(
  input: { record: DraftRecordRef },
  ctx: HandlerContext,
): Promise<ApiResult<DraftsView>> {
  const drafts = await ctx.store.listDrafts(ownerOf(ctx, input.record));
  return ok({ drafts: drafts.map(view) });
}

/** PUT /api/deals/{dealId}/drafts/{section} (and the company's): the body is parsed by the route. */
export async function putDraft(
  input: { record: DraftRecordRef; section: SectionKey; draft: PutDraftInput },
  ctx: HandlerContext,
): Promise<ApiResult<SectionDraftView>> {
  const stored = await ctx.store.putDraft(
    { ...ownerOf(ctx, input.record), section: input.section },
    input.draft,
  );
  return ok(view(stored));
}

/** DELETE …/drafts[/{section}]: one section's draft, or all of the record's. */
export async function deleteDrafts(
  input: { record: DraftRecordRef; section?: SectionKey },
  ctx: HandlerContext,
): Promise<ApiResult<DeletedDraftsView>> {
  const deleted = await ctx.store.deleteDrafts({
    ...ownerOf(ctx, input.record),
    ...(input.section === undefined ? {} : { section: input.section }),
  });
  return ok({ deleted });
}
