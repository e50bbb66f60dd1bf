// English texts of the "Lead ↔ opportunity loop" app page. de.ts has the same keys
// (tests/pages/messages.test.ts).

/** Every text of the app page, by key. */
export const en = {
  title: 'Lead ↔ opportunity loop',
  description:
    'How leads move to sales and back in the chosen period: the funnel counting every loop, how hand-offs fare by loop, how long returned leads take to come back, why leads return, and how we fare against each competitor.',
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
  week: 'Week starting',
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
  small: 'Sample',
  noData: 'No data in this period.',
  conversion: 'Conversion from the step before (%)',
  funnelNote:
    'Lead: new contacts plus returned leads · MQL: promotions · SQL: hand-offs · Opportunity: hand-offs sales kept · Customer: hand-offs won. A lead that loops counts each time.',
  byLoopHeading: 'Hand-offs by loop number',
  loopNumber: 'Hand-off',
  loopNumber_1: 'First hand-off',
  loopNumber_2: 'After one return',
  loopNumber_3: 'After two or more returns',
  handOffsCount: 'Hand-offs',
  returned: 'Returned',
  open: 'Open',
  rate: 'Rate (%)',
  returnRate: 'Return rate (%)',
  reHandOffHeading: 'Time from return to the next hand-off',
  reHandOffSummary: 'Median {days} days over {count} re-hand-offs.',
  reHandOffNone: 'No returned lead was handed off again in this period.',
  days: 'Days',
  bucket_0_7: 'Within a week',
  bucket_8_30: '8–30 days',
  bucket_31_90: '31–90 days',
  'bucket_91+': 'Over 90 days',
  wonLaterHeading: 'Returned leads won later',
  wonLaterSummary:
    '{won} of {returned} leads returned in this period were won later ({percent} %).',
  smallSample: 'Small sample ({count} decided): read this rate with care.',
  smallSampleShort: 'small sample',
  smallSampleBars:
    'Small sample ({names}): fewer than {min} decided deals behind each. Read these rates with care.',
  recordsBehind: 'Records',
  moreRecords: '+{count} more',
  competitorsNote:
    'Every competitor named on a deal counts; names follow the competitor catalogue in the settings. Returned deals are kept apart from lost ones.',
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
