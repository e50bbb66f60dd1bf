// Stage gates where deals move, the stage path and the next stage (plain data only).
import {
  SECTION_SCHEMAS,
  decideStageEntry,
  gateNotice,
  inLanguage,
  nextStageOnPath,
  planCompleteness,
  stagePath,
  type PipelineStageRef,
  type StageGate,
} from '../../../src/domain/plan/index.ts';

const STAGES: PipelineStageRef[] = [
  { id: 'appointmentscheduled', label: 'Appointment scheduled', displayOrder: 0, closed: false },
  { id: 'qualifiedtobuy', label: 'Qualified to buy', displayOrder: 1, closed: false },
  { id: 'contractsent', label: 'Contract sent', displayOrder: 2, closed: false },
  { id: 'closedwon', label: 'Closed won', displayOrder: 3, closed: true },
];
const gate = (overrides: Partial<StageGate> = {}): StageGate => ({
  stageId: 'contractsent',
  minCompleteness: 0,
  requiredItems: ['keyPeople.champion'],
  mode: 'enforce',
  ...overrides,
});
const empty = planCompleteness({});
const withChampion = planCompleteness({
  keyPeople: SECTION_SCHEMAS.keyPeople.parse({
    stakeholders: [{ id: 'p1', contactId: '1', buyingRoles: ['champion'] }],
  }),
});

describe('decideStageEntry', () => {
  it('moves a deal that entered an enforced gate it fails back to where it came from', () => {
    const decision = decideStageEntry({
      enteredStageId: 'contractsent',
      previousStageId: 'qualifiedtobuy',
      stages: STAGES,
      gates: [gate()],
      completeness: empty,
    });
    expect(decision).toMatchObject({ action: 'moveBack', toStageId: 'qualifiedtobuy' });
    expect(decision.action === 'moveBack' && decision.reasons[0]!.en).toContain('Champion known');
  });

  it('only warns when the gate is in warn mode', () => {
    const decision = decideStageEntry({
      enteredStageId: 'contractsent',
      previousStageId: 'qualifiedtobuy',
      stages: STAGES,
      gates: [gate({ mode: 'warn' })],
      completeness: empty,
    });
    expect(decision.action).toBe('warn');
  });

  it('lets a plan that meets the gate in', () => {
    expect(
      decideStageEntry({
        enteredStageId: 'contractsent',
        previousStageId: 'qualifiedtobuy',
        stages: STAGES,
        gates: [gate()],
        completeness: withChampion,
      }),
    ).toEqual({ action: 'none', why: 'met' });
  });

  it('never holds a move back to an earlier stage (so its own move-back cannot loop)', () => {
    // The earlier stage has a gate the plan fails too: moving back into it is still allowed.
    expect(
      decideStageEntry({
        enteredStageId: 'qualifiedtobuy',
        previousStageId: 'contractsent',
        stages: STAGES,
        gates: [gate({ stageId: 'qualifiedtobuy' })],
        completeness: empty,
      }),
    ).toEqual({ action: 'none', why: 'backward' });
  });

  it('warns instead when there is no stage to go back to', () => {
    expect(
      decideStageEntry({
        enteredStageId: 'contractsent',
        stages: STAGES,
        gates: [gate()],
        completeness: empty,
      }),
    ).toMatchObject({ action: 'warn', enforceImpossible: 'no_previous_stage' });
    expect(
      decideStageEntry({
        enteredStageId: 'contractsent',
        previousStageId: 'other-pipeline-stage',
        stages: STAGES,
        gates: [gate()],
        completeness: empty,
      }),
    ).toMatchObject({ action: 'warn', enforceImpossible: 'other_pipeline' });
  });

  it('ignores stages without a gate', () => {
    expect(
      decideStageEntry({
        enteredStageId: 'qualifiedtobuy',
        previousStageId: 'appointmentscheduled',
        stages: STAGES,
        gates: [gate()],
        completeness: empty,
      }),
    ).toEqual({ action: 'none', why: 'no_gate' });
  });
});

describe('stage path and next stage', () => {
  it('marks passed, current, ready and blocked stages, leaving closed stages out', () => {
    const path = stagePath(STAGES, 'qualifiedtobuy', { gates: [gate()], completeness: empty });
    expect(path.map((step) => [step.stageId, step.status, step.gated])).toEqual([
      ['appointmentscheduled', 'passed', false],
      ['qualifiedtobuy', 'current', false],
      ['contractsent', 'blocked', true],
    ]);
    expect(path[2]!.reasons).toHaveLength(1);
    const met = stagePath(STAGES, 'qualifiedtobuy', {
      gates: [gate()],
      completeness: withChampion,
    });
    expect(met[2]).toMatchObject({ status: 'ready', gated: true, reasons: [] });
  });

  it('shows a closed deal past every open stage, ending on its closed stage', () => {
    const path = stagePath(STAGES, 'closedwon', { gates: [gate()], completeness: empty });
    expect(path.map((step) => [step.stageId, step.status])).toEqual([
      ['appointmentscheduled', 'passed'],
      ['qualifiedtobuy', 'passed'],
      ['contractsent', 'passed'],
      ['closedwon', 'current'],
    ]);
    expect(path.every((step) => step.reasons.length === 0)).toBe(true);
    expect(nextStageOnPath(STAGES, 'closedwon')).toBeNull();
  });

  it('finds the next open stage in board order', () => {
    expect(nextStageOnPath(STAGES, 'qualifiedtobuy')?.id).toBe('contractsent');
    expect(nextStageOnPath(STAGES, 'contractsent')).toBeNull();
    expect(nextStageOnPath(STAGES, 'unknown')).toBeNull();
  });
});

describe('gate notice', () => {
  const reasons = [{ en: 'Find a champion.', de: 'Gewinnen Sie einen Champion.' }];
  it('names the stages and every missing item, in both languages', () => {
    const notice = gateNotice({
      dealName: 'Rhein Networks',
      enteredStageLabel: 'Contract sent',
      movedBackToLabel: 'Qualified to buy',
      reasons,
    });
    expect(notice.subject.en).toContain('moved back');
    expect(notice.body.en).toContain('“Qualified to buy”');
    expect(notice.body.en).toContain('• Find a champion.');
    expect(notice.body.de).toContain('• Gewinnen Sie einen Champion.');
    expect(notice.subject.de).toContain('zurückgesetzt');
  });
  it('picks the reader’s language, or writes both when it is unknown', () => {
    const text = { en: 'Hello', de: 'Hallo' };
    expect(inLanguage(text, 'de')).toBe('Hallo');
    expect(inLanguage(text, undefined)).toBe('Hello\n\nHallo');
  });
});
