// A portal admin's validation rules, enforced on every CRM write as HubSpot does from API version
// 2026-09 ("HubSpot will enforce admin-configured validation rules on all CRM API write paths":
// conditional required properties, required fields on the Create Record form, …):
// https://developers.hubspot.com/changelog/crm-api-write-validation-enforcement
//
// Two families of rule, configured per portal, object type and property:
// - HubSpot's property validation rules, in the shape of its property-validations API
//   (`{ ruleType, ruleArguments: string[] }`; MIN_LENGTH, MAX_LENGTH, REGEX, ALPHANUMERIC,
//   MIN_NUMBER, MAX_NUMBER are emulated):
//   https://developers.hubspot.com/docs/api-reference/crm-property-validations-v3/guide
// - the changelog's record rules, under local rule types: REQUIRED_WHEN (`[otherProperty,
//   ...values]`: required when the other property holds one of the values, e.g. closedate when
//   dealstage is closedwon) and REQUIRED_ON_CREATE (`[]`: a required field of the create form).
//
// The refusal: 400, category VALIDATION_ERROR, one `errors[]` entry per broken rule with the rule's
// message, code VALIDATION_RULE_VIOLATION, the property in `in` and in `context.propertyName`
// (ErrorDetail in vendor/hubspot-openapi/2026-09/crm-objects.json has `in` and `context`).
// Confirmed: status 400 and category VALIDATION_ERROR (changelog). Unconfirmed: the exact top-level
// message, the code, and which of `in`/`context` HubSpot fills — the changelog's example body is
// elided ("message": "..."). A batch write breaking a rule fails as a whole with that 400: HubSpot's
// batch endpoints are all-or-nothing on validation unless the caller opts in to multi-status with
// `objectWriteTraceId` (https://developers.hubspot.com/docs/api-reference/error-handling, "Multi-status
// errors"), which the product does not do and this portal does not emulate.
import express from 'express';
import type { Response, Router } from 'express';
import { z } from 'zod';
import { fieldErrorsFromZod } from '../domain/errors.ts';
import { CrmApiError } from './crm/hubspot-error.ts';
import { resolveObjectType } from './crm/object-types.ts';
import type { WriteUnderRules } from './state.ts';

/** The rule types this portal enforces. */
export const VALIDATION_RULE_TYPES = [
  'MIN_LENGTH',
  'MAX_LENGTH',
  'REGEX',
  'ALPHANUMERIC',
  'MIN_NUMBER',
  'MAX_NUMBER',
  'REQUIRED_WHEN',
  'REQUIRED_ON_CREATE',
] as const;

/** One rule type. */
export type ValidationRuleType = (typeof VALIDATION_RULE_TYPES)[number];

const numberArgument = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number written as text');

/** One rule as the control API and the seed option take it; zod names the bad field. */
export const validationRuleSchema = z
  .object({
    objectType: z
      .string()
      .min(1)
      .refine((value) => resolveObjectType(value) !== undefined, {
        message: 'is not an object type this portal knows (contacts, companies, deals, leads …)',
      }),
    propertyName: z.string().min(1),
    ruleType: z.enum(VALIDATION_RULE_TYPES),
    ruleArguments: z.array(z.string()).default([]),
    /** The message the admin wrote; a default naming the property otherwise. */
    message: z.string().min(1).max(500).optional(),
  })
  .strict()
  .superRefine((rule, context) => {
    const args = rule.ruleArguments;
    const fail = (message: string) =>
      context.addIssue({ code: 'custom', path: ['ruleArguments'], message });
    switch (rule.ruleType) {
      case 'MIN_LENGTH':
      case 'MAX_LENGTH':
        if (args.length !== 1 || !/^\d+$/.test(args[0] ?? ''))
          fail(`${rule.ruleType} takes one argument: a whole number of characters`);
        break;
      case 'MIN_NUMBER':
      case 'MAX_NUMBER':
        if (args.length !== 1 || !numberArgument.safeParse(args[0]).success)
          fail(`${rule.ruleType} takes one argument: a number`);
        break;
      case 'REGEX':
        if (args.length !== 1) fail('REGEX takes one argument: a regular expression');
        else {
          try {
            new RegExp(args[0]!, 'u');
          } catch {
            fail('REGEX argument is not a valid regular expression');
          }
        }
        break;
      case 'ALPHANUMERIC':
        if (args.length !== 1 || !['ALPHANUMERIC', 'ALPHA_ONLY', 'NUMERIC_ONLY'].includes(args[0]!))
          fail('ALPHANUMERIC takes one argument: ALPHANUMERIC, ALPHA_ONLY or NUMERIC_ONLY');
        break;
      case 'REQUIRED_WHEN':
        if (args.length < 2)
          fail('REQUIRED_WHEN takes the other property, then one or more of its values');
        break;
      case 'REQUIRED_ON_CREATE':
        if (args.length !== 0) fail('REQUIRED_ON_CREATE takes no arguments');
        break;
    }
  });

/** A rule as given. */
export type ValidationRuleInput = z.input<typeof validationRuleSchema>;
/** A checked rule. */
export type ValidationRule = z.output<typeof validationRuleSchema>;

/** The rules of every portal. */
export interface ValidationRules {
  /** Replaces a portal's rules (validated; throws a ZodError naming the field). */
  set(portalId: number, rules: readonly ValidationRuleInput[]): ValidationRule[];
  /** A portal's rules. */
  list(portalId: number): ValidationRule[];
  /** Every problem a write would cause, in rule order; empty when it passes. */
  check(portalId: number, write: WriteUnderRules): RuleViolation[];
}

/** One broken rule. */
export interface RuleViolation {
  propertyName: string;
  ruleType: ValidationRuleType;
  message: string;
}

function defaultMessage(rule: ValidationRule): string {
  const [first, ...rest] = rule.ruleArguments;
  const name = rule.propertyName;
  switch (rule.ruleType) {
    case 'MIN_LENGTH':
      return `${name} must be at least ${first} characters long.`;
    case 'MAX_LENGTH':
      return `${name} must be at most ${first} characters long.`;
    case 'REGEX':
      return `${name} does not match the format the portal requires (${first}).`;
    case 'ALPHANUMERIC':
      return first === 'NUMERIC_ONLY'
        ? `${name} may contain digits only.`
        : first === 'ALPHA_ONLY'
          ? `${name} may contain letters only.`
          : `${name} may contain letters and digits only.`;
    case 'MIN_NUMBER':
      return `${name} must be at least ${first}.`;
    case 'MAX_NUMBER':
      return `${name} must be at most ${first}.`;
    case 'REQUIRED_WHEN':
      return `${name} is required when ${first} is ${rest.join(' or ')}.`;
    case 'REQUIRED_ON_CREATE':
      return `${name} is required to create this record.`;
  }
}

const ALPHANUMERIC_PATTERNS: Record<string, RegExp> = {
  ALPHANUMERIC: /^[\p{L}\p{N}]*$/u,
  ALPHA_ONLY: /^\p{L}*$/u,
  NUMERIC_ONLY: /^\p{N}*$/u,
};

// Whether one rule is broken by a write.
function breaks(rule: ValidationRule, write: WriteUnderRules): boolean {
  const name = rule.propertyName;
  const [first = '', ...rest] = rule.ruleArguments;
  if (rule.ruleType === 'REQUIRED_ON_CREATE') return write.creating && !write.after[name];
  if (rule.ruleType === 'REQUIRED_WHEN') {
    // Checked when the write touches either property (or creates the record): a write that
    // changes neither does not trip over a record that was already out of line.
    const touches = write.creating || first in write.written || name in write.written;
    return touches && rest.includes(write.after[first] ?? '') && !write.after[name];
  }
  // Value rules judge the values this write sets; clearing a value is not checked by them.
  const value = write.written[name];
  if (value === undefined || value === '') return false;
  switch (rule.ruleType) {
    case 'MIN_LENGTH':
      return [...value].length < Number(first);
    case 'MAX_LENGTH':
      return [...value].length > Number(first);
    case 'REGEX':
      return !new RegExp(first, 'u').test(value);
    case 'ALPHANUMERIC':
      return !ALPHANUMERIC_PATTERNS[first]!.test(value);
    case 'MIN_NUMBER':
      return !(Number(value) >= Number(first));
    case 'MAX_NUMBER':
      return !(Number(value) <= Number(first));
  }
}

/** Creates an empty rule book. */
export function createValidationRules(): ValidationRules {
  const byPortal = new Map<number, ValidationRule[]>();
  return {
    set(portalId, rules) {
      const parsed = z.array(validationRuleSchema).parse(rules);
      byPortal.set(portalId, parsed);
      return parsed;
    },
    list(portalId) {
      return [...(byPortal.get(portalId) ?? [])];
    },
    check(portalId, write) {
      return (byPortal.get(portalId) ?? [])
        .filter((rule) => resolveObjectType(rule.objectType) === write.objectType)
        .filter((rule) => breaks(rule, write))
        .map((rule) => ({
          propertyName: rule.propertyName,
          ruleType: rule.ruleType,
          message: rule.message ?? defaultMessage(rule),
        }));
    },
  };
}

/** HubSpot's 400 for a write that breaks validation rules (shape: see the header comment). */
export function createRuleViolationError(violations: readonly RuleViolation[]): CrmApiError {
  const names = [...new Set(violations.map((violation) => violation.propertyName))];
  return new CrmApiError(400, {
    message: `The write breaks the portal's validation rules: ${violations.map((violation) => violation.message).join(' ')}`,
    category: 'VALIDATION_ERROR',
    errors: violations.map((violation) => ({
      message: violation.message,
      code: 'VALIDATION_RULE_VIOLATION',
      in: violation.propertyName,
      context: { propertyName: [violation.propertyName], ruleType: [violation.ruleType] },
    })),
    context: { propertyName: names },
  });
}

const portalIdSchema = z.coerce.number().int().positive();
const putRulesSchema = z.object({ rules: z.array(z.unknown()) }).strict();

/**
 * `/_local/portals/{portalId}/validation-rules`: GET lists a portal's rules, PUT `{ rules: [...] }`
 * replaces them (a 400 names each bad field, e.g. `rules.0.ruleArguments`).
 */
export function createValidationRulesRouter(rules: ValidationRules): Router {
  const router = express.Router();
  const badRequest = (res: Response, errors: { path: string; message: string }[]) =>
    res.status(400).json({ error: 'invalid_request', errors });
  router.get('/_local/portals/:portalId/validation-rules', (req, res) => {
    const portalId = portalIdSchema.safeParse(req.params.portalId);
    if (!portalId.success) {
      badRequest(res, [{ path: 'portalId', message: 'must be a positive integer' }]);
      return;
    }
    res.json({ results: rules.list(portalId.data) });
  });
  router.put('/_local/portals/:portalId/validation-rules', express.json(), (req, res) => {
    const portalId = portalIdSchema.safeParse(req.params.portalId);
    if (!portalId.success) {
      badRequest(res, [{ path: 'portalId', message: 'must be a positive integer' }]);
      return;
    }
    const body = putRulesSchema.safeParse(req.body ?? {});
    if (!body.success) {
      badRequest(res, fieldErrorsFromZod(body.error));
      return;
    }
    const parsed = z.array(validationRuleSchema).safeParse(body.data.rules);
    if (!parsed.success) {
      badRequest(
        res,
        fieldErrorsFromZod(parsed.error).map((error) => ({
          ...error,
          path: `rules.${error.path}`,
        })),
      );
      return;
    }
    res.json({ results: rules.set(portalId.data, parsed.data) });
  });
  return router;
}
