// Card operations of the account (company card, shared customer profile, reporting lines), mounted
// with the rest of the card API by CARD_OPERATIONS (card-operations.ts). Inputs are checked here.
import {
  putDraftBodySchema,
  reportsToBodySchema,
  saveCompanyProfileBodySchema,
  settleProfileBodySchema,
} from '../../contract/card-inputs.ts';
import { parsedBody, recordId } from './params.ts';
import type { HandlerContext } from '../handlers/context.ts';
import {
  loadCompanyAccount,
  saveCompanyProfile,
  settleProfileCopy,
} from '../handlers/company-account.ts';
import { deleteDrafts, listDrafts, putDraft } from '../handlers/drafts.ts';
import { setReportsTo } from '../handlers/reporting-lines.ts';

type Params = Record<string, unknown>;

/** The company of a `:companyId` path, as the record its profile's draft belongs to. */
const companyOf = (p: Params) => ({
  objectType: 'company' as const,
  recordId: recordId(p, 'companyId'),
});

export const ACCOUNT_OPERATIONS = {
  'get-company-account': {
    method: 'get',
    path: '/companies/:companyId/account',
    run: (p: Params, _b: Params, ctx: HandlerContext) =>
      loadCompanyAccount({ companyId: recordId(p, 'companyId') }, ctx),
  },
  'save-company-profile': {
    method: 'put',
    path: '/companies/:companyId/profile',
    ...parsedBody(saveCompanyProfileBodySchema, (p, body, ctx: HandlerContext) =>
      saveCompanyProfile({ companyId: recordId(p, 'companyId'), ...body }, ctx),
    ),
  },
  // The profile's unsaved edit (one section, customerProfile), kept per user like a plan's drafts.
  'get-company-profile-draft': {
    method: 'get',
    path: '/companies/:companyId/profile/draft',
    run: (p: Params, _b: Params, ctx: HandlerContext) => listDrafts({ record: companyOf(p) }, ctx),
  },
  'put-company-profile-draft': {
    method: 'put',
    path: '/companies/:companyId/profile/draft',
    ...parsedBody(putDraftBodySchema, (p, draft, ctx: HandlerContext) =>
      putDraft({ record: companyOf(p), section: 'customerProfile', draft }, ctx),
    ),
  },
  'delete-company-profile-draft': {
    method: 'delete',
    path: '/companies/:companyId/profile/draft',
    run: (p: Params, _b: Params, ctx: HandlerContext) =>
      deleteDrafts({ record: companyOf(p) }, ctx),
  },
  'settle-profile-copy': {
    method: 'post',
    path: '/companies/:companyId/profile/settle',
    ...parsedBody(settleProfileBodySchema, (p, body, ctx: HandlerContext) =>
      settleProfileCopy({ companyId: recordId(p, 'companyId'), ...body }, ctx),
    ),
  },
  'set-reports-to': {
    method: 'put',
    path: '/contacts/:contactId/reports-to',
    ...parsedBody(reportsToBodySchema, (p, { managerId }, ctx: HandlerContext) =>
      setReportsTo({ contactId: recordId(p, 'contactId'), managerId }, ctx),
    ),
  },
} as const;
