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
      const { currency, fiscalYearEnd } = profile.financials;
      if (currency !== null && !/^[A-Z]{3}$/.test(currency))
        errors['financials.currency'] = texts.currency;
      if (fiscalYearEnd !== null && !/^\d{2}-\d{2}$/.test(fiscalYearEnd)) {
        errors['financials.fiscalYearEnd'] = texts.monthDay;
      }
      requireNames(errors, profile.contactPoints, 'contactPoints', texts.required);
      break;
    }
    case 'opportunitySummary': {
      const summary = content as SectionContentMap['opportunitySummary'];
      const currency = summary.budget.currency;
      if (currency !== null && !/^[A-Z]{3}$/.test(currency))
        errors['budget.currency'] = texts.currency;
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
