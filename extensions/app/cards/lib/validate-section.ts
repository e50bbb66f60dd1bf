// What the card checks before it sends a section: everything a user can fix in the form, with the
// limits of the domain's section schemas (src/domain/plan/sections.ts; tests/cards/validate-section
// checks the numbers agree): a list entry without a name, a text over its length, a list over its
// size, a deadline without a date, a date that does not exist or has no four-digit year, a malformed
// code, an amount out of range. The backend validates all of it again; its field errors come back
// with the same dotted paths.
import type { I18n } from './i18n.ts';
import type { SectionContentMap, SectionKey } from './types.ts';

/** Field problems by dotted path (`steps.1.name`), each message a catalogue text. */
export type FieldErrors = Record<string, string>;

interface ValidationTexts {
  required: string;
  currency: string;
  monthDay: string;
  /** "Enter an amount from 0 to {max}" with the limit already in words. */
  amountRange: string;
  /** "An amount cannot be negative": the message a negative amount gets. */
  amountNegative: string;
  /** "Enter a whole number from 0 to {max}". */
  countRange: string;
  /** "At most {max} characters" for a short text (a name, a role, a list entry). */
  nameTooLong: string;
  /** The same for a long text (notes, descriptions). */
  textTooLong: string;
  /** "At most {max} entries". */
  tooManyItems: string;
  /** A date that does not exist or that the plan cannot store. */
  invalidDate: string;
}

/** The section limits of the domain (src/domain/plan/sections.ts), as the inputs enforce them. */
export const SECTION_LIMITS = {
  name: 200,
  text: 4000,
  items: 50,
  /** An answer's evidence and an assessment's note (src/domain/assessment/assessment.ts). */
  evidence: 2000,
  /** A return to marketing's note (src/domain/lifecycle/state.ts). */
  returnNote: 1000,
  amount: 1e15,
  employees: 100_000_000,
} as const;

/** The fields that are long texts (`longText` in the schemas); every other text is a short one. */
export const LONG_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'notes',
  'projectDescription',
  'solution',
  'why',
  'consequencesOfInaction',
  'description',
  'historyWithAccount',
  'positioning',
  'strategy',
  'winStrategy',
]);

/** The fields that hold a calendar day `YYYY-MM-DD`. */
const DATE_FIELDS: ReadonlySet<string> = new Set(['date', 'dueDate', 'targetDate']);

/** The length limit of the text at `path` (its last named segment decides). */
export function textLimit(path: string): number {
  const field =
    path
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .at(-1) ?? '';
  return LONG_TEXT_FIELDS.has(field) ? SECTION_LIMITS.text : SECTION_LIMITS.name;
}

/** The catalogue texts of the checks, in the user's language, with the limits in words. */
export function validationTexts(i18n: I18n): ValidationTexts {
  const { t } = i18n;
  return {
    required: t.common.required,
    currency: t.common.invalidCurrency,
    monthDay: t.common.invalidMonthDay,
    amountRange: i18n.format(t.common.amountRange, { max: SECTION_LIMITS.amount }),
    amountNegative: t.common.amountNegative,
    countRange: i18n.format(t.common.countRange, { max: SECTION_LIMITS.employees }),
    nameTooLong: i18n.format(t.common.tooLong, { max: SECTION_LIMITS.name }),
    textTooLong: i18n.format(t.common.tooLong, { max: SECTION_LIMITS.text }),
    tooManyItems: i18n.format(t.common.tooManyItems, { max: SECTION_LIMITS.items }),
    invalidDate: t.common.invalidDate,
  };
}

/**
 * A calendar day the plan can store: `YYYY-MM-DD` with a four-digit year from 1000 (what a
 * DateInput yields from a typed 99999999 is year 275760, refused here instead of dropped).
 */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1000 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** Texts over their length, lists over their size and impossible dates, anywhere in `value`. */
function checkShape(value: unknown, path: string, errors: FieldErrors, texts: ValidationTexts) {
  const field = path.split('.').at(-1) ?? '';
  if (typeof value === 'string') {
    if (DATE_FIELDS.has(field)) {
      if (value !== '' && !isCalendarDay(value)) errors[path] = texts.invalidDate;
    } else if (value.length > textLimit(path)) {
      errors[path] =
        textLimit(path) === SECTION_LIMITS.text ? texts.textTooLong : texts.nameTooLong;
    }
  } else if (Array.isArray(value)) {
    if (value.length > SECTION_LIMITS.items) errors[path] = texts.tooManyItems;
    value.forEach((item, index) => checkShape(item, `${path}.${index}`, errors, texts));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value))
      checkShape(inner, path ? `${path}.${key}` : key, errors, texts);
  }
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** MM-DD naming a day that exists in some year (02-29 does; 02-30 and 13-01 do not). */
export function isMonthDay(value: string): boolean {
  const match = /^(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const month = Number(match[1]);
  const day = Number(match[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;
}

/** A number HubSpot's number property can hold and the section accepts: finite, within range. */
function outOfRange(value: number | null, max: number, whole = false): boolean {
  if (value === null) return false;
  return !Number.isFinite(value) || value < 0 || value > max || (whole && !Number.isInteger(value));
}

/** Whether `code` looks like an ISO 4217 currency code (three capital letters). */
export function isCurrencyCode(code: string | null | undefined): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code);
}

/** What an out-of-range amount is told: a negative one why, any other the whole range. */
function amountProblem(value: number | null, texts: ValidationTexts): string {
  return value !== null && value < 0 ? texts.amountNegative : texts.amountRange;
}

const blank = (value: string | null | undefined) => !value || value.trim() === '';

function requireNames(
  errors: FieldErrors,
  list: readonly { name: string }[],
  prefix: string,
  message: string,
): void {
  list.forEach((entry, index) => {
    if (blank(entry.name)) errors[`${prefix}.${index}.name`] = message;
  });
}

/** The problems a draft shows while the user types: lengths, list sizes, dates (not "required"). */
export function shapeProblems(draft: object, texts: ValidationTexts): FieldErrors {
  const errors: FieldErrors = {};
  checkShape(draft, '', errors, texts);
  return errors;
}

/** The problems of a section draft the user must fix before saving. */
export function validateSection<K extends SectionKey>(
  key: K,
  draft: SectionContentMap[K],
  texts: ValidationTexts,
): FieldErrors {
  const errors: FieldErrors = {};
  const content = draft as SectionContentMap[SectionKey];
  checkShape(content, '', errors, texts);
  switch (key) {
    case 'accountTeam': {
      const team = content as SectionContentMap['accountTeam'];
      team.members.forEach((member, index) => {
        if (blank(member.ownerId)) errors[`members.${index}.ownerId`] = texts.required;
      });
      requireNames(errors, team.externalMembers, 'externalMembers', texts.required);
      break;
    }
    case 'customerProfile': {
      const profile = content as SectionContentMap['customerProfile'];
      const { currency, fiscalYearEnd, annualRevenue, employees } = profile.financials;
      if (currency !== null && !isCurrencyCode(currency))
        errors['financials.currency'] = texts.currency;
      if (fiscalYearEnd !== null && !isMonthDay(fiscalYearEnd)) {
        errors['financials.fiscalYearEnd'] = texts.monthDay;
      }
      if (outOfRange(annualRevenue, SECTION_LIMITS.amount))
        errors['financials.annualRevenue'] = amountProblem(annualRevenue, texts);
      if (outOfRange(employees, SECTION_LIMITS.employees, true))
        errors['financials.employees'] = texts.countRange;
      requireNames(errors, profile.contactPoints, 'contactPoints', texts.required);
      break;
    }
    case 'opportunitySummary': {
      const summary = content as SectionContentMap['opportunitySummary'];
      const currency = summary.budget.currency;
      if (currency !== null && !isCurrencyCode(currency))
        errors['budget.currency'] = texts.currency;
      if (outOfRange(summary.budget.amount, SECTION_LIMITS.amount))
        errors['budget.amount'] = amountProblem(summary.budget.amount, texts);
      break;
    }
    case 'buyingProcess': {
      const process = content as SectionContentMap['buyingProcess'];
      requireNames(errors, process.steps, 'steps', texts.required);
      requireNames(errors, process.customerDeadlines, 'customerDeadlines', texts.required);
      process.customerDeadlines.forEach((deadline, index) => {
        if (blank(deadline.date)) errors[`customerDeadlines.${index}.date`] = texts.required;
      });
      break;
    }
    case 'keyPeople': {
      const people = content as SectionContentMap['keyPeople'];
      requireNames(errors, people.externalInfluencers, 'externalInfluencers', texts.required);
      break;
    }
    case 'competition': {
      const competition = content as SectionContentMap['competition'];
      requireNames(errors, competition.competitors, 'competitors', texts.required);
      break;
    }
  }
  return errors;
}
