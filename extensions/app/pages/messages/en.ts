// English texts of the "Lead ↔ opportunity loop" app page. de.ts has the same keys
// (tests/pages/messages.test.ts).

/** Every text of the app page, by key. */
export const en = {
  title: 'Lead ↔ opportunity loop',
  description:
    'How leads move to sales and back: the funnel, hand-offs and returns per week, why leads come back, how often records loop, and how we fare against each competitor.',
  period: 'Period',
  periodWeeks: 'Last {weeks} weeks',
  loading: 'Loading the loop analytics…',
  errorTitle: 'The analytics could not be loaded',
  retry: 'Try again',
  emptyTitle: 'No loop activity yet',
  emptyBody:
    'As soon as leads are handed off to sales or returned to marketing, the funnel and the loop appear here.',
  funnelHeading: 'Funnel',
  stage: 'Stage',
  records: 'Records',
  stage_lead: 'Lead',
  stage_mql: 'MQL',
  stage_sql: 'SQL',
  stage_opportunity: 'Opportunity',
  stage_customer: 'Customer',
  weeklyHeading: 'Hand-offs and returns per week',
  week: 'Week',
  count: 'Count',
  handoffs: 'Hand-offs',
  returns: 'Returns',
  reasonsHeading: 'Returns by reason',
  reason: 'Reason',
  loopsHeading: 'How often records looped',
  loops: 'Loops',
  loopsValue: '{loops}×',
  competitorsHeading: 'Win rate by competitor',
  competitor: 'Competitor',
  won: 'Won',
  lost: 'Lost',
  winRate: 'Win rate (%)',
  noData: 'No data in this period.',
  reason_no_budget: 'No budget',
  reason_no_authority: 'No decision authority',
  reason_no_need: 'No need',
  reason_bad_timing: 'Bad timing',
  reason_competitor_preferred: 'Competitor preferred',
  reason_not_a_good_deal: 'Not a good deal for us',
  reason_needs_nurturing: 'Needs more nurturing',
  reason_other: 'Other',
} as const;

/** The app page's message keys. */
export type MessageKey = keyof typeof en;
/** A complete catalogue: every key, in one language. */
export type Messages = Record<MessageKey, string>;
