// Card operations of the account (company card, shared customer profile, reporting lines), mounted
// with the rest of the card API by CARD_OPERATIONS (card-operations.ts). Inputs are checked here.
import { z } from 'zod';
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

const revSchema = z.number().int().nonnegative();
const sourceSchema = z.union([
  z.literal('carriedOver'),
  z
    .string()
    .regex(
      /^deal:\d{1,20}$/,
      'must be "carriedOver" or "deal:<deal id>"',
    ) as z.ZodType<`deal:${string}`>,
]);

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
    run: async (p: Params, b: Params, ctx: HandlerContext) => {
      const rev = revSchema.safeParse(b.rev);
      if (!rev.success)
        return invalid([{ path: 'rev', message: 'send the revision you edited (a whole number)' }]);
      return saveCompanyProfile(
        { companyId: recordId(p, 'companyId'), rev: rev.data, content: b.content },
        ctx,
      );
    },
  },
  'settle-profile-copy': {
    method: 'post',
    path: '/companies/:companyId/profile/settle',
    run: async (p: Params, b: Params, ctx: HandlerContext) => {
      const body = z
        .object({
          rev: revSchema,
          source: sourceSchema,
          version: z.string().min(1).max(64),
          take: z.boolean(),
        })
        .safeParse(b);
      if (!body.success)
        return invalid(
          body.error.issues.map((issue) => ({
            path: issue.path.join('.') || '(root)',
            message: issue.message,
          })),
        );
      return settleProfileCopy({ companyId: recordId(p, 'companyId'), ...body.data }, ctx);
    },
  },
  'set-reports-to': {
    method: 'put',
    path: '/contacts/:contactId/reports-to',
    run: async (p: Params, b: Params, ctx: HandlerContext) => {
      const manager = recordIdSchema.nullable().safeParse(b.managerId);
      if (!manager.success)
        return invalid([
          { path: 'managerId', message: 'choose a contact (a HubSpot record id) or none' },
        ]);
      return setReportsTo({ contactId: recordId(p, 'contactId'), managerId: manager.data }, ctx);
    },
  },
} as const;
