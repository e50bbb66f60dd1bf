// The four qualification questions sellers answer on a deal, again and again over time
// (ARCHITECTURE.md, "What the product is", item 3), and the five-step scale every answer uses.
// The same questions are answered per competitor from the competitor's point of view
// ("can they win?", competitor.ts), so each question carries both phrasings.
import type { Localized } from '../errors.ts';

/** The question ids, in the order the card shows them. */
export const QUESTION_IDS = [
  'real_opportunity',
  'competitive_position',
  'good_deal',
  'can_win',
] as const;
/** One of the four qualification questions. */
export type QuestionId = (typeof QUESTION_IDS)[number];

/** A qualification question as sellers see it. */
export interface Question {
  id: QuestionId;
  /** The question about our own chances. */
  label: Localized;
  /** What a seller should consider before answering, and what counts as evidence. */
  help: Localized;
  /** The same question asked about a competitor ("can they win?"). */
  competitorLabel: Localized;
}

/** The four questions with their labels and help texts, in display order. */
export const QUESTIONS: readonly Question[] = [
  {
    id: 'real_opportunity',
    label: { en: 'Is this a real opportunity?', de: 'Ist das eine echte Opportunity?' },
    help: {
      en: 'Is there a compelling reason to act, a budget, and a customer who will decide? Name the pain, the budget holder and the event that forces a decision.',
      de: 'Gibt es einen zwingenden Handlungsgrund, ein Budget und einen Kunden, der entscheiden wird? Nennen Sie das Problem, den Budgetverantwortlichen und das Ereignis, das eine Entscheidung erzwingt.',
    },
    competitorLabel: {
      en: 'Is this a real opportunity for them?',
      de: 'Ist das eine echte Opportunity für den Wettbewerber?',
    },
  },
  {
    id: 'competitive_position',
    label: {
      en: 'How competitive are we against other vendors?',
      de: 'Wie wettbewerbsfähig sind wir gegenüber anderen Anbietern?',
    },
    help: {
      en: 'How well do our strengths match the decision criteria compared with the other vendors? Does the customer prefer us, and do we have a champion?',
      de: 'Wie gut passen unsere Stärken im Vergleich zu den anderen Anbietern zu den Entscheidungskriterien? Bevorzugt uns der Kunde, und haben wir einen Champion?',
    },
    competitorLabel: {
      en: 'How competitive are they against the other vendors, including us?',
      de: 'Wie wettbewerbsfähig ist der Wettbewerber gegenüber den anderen Anbietern, einschließlich uns?',
    },
  },
  {
    id: 'good_deal',
    label: {
      en: 'Is it a good deal by our criteria?',
      de: 'Ist es nach unseren Kriterien ein gutes Geschäft?',
    },
    help: {
      en: 'Does the deal fit our target customers, margins, risk and strategy? Would we still want it at the price the customer is likely to pay?',
      de: 'Passt das Geschäft zu unseren Zielkunden, Margen, Risiken und unserer Strategie? Wollen wir es auch zu dem Preis, den der Kunde voraussichtlich zahlt?',
    },
    competitorLabel: {
      en: 'Is it a good deal for them by their criteria?',
      de: 'Ist es nach den Kriterien des Wettbewerbers ein gutes Geschäft für ihn?',
    },
  },
  {
    id: 'can_win',
    label: {
      en: 'Can we win the customer, and when?',
      de: 'Können wir den Kunden gewinnen, und wann?',
    },
    help: {
      en: 'Do we have access to the decision makers and a plan to close by the expected decision date? Set the date you expect the decision.',
      de: 'Haben wir Zugang zu den Entscheidern und einen Plan für den Abschluss bis zum erwarteten Entscheidungsdatum? Tragen Sie das erwartete Entscheidungsdatum ein.',
    },
    competitorLabel: {
      en: 'Can they win the customer, and when?',
      de: 'Kann der Wettbewerber den Kunden gewinnen, und wann?',
    },
  },
];

/** The five answer steps, from a clear no (1) to a proven yes (5). */
export const SCALE_VALUES = [1, 2, 3, 4, 5] as const;
/** One step of the answer scale. */
export type ScaleValue = (typeof SCALE_VALUES)[number];
/** Lowest and highest step of the scale. */
export const SCALE_MIN = 1;
export const SCALE_MAX = 5;

/** One step of the scale with its label. */
export interface ScaleStep {
  value: ScaleValue;
  label: Localized;
}

/** Labels of the scale steps, lowest first. */
export const SCALE: readonly ScaleStep[] = [
  { value: 1, label: { en: 'No / clearly not', de: 'Nein / eindeutig nicht' } },
  { value: 2, label: { en: 'Rather not', de: 'Eher nicht' } },
  { value: 3, label: { en: 'Unclear / partly', de: 'Unklar / teilweise' } },
  { value: 4, label: { en: 'Rather yes', de: 'Eher ja' } },
  { value: 5, label: { en: 'Yes, proven', de: 'Ja, belegt' } },
];

/** The question with id `id`. */
export function getQuestion(id: QuestionId): Question {
  // QUESTIONS holds every QuestionId exactly once (tested), so the lookup always succeeds.
  return QUESTIONS.find((question) => question.id === id) as Question;
}

/** The label of scale step `value`. */
export function getScaleLabel(value: ScaleValue): Localized {
  // SCALE holds one step per ScaleValue in ascending order (tested), so the index always exists.
  return SCALE[value - SCALE_MIN]!.label;
}
