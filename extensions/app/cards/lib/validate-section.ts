// What the card checks before it sends a section: only what a user can fix in the form (a list
// entry without a name, a deadline without a date, a malformed code). Everything else, and these
// again, the backend validates; its field errors come back with the same dotted paths.
import type { SectionContentMap, SectionKey } from './types.ts';

/** Field problems by dotted path (`steps.1.name`), each message a catalogue text. */
export type FieldErrors = Record<string, string>;

interface ValidationTexts {
  required: string;
  currency: string;
  monthDay: string;
  /** "Enter an amount from 0 to {max}" with the limit already in words. */
  amountRange: string;
  /** "Enter a whole number from 0 to {max}". */
  countRange: string;
}

/** The section limits of the domain (src/domain/plan/sections.ts), as the inputs enforce them. */
export const SECTION_LIMITS = {
  name: 200,
  text: 4000,
  amount: 1e15,
  employees: 100_000_000,
} as const;

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

/** The problems of a section draft the user must fix before saving. */
export function validateSection<K extends SectionKey>(
  key: K,
  draft: SectionContentMap[K],
  texts: ValidationTexts,
): FieldErrors {
  const errors: FieldErrors = {};
  const content = draft as SectionContentMap[SectionKey];
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
      if (currency !== null && !/^[A-Z]{3}$/.test(currency))
        errors['financials.currency'] = texts.currency;
      if (fiscalYearEnd !== null && !isMonthDay(fiscalYearEnd)) {
        errors['financials.fiscalYearEnd'] = texts.monthDay;
      }
      if (outOfRange(annualRevenue, SECTION_LIMITS.amount))
        errors['financials.annualRevenue'] = texts.amountRange;
      if (outOfRange(employees, SECTION_LIMITS.employees, true))
        errors['financials.employees'] = texts.countRange;
      requireNames(errors, profile.contactPoints, 'contactPoints', texts.required);
      break;
    }
    case 'opportunitySummary': {
      const summary = content as SectionContentMap['opportunitySummary'];
      const currency = summary.budget.currency;
      if (currency !== null && !/^[A-Z]{3}$/.test(currency))
        errors['budget.currency'] = texts.currency;
      if (outOfRange(summary.budget.amount, SECTION_LIMITS.amount))
        errors['budget.amount'] = texts.amountRange;
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
