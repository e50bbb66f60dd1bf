// Card operations of the account (company card, shared customer profile, reporting lines), mounted
// with the rest of the card API by CARD_OPERATIONS (card-operations.ts). Inputs are checked here.
import { z } from 'zod';
import {
  reportsToBodySchema,
  saveCompanyProfileBodySchema,
  settleProfileBodySchema,
} from '../../contract/card-inputs.ts';
import { fieldErrorsFromZod } from '../../domain/errors.ts';
import { ApiFailure, invalid } from '../http/envelope.ts';
import type { HandlerContext } from '../handlers/context.ts';
import {
  loadCompanyAccount,
  saveCompanyProfile,
  settleProfileCopy,
} from '../handlers/company-account.ts';
import { setReportsTo } from '../handlers/reporting-lines.ts';

type Params = Record<string, unknown>;

const recordIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a HubSpot record id');

/** A record id path parameter; a bad one answers `validation_failed` naming it. */
function recordId(params: Params, name: string): string {
  const value = recordIdSchema.safeParse(params[name]);
  if (value.success) return value.data;
  throw new ApiFailure({
    code: 'validation_failed',
    message: {
      en: `${name} must be a HubSpot record id`,
      de: `${name} muss eine HubSpot-Datensatz-ID sein`,
    },
    fields: [{ path: name, message: 'must be a HubSpot record id' }],
  });
}

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
    body: saveCompanyProfileBodySchema,
    run: async (p: Params, b: Params, ctx: HandlerContext) => {
      const body = saveCompanyProfileBodySchema.safeParse(b);
      if (!body.success) return invalid(fieldErrorsFromZod(body.error));
      return saveCompanyProfile({ companyId: recordId(p, 'companyId'), ...body.data }, ctx);
    },
  },
  'settle-profile-copy': {
    method: 'post',
    path: '/companies/:companyId/profile/settle',
    body: settleProfileBodySchema,
    run: async (p: Params, b: Params, ctx: HandlerContext) => {
      const body = settleProfileBodySchema.safeParse(b);
      if (!body.success) return invalid(fieldErrorsFromZod(body.error));
      return settleProfileCopy({ companyId: recordId(p, 'companyId'), ...body.data }, ctx);
    },
  },
  'set-reports-to': {
    method: 'put',
    path: '/contacts/:contactId/reports-to',
    body: reportsToBodySchema,
    run: async (p: Params, b: Params, ctx: HandlerContext) => {
      const body = reportsToBodySchema.safeParse(b);
      if (!body.success) return invalid(fieldErrorsFromZod(body.error));
      return setReportsTo(
        { contactId: recordId(p, 'contactId'), managerId: body.data.managerId },
        ctx,
      );
    },
  },
} as const;
