// The request bodies of the card API, declared once as the zod schemas the backend parses them
// with (src/server/routes/*-operations.ts, src/server/handlers/*). The contract (card-api.ts,
// account.ts) exports their input types (`z.input`), and the cards type their bodies with those, so
// what a card sends and what the backend accepts cannot drift apart
// (tests/cards/card-api-contract.test.ts parses every body the cards send with these schemas).
//
// Backend only at runtime: the cards see this module through the contract's `import type`, which
// is erased when HubSpot bundles them (eslint.config.js allows extensions/ nothing else from src/).
//
// A part that a domain function checks with its own paths and messages (section content, the
// settings, a scoring model) is carried as `checkedBy(validator)`: typed as what that validator
// returns, and handed to it unchanged by the route.
import { z } from 'zod';
import { assessmentEntrySchema, competitorAssessmentSchema } from '../domain/assessment/index.ts';
import type { ProfileSourceKey } from '../domain/account/profile.ts';
import type { Validated } from '../domain/errors.ts';
import type { SectionContentMap, SectionKey } from '../domain/plan/index.ts';
import { MAX_SECTION_JSON_SIZE, measureUtf8Bytes } from '../domain/plan/index.ts';
import { validateModel } from '../domain/scoring/index.ts';
import { validateSettings } from '../domain/settings.ts';

/** A body part the route hands to `validate` unchanged, typed as what that returns. */
const checkedBy = <T>(_validate: (input: unknown) => Validated<T>): z.ZodType<T, T> =>
  z.custom<T>();

/** A part a domain handler checks (section content per section key), typed as the domain's. */
const checkedByDomain = <T>(): z.ZodType<T, T> => z.custom<T>();

/** A whole number ≥ 0 (a revision, a settings version); every failure says `message`. */
const wholeNumber = (message: string) =>
  z.number({ error: message }).int(message).nonnegative(message);

const HUBSPOT_RECORD_ID = /^\d{1,20}$/;

const versionSchema = z.number().int().nonnegative();

// ---------------------------------------------------------------------------------------------
// The deal

/** Body of PUT /api/deals/{dealId}/plan/{section}: the content is checked per section. */
export const saveSectionBodySchema = z.object({
  rev: wholeNumber('send the revision you edited (a whole number)'),
  content: checkedByDomain<SectionContentMap[SectionKey]>(),
});

/**
 * The largest draft content kept, in UTF-8 bytes of its JSON. A draft is unsaved text and may be
 * larger than a section may be stored (MAX_SECTION_JSON_SIZE, the textarea budget: the card shows
 * a field over its limit while the user types, and the draft must not be lost meanwhile), so the
 * bound is four times that, rounded up to 256 KiB: room for any edit, no room to fill the store.
 */
export const MAX_DRAFT_JSON_BYTES = 256 * 1024;

const isJsonObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON object of at most `maxBytes` (as UTF-8 JSON); not checked as section content. */
const boundedJsonObject = (what: string, maxBytes: number) =>
  z
    .custom<object>(isJsonObject, `${what} must be a JSON object`)
    .refine(
      (value) => measureUtf8Bytes(JSON.stringify(value)) <= maxBytes,
      `${what} must be at most ${maxBytes} bytes as JSON`,
    );

/** Body of PUT /api/deals/{dealId}/drafts/{section}: the acting user's unsaved edit. */
export const putDraftBodySchema = z.strictObject({
  baseRev: wholeNumber('send the revision the draft started from (a whole number)'),
  content: boundedJsonObject('the draft', MAX_DRAFT_JSON_BYTES),
  /** The stored content at `baseRev`; it was saved, so it fits a section. */
  baseContent: boundedJsonObject('the base content', MAX_SECTION_JSON_SIZE),
});

/** Body of POST /api/deals/{dealId}/assessments: the stored entry's own fields. */
export const assessmentBodySchema = assessmentEntrySchema.pick({
  answers: true,
  expectedDecisionDate: true,
  note: true,
});

/** Body of POST /api/deals/{dealId}/competitors/{competitorId}/assessment */
export const competitorAssessmentBodySchema = competitorAssessmentSchema.pick({
  answers: true,
  note: true,
});

/** Body of POST /api/deals/{dealId}/move-to-next-stage */
export const moveToNextStageBodySchema = z.strictObject({
  /** The stage the card showed (a deal moved meanwhile is not moved again). */
  fromStageId: z.string().min(1, 'send the stage the deal is in').max(100),
  /** The next stage the card offered. */
  toStageId: z.string().min(1, 'send the stage to move to').max(100),
});

// ---------------------------------------------------------------------------------------------
// The lifecycle: hand-off and return

/**
 * The card's id for one user action, generated once and sent again with every retry of it, so a
 * retry completes or replays the first attempt instead of deciding anew (issue 13).
 */
export const operationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, "-" or "_"')
  .optional();

/** How a hand-off treats the contact's existing open deals. */
export const existingDealChoiceSchema = z.discriminatedUnion('mode', [
  /** Open a new deal (or reopen the loop's own deal), as before. */
  z.strictObject({ mode: z.literal('new') }),
  /** Adopt this open deal of the contact. */
  z.strictObject({
    mode: z.literal('adopt'),
    dealId: z.string().regex(HUBSPOT_RECORD_ID, 'must be a HubSpot deal id'),
  }),
  /** Adopt the newest open deal of the contact if there is one, else open a new deal. */
  z.strictObject({ mode: z.literal('adopt_newest') }),
]);

/** Body of POST /api/contacts/{contactId}/hand-off */
export const handOffBodySchema = z.strictObject({
  operationId: operationIdSchema,
  salesOwner: z.discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('explicit'),
      ownerId: z.string().regex(HUBSPOT_RECORD_ID, 'must be a HubSpot owner id'),
    }),
    z.strictObject({ mode: z.literal('round_robin') }),
    z.strictObject({ mode: z.literal('keep') }),
  ]),
  dealName: z.string().trim().max(200).optional(),
  /** Adopt an open deal of the contact instead of opening a new one (absent: a new deal). */
  existingDeal: existingDealChoiceSchema.optional(),
});

/** Body of both return-to-marketing routes (the deal's and the contact's). */
export const returnBodySchema = z.strictObject({
  operationId: operationIdSchema,
  reason: z.string().min(1, 'choose a reason').max(64),
  note: z.string().max(1000).optional(),
});

// ---------------------------------------------------------------------------------------------
// Settings and calibration

/** Body of PUT /api/settings: the settings are checked by validateSettings. */
export const saveSettingsBodySchema = z.object({
  version: wholeNumber('send the settings version you edited'),
  settings: checkedBy(validateSettings),
});

/** Body of POST /api/settings/preview-score: the model is checked by validateModel. */
export const previewScoreBodySchema = z.object({
  model: checkedBy(validateModel),
  contactId: z.string({ error: 'choose a contact' }).regex(HUBSPOT_RECORD_ID, 'choose a contact'),
});

/** Body of POST /api/settings/calibration/apply: the changes the admin reviewed. */
export const applyCalibrationBodySchema = z.strictObject({
  version: versionSchema,
  proposal: z.strictObject({
    rules: z.array(z.strictObject({ ruleId: z.string().max(64), to: z.number().int() })).max(2000),
    thresholds: z.array(z.strictObject({ threshold: z.literal('sql'), to: z.number() })).max(1),
  }),
});

/** Body of POST /api/settings/calibration/restore */
export const restoreScoringBodySchema = z.strictObject({ version: versionSchema });

// ---------------------------------------------------------------------------------------------
// The account

const revisionSchema = wholeNumber('send the revision you edited (a whole number)');

/** Body of PUT /api/companies/{companyId}/profile: the content is the customer profile section. */
export const saveCompanyProfileBodySchema = z.object({
  rev: revisionSchema,
  content: checkedByDomain<SectionContentMap['customerProfile']>(),
});

/** Body of POST /api/companies/{companyId}/profile/settle */
export const settleProfileBodySchema = z.object({
  rev: z.number().int().nonnegative(),
  source: z.union([
    z.literal('carriedOver'),
    z.string().regex(/^deal:\d{1,20}$/, 'must be "carriedOver" or "deal:<deal id>"') as z.ZodType<
      Extract<ProfileSourceKey, `deal:${string}`>,
      Extract<ProfileSourceKey, `deal:${string}`>
    >,
  ]),
  version: z.string().min(1).max(64),
  take: z.boolean(),
});

/** Body of PUT /api/contacts/{contactId}/reports-to: a manager, or null for none. */
export const reportsToBodySchema = z.object({
  managerId: z
    .string({ error: 'choose a contact (a HubSpot record id) or none' })
    .regex(HUBSPOT_RECORD_ID, 'choose a contact (a HubSpot record id) or none')
    .nullable(),
});
