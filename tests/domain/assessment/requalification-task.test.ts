import {
  DEFAULT_QUALIFICATION_POLICY,
  appendAssessment,
  decideRequalificationTask,
  emptyHistory,
  requalification,
  requalificationPeriodKey,
  type QualificationHistory,
} from '../../../src/domain/assessment/index.ts';
import { DEAL_PROPERTIES } from '../../../src/domain/properties.ts';

const policy = DEFAULT_QUALIFICATION_POLICY; // maxAgeDays 30
const answers = ['real_opportunity', 'competitive_position', 'good_deal', 'can_win'].map(
  (question) => ({ question, value: 3 }),
);

function assessedOn(iso: string, stageId = 'appointmentscheduled'): QualificationHistory {
  const appended = appendAssessment(
    emptyHistory(),
    {
      id: 'a1',
      answeredAt: iso,
      answeredBy: '42',
      answers,
      expectedDecisionDate: '2027-03-31',
      dealStageId: stageId,
    },
    policy,
  );
  if (!appended.ok) throw new Error(JSON.stringify(appended.errors));
  return appended.history;
}

const base = {
  dealId: '1428',
  dealName: 'Rhein Networks – CRM rollout',
  ownerId: '5001006',
  stage: { currentStageId: 'appointmentscheduled' },
  lastTaskKey: null,
  policy,
  language: 'en' as const,
};

describe('decideRequalificationTask', () => {
  const history = assessedOn('2026-10-01T09:00:00.000Z');

  it('creates nothing before the due date', () => {
    const decision = decideRequalificationTask({
      ...base,
      history,
      now: new Date('2026-10-20T06:00:00Z'),
    });
    expect(decision).toEqual({ create: false, reason: 'not_due', dueDate: '2026-10-31' });
  });

  it('creates one task for the owner, naming the deal, in the owner’s language', () => {
    const decision = decideRequalificationTask({
      ...base,
      history,
      language: 'de',
      now: new Date('2026-11-02T06:00:00Z'),
    });
    if (!decision.create) throw new Error('expected a task');
    expect(decision.periodKey).toBe('2026-10-31#0');
    const [task, write] = decision.effects;
    expect(task).toMatchObject({
      type: 'createTask',
      ownerId: '5001006',
      language: 'de',
      target: { object: 'deal', deal: { id: '1428' } },
      subject: {
        en: 'Re-qualify the deal “Rhein Networks – CRM rollout”',
        de: 'Deal „Rhein Networks – CRM rollout“ neu qualifizieren',
      },
    });
    expect(task?.type === 'createTask' && task.body.de).toContain('seit dem 31.10.2026');
    expect(task?.type === 'createTask' && task.body.en).toContain('since Oct 31, 2026');
    expect(write).toEqual({
      type: 'writeProperties',
      target: { object: 'deal', deal: { id: '1428' } },
      properties: {
        [DEAL_PROPERTIES.requalifyTaskKey.name]: '2026-10-31#0',
        [DEAL_PROPERTIES.requalifyBy.name]: '2026-10-31',
      },
    });
  });

  it('creates no second task in the same period, and one in the next', () => {
    const same = decideRequalificationTask({
      ...base,
      history,
      lastTaskKey: '2026-10-31#0',
      now: new Date('2026-11-29T23:00:00Z'),
    });
    expect(same).toMatchObject({ create: false, reason: 'already_tasked' });
    const next = decideRequalificationTask({
      ...base,
      history,
      lastTaskKey: '2026-10-31#0',
      now: new Date('2026-11-30T01:00:00Z'),
    });
    expect(next).toMatchObject({ create: true, periodKey: '2026-10-31#1' });
  });

  it('stops for closed deals and skips deals never assessed', () => {
    expect(
      decideRequalificationTask({
        ...base,
        history,
        stage: { currentStageId: 'closedwon', closed: 'won' },
        now: new Date('2026-12-20T00:00:00Z'),
      }),
    ).toEqual({ create: false, reason: 'closed', dueDate: null });
    expect(
      decideRequalificationTask({
        ...base,
        history: emptyHistory(),
        now: new Date('2026-12-20T00:00:00Z'),
      }),
    ).toMatchObject({ create: false, reason: 'never_assessed' });
  });

  it('names a deal without a name by its id', () => {
    const decision = decideRequalificationTask({
      ...base,
      dealName: ' ',
      history,
      now: new Date('2026-11-02T06:00:00Z'),
    });
    expect(decision.create && decision.effects[0]).toMatchObject({
      subject: { en: 'Re-qualify the deal “#1428”' },
    });
  });
});

describe('requalification of closed deals', () => {
  it('is never due, with a reason', () => {
    const due = requalification(
      assessedOn('2026-01-01T00:00:00.000Z'),
      { currentStageId: 'closedlost', closed: 'lost' },
      policy,
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(due).toMatchObject({ due: false, closed: 'lost', dueDate: null });
    expect(due.reasons[0]!.en).toContain('closed lost');
  });
});

describe('requalificationPeriodKey', () => {
  it('counts whole periods since the due date', () => {
    expect(requalificationPeriodKey('2026-10-31', 30, new Date('2026-10-31T00:00:00Z'))).toBe(
      '2026-10-31#0',
    );
    expect(requalificationPeriodKey('2026-10-31', 30, new Date('2026-12-30T12:00:00Z'))).toBe(
      '2026-10-31#2',
    );
  });
});
