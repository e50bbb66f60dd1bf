import {
  lastWonDealId,
  nextDealProposal,
  opportunityLines,
  sortRoles,
  wonEssentials,
  type CompanyDealRecord,
} from '../../../src/domain/account/index.ts';
import { SECTION_PROPERTY, accountTeamSchema } from '../../../src/domain/plan/index.ts';

const NAMES = {
  sections: SECTION_PROPERTY,
  loopCount: 'op_loop_count',
  lastReturnReason: 'op_last_return_reason',
};
const doc = (section: string, content: unknown) =>
  JSON.stringify({
    schemaVersion: 1,
    section,
    rev: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: '1',
    content,
  });
const record = (
  id: string,
  outcome: CompanyDealRecord['outcome'],
  properties: Record<string, string | null> = {},
): CompanyDealRecord => ({
  id,
  outcome,
  stageLabel: outcome === 'won' ? 'Closed Won' : null,
  properties: { dealname: `Deal ${id}`, ...properties },
});

describe('opportunityLines', () => {
  it('lists open deals first, then past ones, newest first, with completeness and loops', () => {
    const lines = opportunityLines(
      [
        record('1', 'won', {
          closedate: '2026-03-01T00:00:00Z',
          op_loop_count: '2',
          op_last_return_reason: 'budget',
        }),
        record('2', 'open', { closedate: '2026-12-01T00:00:00Z', amount: '5000' }),
        record('3', 'lost', { closedate: '2026-05-01T00:00:00Z' }),
      ],
      NAMES,
    );
    expect(lines.map((l) => [l.dealId, l.outcome])).toEqual([
      ['2', 'open'],
      ['3', 'lost'],
      ['1', 'won'],
    ]);
    expect(lines[0]).toMatchObject({ amount: 5000, completeness: 0, closeDate: '2026-12-01' });
    expect(lines[2]).toMatchObject({ loopCount: 2, lastReturnReason: 'budget' });
  });

  it('shows a damaged plan as unknown completeness instead of failing the card', () => {
    const [line] = opportunityLines(
      [record('1', 'open', { [SECTION_PROPERTY.keyPeople]: '{broken' })],
      NAMES,
    );
    expect(line!.completeness).toBeNull();
  });
});

describe('wonEssentials', () => {
  it('takes expected results, timeline and stakeholders from each won plan', () => {
    const essentials = wonEssentials(
      [
        record('1', 'won', {
          [SECTION_PROPERTY.opportunitySummary]: doc('opportunitySummary', {
            expectedResults: ['Faster', ' '],
            timeline: { targetDate: '2027-01-31' },
          }),
          [SECTION_PROPERTY.keyPeople]: doc('keyPeople', {
            stakeholders: [
              { id: 'a', contactId: '9', buyingRoles: ['champion'], decisionCriteria: ['price'] },
            ],
          }),
        }),
        record('2', 'open'),
      ],
      NAMES,
    );
    expect(essentials).toEqual([
      expect.objectContaining({
        dealId: '1',
        expectedResults: ['Faster'],
        timeline: { description: '', targetDate: '2027-01-31' },
        stakeholders: [
          {
            contactId: '9',
            buyingRoles: ['champion'],
            decisionCriteria: ['price'],
            perceivedBenefits: [],
          },
        ],
      }),
    ]);
  });
});

describe('nextDealProposal', () => {
  const team = accountTeamSchema.parse({ teamLead: '77' });
  const won = { id: 'w', name: 'Won deal', accountTeam: team, stakeholders: [] };

  it('proposes the won team for a deal that never saved its team', () => {
    const proposal = nextDealProposal({
      dealId: 'n',
      accountTeamRev: 0,
      keyPeopleRev: 0,
      wonDeal: won,
    });
    expect(proposal).toMatchObject({
      fromDealId: 'w',
      accountTeam: { teamLead: '77' },
      stakeholders: null,
    });
    expect(proposal!.message.de).toContain('Won deal');
  });

  it('proposes nothing for saved sections, for the won deal itself, or without a win', () => {
    expect(
      nextDealProposal({ dealId: 'n', accountTeamRev: 1, keyPeopleRev: 0, wonDeal: won }),
    ).toBeNull();
    expect(
      nextDealProposal({ dealId: 'w', accountTeamRev: 0, keyPeopleRev: 0, wonDeal: won }),
    ).toBeNull();
    expect(
      nextDealProposal({ dealId: 'n', accountTeamRev: 0, keyPeopleRev: 0, wonDeal: null }),
    ).toBeNull();
  });
});

describe('lastWonDealId and sortRoles', () => {
  it('reads the carried-over essentials leniently', () => {
    expect(lastWonDealId(JSON.stringify({ fromDealId: '42' }))).toBe('42');
    expect(lastWonDealId('nope')).toBeNull();
    expect(lastWonDealId(JSON.stringify({ truncated: true }))).toBeNull();
    expect(lastWonDealId(null)).toBeNull();
  });

  it('orders roles canonically', () => {
    expect(sortRoles(['user', 'champion'])).toEqual(['champion', 'user']);
  });
});

describe('opportunityLines: odd values', () => {
  it('reads a missing or unreadable amount and loop count as unknown', () => {
    const [line] = opportunityLines(
      [
        {
          id: '5',
          outcome: 'open',
          stageLabel: null,
          properties: { amount: 'lots', op_loop_count: '' },
        },
      ],
      NAMES,
    );
    expect(line).toMatchObject({ name: '#5', amount: null, loopCount: 0, closeDate: null });
  });
});

describe('wonEssentials: odd records', () => {
  it('leaves out a won deal whose plan is damaged and names one without a name by id', () => {
    const essentials = wonEssentials(
      [
        {
          id: '7',
          outcome: 'won',
          stageLabel: null,
          properties: { [SECTION_PROPERTY.competition]: 'x' },
        },
        { id: '8', outcome: 'won', stageLabel: null, properties: {} },
        { id: '9', outcome: 'lost', stageLabel: null, properties: {} },
      ],
      NAMES,
    );
    expect(essentials).toEqual([
      expect.objectContaining({
        dealId: '8',
        dealName: '#8',
        closeDate: null,
        solution: '',
        expectedResults: [],
      }),
    ]);
  });
});
