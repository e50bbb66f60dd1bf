// Backend answers the card tests start from, shaped exactly as the card API contract says.
import type {
  PlanView,
  QualificationView,
  SectionKey,
  SectionState,
} from '../../extensions/app/cards/lib/types.ts';

const emptySections: { [K in SectionKey]: SectionState<K> } = {
  accountTeam: {
    schemaVersion: 1,
    section: 'accountTeam',
    rev: 0,
    updatedAt: null,
    updatedBy: null,
    content: { teamLead: null, members: [], externalMembers: [] },
  },
  customerProfile: {
    schemaVersion: 1,
    section: 'customerProfile',
    rev: 0,
    updatedAt: null,
    updatedBy: null,
    content: {
      businessAreas: [],
      products: [],
      financials: {
        annualRevenue: null,
        currency: null,
        employees: null,
        fiscalYearEnd: null,
        notes: '',
      },
      customersOfCustomer: [],
      competitorsOfCustomer: [],
      contactPoints: [],
    },
  },
  opportunitySummary: {
    schemaVersion: 1,
    section: 'opportunitySummary',
    rev: 0,
    updatedAt: null,
    updatedBy: null,
    content: {
      projectDescription: '',
      solution: '',
      budget: { amount: null, currency: null, confirmed: false },
      problems: [],
      actNow: { decision: 'undecided', why: '' },
      consequencesOfInaction: '',
      timeline: { description: '', targetDate: null },
      expectedResults: [],
    },
  },
  buyingProcess: {
    schemaVersion: 1,
    section: 'buyingProcess',
    rev: 0,
    updatedAt: null,
    updatedBy: null,
    content: { steps: [], customerDeadlines: [] },
  },
  keyPeople: {
    schemaVersion: 1,
    section: 'keyPeople',
    rev: 0,
    updatedAt: null,
    updatedBy: null,
    content: { stakeholders: [], externalInfluencers: [] },
  },
  competition: {
    schemaVersion: 1,
    section: 'competition',
    rev: 0,
    updatedAt: null,
    updatedBy: null,
    content: { competitors: [], noCompetitionKnown: false },
  },
};

const sectionCompleteness = (percent: number, missing: string[]) => ({
  percent,
  filled: percent === 100 ? 2 : 0,
  total: 2,
  missing: missing.map((item) => ({
    item,
    label: { en: `Missing ${item}`, de: `Fehlt: ${item}` },
  })),
});

/** A deal nobody has planned yet. */
export function emptyPlan(): PlanView {
  return {
    dealId: '123',
    dealName: 'ACME rollout',
    dealStage: 'appointmentscheduled',
    outcome: 'open',
    pipelineId: 'default',
    amount: '50000',
    currency: 'EUR',
    sections: structuredClone(emptySections),
    completeness: {
      overall: 0,
      sections: {
        accountTeam: sectionCompleteness(0, ['accountTeam.lead', 'accountTeam.members']),
        customerProfile: sectionCompleteness(0, ['customerProfile.businessAreas']),
        opportunitySummary: sectionCompleteness(0, ['opportunitySummary.description']),
        buyingProcess: sectionCompleteness(0, ['buyingProcess.steps']),
        keyPeople: sectionCompleteness(0, ['keyPeople.stakeholders']),
        competition: sectionCompleteness(0, ['competition.competitors']),
      },
    },
    assessment: {
      latest: null,
      series: [],
      trend: { direction: 'unknown', delta: null },
      requalification: { due: false, dueDate: null, reasons: [] },
      competitors: [],
    },
    stakeholders: [],
    owners: [],
    loop: { count: 0, lastReturnReason: null },
    returnReasons: [
      { code: 'no_budget', label: { en: 'No budget', de: 'Kein Budget' } },
      { code: 'bad_timing', label: { en: 'Bad timing', de: 'Falscher Zeitpunkt' } },
    ],
    stageGate: null,
    closed: null,
    canReturn: true,
    canRequalify: true,
    ownerId: null,
    ownerName: null,
    dealUrl: 'https://app.hubspot.com/contacts/1/record/0-3/123',
  };
}

/** A deal with a plan in progress, two assessments and a re-qualification due. */
export function filledPlan(): PlanView {
  const plan = emptyPlan();
  plan.owners = [
    { id: 'o-77', userId: '77', name: 'Sam Sales', email: 'sam@us.test', team: 'sales' },
  ];
  plan.sections.buyingProcess = {
    schemaVersion: 1,
    section: 'buyingProcess',
    rev: 3,
    updatedAt: '2026-03-02T10:00:00.000Z',
    updatedBy: '77',
    content: {
      steps: [
        {
          id: 's1',
          name: 'Technical evaluation',
          dueDate: '2026-04-01',
          status: 'in_progress',
          owner: 'IT lead',
          needsApproval: false,
          legalRequirement: false,
        },
        {
          id: 's2',
          name: 'Board approval',
          dueDate: null,
          status: 'planned',
          owner: '',
          needsApproval: true,
          legalRequirement: false,
        },
      ],
      customerDeadlines: [],
    },
  };
  plan.sections.competition = {
    schemaVersion: 1,
    section: 'competition',
    rev: 1,
    updatedAt: '2026-03-01T09:00:00.000Z',
    updatedBy: '77',
    content: {
      noCompetitionKnown: false,
      competitors: [
        {
          id: 'c1',
          name: 'Globex',
          historyWithAccount: 'Incumbent since 2019',
          positioning: '',
          strategy: '',
          strengths: ['Price'],
          weaknesses: [],
          objectionsAgainstUs: [],
          stumblingBlocks: [],
          winStrategy: '',
          threatLevel: 'high',
        },
      ],
    },
  };
  plan.stakeholders = [
    {
      contactId: '501',
      name: 'Dana Buyer',
      email: 'dana@acme.test',
      jobTitle: 'CFO',
      roles: ['budget_holder'],
    },
  ];
  plan.completeness.overall = 42;
  plan.completeness.sections.buyingProcess = sectionCompleteness(50, ['buyingProcess.stepOwners']);
  plan.assessment = {
    latest: {
      id: 'a2',
      answeredAt: '2026-03-03T08:00:00.000Z',
      answeredBy: '77',
      answers: [
        { question: 'real_opportunity', value: 4, evidence: 'Budget approved' },
        { question: 'competitive_position', value: 3, evidence: '' },
        { question: 'good_deal', value: 4, evidence: '' },
        { question: 'can_win', value: 3, evidence: '' },
      ],
      expectedDecisionDate: '2026-05-15',
      score: 68,
      verdict: 'at_risk',
    },
    series: [
      { at: '2026-02-01T08:00:00.000Z', score: 55, verdict: 'at_risk', by: '77' },
      { at: '2026-03-03T08:00:00.000Z', score: 68, verdict: 'at_risk', by: '77' },
    ],
    trend: { direction: 'improving', delta: 13 },
    requalification: {
      due: true,
      dueDate: '2026-03-20',
      reasons: [
        { en: 'The deal moved to a new stage', de: 'Der Deal ist in eine neue Phase gewechselt' },
      ],
    },
    competitors: [
      { competitorId: 'c1', score: 72, threat: 'high', answeredAt: '2026-03-01T09:00:00.000Z' },
    ],
  };
  plan.loop = { count: 1, lastReturnReason: 'bad_timing' };
  return plan;
}

/** A marketing-qualified lead that can be handed off. */
export function qualification(): QualificationView {
  return {
    contactId: '123',
    name: 'Dana Buyer',
    email: 'dana@acme.test',
    lifecycleStage: 'marketingqualifiedlead',
    leadStatus: 'OPEN',
    ownerId: 'o-m',
    score: {
      fit: 40,
      engagement: 35,
      total: 75,
      grade: 'A2',
      band: 'mql',
      reasons: [
        {
          ruleId: 'r1',
          points: 20,
          label: { en: 'Industry: manufacturing', de: 'Branche: Fertigung' },
          why: { en: 'Industry is manufacturing', de: 'Branche ist Fertigung' },
        },
        {
          ruleId: 'r2',
          points: -5,
          label: { en: 'Free mail address', de: 'Freemail-Adresse' },
          why: { en: 'Email domain is gmail.com', de: 'E-Mail-Domain ist gmail.com' },
        },
      ],
    },
    loop: {
      count: 1,
      lastReturnReason: 'bad_timing',
      history: [
        {
          kind: 'handoff',
          at: '2026-01-10T09:00:00.000Z',
          by: 'o-m',
          ownerId: 'o-s1',
          dealId: '900',
        },
        {
          kind: 'return',
          at: '2026-02-10T09:00:00.000Z',
          by: 'o-s1',
          reason: 'bad_timing',
          note: 'Call again in Q3',
        },
      ],
    },
    dealId: '900',
    owners: [
      { id: 'o-m', userId: null, name: 'Mia Marketing', email: 'mia@us.test', team: 'marketing' },
      { id: 'o-s1', userId: null, name: 'Sam Sales', email: 'sam@us.test', team: 'sales' },
      { id: 'o-s2', userId: null, name: 'Sue Sales', email: 'sue@us.test', team: 'sales' },
    ],
    returnReasons: [
      { code: 'no_budget', label: { en: 'No budget', de: 'Kein Budget' } },
      { code: 'bad_timing', label: { en: 'Bad timing', de: 'Falscher Zeitpunkt' } },
    ],
    canHandOff: true,
    canReturn: false,
  };
}
