import { validate } from '../../../src/domain/errors.ts';
import { DEAL_PROPERTIES } from '../../../src/domain/properties.ts';
import type { SectionKey } from '../../../src/domain/plan/index.ts';
import {
  MAX_LIST_ITEMS,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  SECTION_KEYS,
  SECTION_LABELS,
  SECTION_PROPERTY,
  SECTION_SCHEMAS,
  emptyContent,
  getSectionSchema,
  isoDateSchema,
} from '../../../src/domain/plan/index.ts';

const long = (n: number) => 'x'.repeat(n);
const many = <T>(n: number, make: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));

describe('plan sections', () => {
  it('has six sections, each labelled in English and German and stored in its own deal property', () => {
    // GIVEN the section keys WHEN looking up labels and properties THEN all are distinct and present
    expect(SECTION_KEYS).toHaveLength(6);
    expect(SECTION_LABELS.competition).toEqual({ en: 'Competition', de: 'Wettbewerbsanalyse' });
    expect(SECTION_LABELS.opportunitySummary.de).toBe('Zusammenfassung der Opportunity');
    expect(SECTION_PROPERTY.accountTeam).toBe(DEAL_PROPERTIES.accountTeam.name);
    expect(SECTION_PROPERTY.keyPeople).toBe('op_plan_key_people');
    expect(new Set(Object.values(SECTION_PROPERTY)).size).toBe(6);
    for (const key of SECTION_KEYS) {
      expect(SECTION_LABELS[key].en).not.toBe('');
      expect(SECTION_LABELS[key].de).not.toBe('');
    }
  });

  it.each(SECTION_KEYS)('parses an empty object to an empty %s section', (key) => {
    // GIVEN nothing filled in WHEN parsing {} THEN every field has its empty default
    const result = validate(SECTION_SCHEMAS[key], {});
    expect(result).toEqual({ ok: true, value: emptyContent(key) });
    expect(getSectionSchema(key).parse(emptyContent(key))).toEqual(emptyContent(key));
  });

  const accepted: [SectionKey, unknown][] = [
    ['accountTeam', { teamLead: '42', members: [{ id: 'm1', ownerId: '7', role: 'Presales' }] }],
    [
      'customerProfile',
      {
        businessAreas: ['Logistics'],
        financials: {
          annualRevenue: 1.5e9,
          currency: 'EUR',
          employees: 12000,
          fiscalYearEnd: '02-29',
        },
        contactPoints: [{ id: 'c1', name: 'Jana Berg', contactId: '901' }],
      },
    ],
    [
      'opportunitySummary',
      {
        budget: { amount: 250000, currency: 'EUR', confirmed: true },
        actNow: { decision: 'act_now', why: 'Contract with the old vendor ends' },
        timeline: { targetDate: '2024-02-29' },
      },
    ],
    [
      'buyingProcess',
      {
        steps: [
          { id: 's1', name: 'Demo', dueDate: '2025-03-01', status: 'done', owner: 'Jana' },
          { id: 's2', name: 'Legal review', legalRequirement: true, needsApproval: true },
        ],
        customerDeadlines: [{ id: 'd1', name: 'Board meeting', date: '2025-06-30' }],
      },
    ],
    [
      'keyPeople',
      {
        stakeholders: [
          {
            id: 'p1',
            contactId: '901',
            buyingRoles: ['decision_maker', 'budget_holder'],
            familiarity: 4,
            attitudeToChange: 'pragmatist',
            opinionOfUs: 'supporter',
            decisionCriteria: ['Total cost'],
          },
        ],
        externalInfluencers: [
          { id: 'i1', name: 'Acme Consulting', kind: 'consultant', influence: 'high' },
        ],
      },
    ],
    ['competition', { competitors: [{ id: 'k1', name: 'Rival', threatLevel: 'high' }] }],
    ['competition', { competitors: [], noCompetitionKnown: true }],
  ];

  it.each(accepted)('accepts a filled-in %s section', (key, input) => {
    // GIVEN a realistic section WHEN validating THEN it parses
    expect(validate(SECTION_SCHEMAS[key], input).ok).toBe(true);
  });

  const rejected: [string, SectionKey, unknown, string][] = [
    [
      'an over-long member role',
      'accountTeam',
      { members: [{ id: 'm1', ownerId: '1', role: long(MAX_NAME_LENGTH + 1) }] },
      'members.0.role',
    ],
    [
      'too many members',
      'accountTeam',
      { members: many(MAX_LIST_ITEMS + 1, (i) => ({ id: `m${i}`, ownerId: '1' })) },
      'members',
    ],
    [
      'a duplicate item id',
      'accountTeam',
      {
        members: [
          { id: 'm1', ownerId: '1' },
          { id: 'm1', ownerId: '2' },
        ],
      },
      'members.1.id',
    ],
    [
      'an over-long item id',
      'accountTeam',
      { members: [{ id: long(65), ownerId: '1' }] },
      'members.0.id',
    ],
    ['a blank team lead', 'accountTeam', { teamLead: '  ' }, 'teamLead'],
    ['an unknown field', 'accountTeam', { teamLeader: '1' }, '(root)'],
    [
      'an external member without a name',
      'accountTeam',
      { externalMembers: [{ id: 'x1', name: ' ' }] },
      'externalMembers.0.name',
    ],
    [
      'an over-long business area',
      'customerProfile',
      { businessAreas: [long(MAX_NAME_LENGTH + 1)] },
      'businessAreas.0',
    ],
    [
      'too many products',
      'customerProfile',
      { products: many(MAX_LIST_ITEMS + 1, String) },
      'products',
    ],
    [
      'over-long financial notes',
      'customerProfile',
      { financials: { notes: long(MAX_TEXT_LENGTH + 1) } },
      'financials.notes',
    ],
    [
      'a lowercase currency',
      'customerProfile',
      { financials: { currency: 'eur' } },
      'financials.currency',
    ],
    [
      'a negative revenue',
      'customerProfile',
      { financials: { annualRevenue: -1 } },
      'financials.annualRevenue',
    ],
    [
      'a fractional headcount',
      'customerProfile',
      { financials: { employees: 1.5 } },
      'financials.employees',
    ],
    [
      'a fiscal year end that does not exist',
      'customerProfile',
      { financials: { fiscalYearEnd: '02-30' } },
      'financials.fiscalYearEnd',
    ],
    [
      'a fiscal year end in the wrong format',
      'customerProfile',
      { financials: { fiscalYearEnd: '2024-12-31' } },
      'financials.fiscalYearEnd',
    ],
    [
      'an over-long project description',
      'opportunitySummary',
      { projectDescription: long(MAX_TEXT_LENGTH + 1) },
      'projectDescription',
    ],
    [
      'an unknown act-now decision',
      'opportunitySummary',
      { actNow: { decision: 'soon' } },
      'actNow.decision',
    ],
    [
      'a non-boolean budget confirmation',
      'opportunitySummary',
      { budget: { confirmed: 'yes' } },
      'budget.confirmed',
    ],
    [
      'a target date that does not exist',
      'opportunitySummary',
      { timeline: { targetDate: '2023-02-29' } },
      'timeline.targetDate',
    ],
    [
      'too many problems',
      'opportunitySummary',
      { problems: many(MAX_LIST_ITEMS + 1, String) },
      'problems',
    ],
    [
      'a step due date with a time',
      'buyingProcess',
      { steps: [{ id: 's1', name: 'Demo', dueDate: '2025-03-01T10:00:00Z' }] },
      'steps.0.dueDate',
    ],
    [
      'an unknown step status',
      'buyingProcess',
      { steps: [{ id: 's1', name: 'Demo', status: 'late' }] },
      'steps.0.status',
    ],
    [
      'a deadline without a date',
      'buyingProcess',
      { customerDeadlines: [{ id: 'd1', name: 'Board' }] },
      'customerDeadlines.0.date',
    ],
    [
      'an unknown buying role',
      'keyPeople',
      { stakeholders: [{ id: 'p1', contactId: '1', buyingRoles: ['king'] }] },
      'stakeholders.0.buyingRoles.0',
    ],
    [
      'a buying role given twice',
      'keyPeople',
      { stakeholders: [{ id: 'p1', contactId: '1', buyingRoles: ['champion', 'champion'] }] },
      'stakeholders.0.buyingRoles',
    ],
    [
      'a familiarity of 6',
      'keyPeople',
      { stakeholders: [{ id: 'p1', contactId: '1', familiarity: 6 }] },
      'stakeholders.0.familiarity',
    ],
    [
      'a stakeholder without a contact',
      'keyPeople',
      { stakeholders: [{ id: 'p1' }] },
      'stakeholders.0.contactId',
    ],
    [
      'too many decision criteria',
      'keyPeople',
      {
        stakeholders: [
          { id: 'p1', contactId: '1', decisionCriteria: many(MAX_LIST_ITEMS + 1, String) },
        ],
      },
      'stakeholders.0.decisionCriteria',
    ],
    [
      'an unknown influence level',
      'keyPeople',
      { externalInfluencers: [{ id: 'i1', name: 'A', influence: 'huge' }] },
      'externalInfluencers.0.influence',
    ],
    [
      'an over-long win strategy',
      'competition',
      { competitors: [{ id: 'k1', name: 'Rival', winStrategy: long(MAX_TEXT_LENGTH + 1) }] },
      'competitors.0.winStrategy',
    ],
    [
      'an over-long competitor name',
      'competition',
      { competitors: [{ id: 'k1', name: long(MAX_NAME_LENGTH + 1) }] },
      'competitors.0.name',
    ],
    [
      '"no competition known" next to listed competitors',
      'competition',
      { competitors: [{ id: 'k1', name: 'Rival' }], noCompetitionKnown: true },
      'noCompetitionKnown',
    ],
  ];

  it.each(rejected)('rejects %s, naming the field', (_case, key, input, path) => {
    // GIVEN invalid input WHEN validating THEN the error names the field path
    const result = validate(SECTION_SCHEMAS[key], input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
  });

  it('accepts texts and lists exactly at their limits', () => {
    // GIVEN values at the maximum WHEN validating THEN they pass
    const result = validate(SECTION_SCHEMAS.competition, {
      competitors: many(MAX_LIST_ITEMS, (i) => ({
        id: `k${i}`,
        name: long(MAX_NAME_LENGTH),
        winStrategy: long(MAX_TEXT_LENGTH),
      })),
    });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2025-13-01', false],
    ['2025-04-31', false],
    ['25-04-30', false],
  ])('treats %s as a calendar date: %s', (date, ok) => {
    expect(isoDateSchema.safeParse(date).success).toBe(ok);
  });
});
