import {
  Accordion,
  Alert,
  Button,
  CurrencyInput,
  DateInput,
  EmptyState,
  ErrorState,
  Input,
  LineChart,
  List,
  LoadingButton,
  LoadingSpinner,
  MultiSelect,
  ProgressBar,
  Select,
  StatusTag,
  StepIndicator,
  Tab,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { OpportunityPlan } from '../../extensions/app/cards/components/opportunity-plan.tsx';
import type { BuyingStep } from '../../extensions/app/cards/lib/types.ts';
import { createApiMock, keepDrafts, resetApiMock, fail, ok } from './api-mock.ts';
import {
  DRAFT_PUT_DELAY_MS,
  forgetKeptDrafts,
} from '../../extensions/app/cards/lib/section-drafts.ts';
import { emptyPlan, filledPlan } from './fixtures.ts';
import { fire, onDraftClock, textOf, untilCalled } from './render-helpers.ts';

const mockApi = createApiMock();
jest.mock('../../extensions/app/cards/lib/api.ts', () => ({ useCardApi: () => mockApi }));

beforeEach(() => {
  resetApiMock(mockApi);
  forgetKeptDrafts();
});

function renderCard(locale = 'en-US', userId?: number) {
  const renderer = createRenderer('crm.record.tab');
  renderer.mocks.context.user.locale = locale;
  if (userId !== undefined) renderer.mocks.context.user.id = userId;
  renderer.render(<OpportunityPlan />);
  return renderer;
}

const step = (id: string, name: string, patch: Partial<BuyingStep> = {}): BuyingStep => ({
  id,
  name,
  dueDate: null,
  status: 'planned',
  owner: '',
  needsApproval: false,
  legalRequirement: false,
  ...patch,
});

describe('Opportunity Plan card: states', () => {
  it('shows a spinner while the plan loads', async () => {
    mockApi.getPlan.mockReturnValue(new Promise(() => {}));
    const { find } = renderCard();
    expect(find(LoadingSpinner).props.label).toBe('Loading the Opportunity Plan…');
    await untilCalled(mockApi.getPlan);
    expect(mockApi.getPlan).toHaveBeenCalledWith('123');
  });

  it('shows the error with a retry', async () => {
    mockApi.getPlan
      .mockResolvedValueOnce(fail('rate_limited', 'HubSpot is busy', 'HubSpot ist ausgelastet'))
      .mockResolvedValueOnce(ok(filledPlan()));
    const { find, findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(textOf(find(ErrorState))).toContain('HubSpot is busy'));
    findByTestId(Button, 'retry').trigger('onClick');
    await waitFor(() =>
      expect(findByTestId(ProgressBar, 'plan-completeness').props.value).toBe(42),
    );
    expect(mockApi.getPlan).toHaveBeenNthCalledWith(2, '123');
  });

  it('invites to start an empty plan and still offers every section', async () => {
    mockApi.getPlan.mockResolvedValue(ok(emptyPlan()));
    const { find, findAll, findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(find(EmptyState).props.title).toBe('Start the Opportunity Plan'));
    // Two levels that fit at 1280 px: the plan's sections as one accordion, then the questions.
    expect(findAll(Tab).map((tab) => tab.props.title)).toEqual(['Plan sections', 'Qualification']);
    expect(findAll(Accordion).map((section) => section.props.title)).toEqual([
      'Account team (0 %)',
      'Customer profile (0 %)',
      'Opportunity summary (0 %)',
      'Milestones & buying process (0 %)',
      'Key people, roles & decision criteria (0 %)',
      'Competition (0 %)',
      'Return to marketing',
    ]);
    expect(findByTestId(StatusTag, 'plan-verdict').text).toBe('Qualification: Not assessed yet');
  });

  it('shows completeness, verdict, score, loops, the re-qualification alert and the score history', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { find, findByTestId, waitFor } = renderCard();
    await waitFor(() =>
      expect(findByTestId(ProgressBar, 'plan-completeness').props.value).toBe(42),
    );
    expect(findByTestId(StatusTag, 'plan-verdict').props.variant).toBe('warning');
    expect(findByTestId(StatusTag, 'plan-verdict').text).toBe('Qualification: At risk');
    expect(findByTestId(Text, 'plan-score').text).toBe('Score: 68');
    expect(findByTestId(Text, 'plan-loops').text).toBe('Returns to marketing: 1');
    const alert = textOf(findByTestId(Alert, 'plan-requalify'));
    expect(alert).toContain('by Mar 20, 2026');
    expect(alert).toContain('The deal moved to a new stage');
    expect(textOf(findByTestId(Text, 'qualification-trend'))).toBe('Trend: Improving (+13)');
    // who answered last, by name (assessments store the HubSpot user id)
    expect(textOf(findByTestId(Text, 'qualification-latest'))).toContain('by Sam Sales');
    const chart = find(LineChart);
    expect(chart.props.data).toHaveLength(2);
    expect((chart.props.data as { score: number }[]).map((row) => row.score)).toEqual([55, 68]);
    // who saved last, by name (sections store the HubSpot user id)
    expect(textOf(findByTestId(Text, 'section-buyingProcess-last-saved'))).toContain(
      'by Sam Sales',
    );
    // what is missing per section, in the user's language
    expect(textOf(findByTestId(List, 'section-buyingProcess-missing'))).toBe(
      'Missing buyingProcess.stepOwners',
    );
  });

  it('tells a deal never assessed that it is not assessed yet, not to answer "again"', async () => {
    const plan = emptyPlan();
    plan.assessment.requalification = {
      due: true,
      dueDate: null,
      reasons: [{ en: 'The deal has not been assessed yet.', de: 'Noch nicht bewertet.' }],
    };
    mockApi.getPlan.mockResolvedValue(ok(plan));
    const { findByTestId, maybeFindByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Alert, 'plan-not-assessed')).toBeDefined());
    expect(findByTestId(Alert, 'plan-not-assessed').props.title).toBe('Not assessed yet');
    expect(maybeFindByTestId(Alert, 'plan-requalify')).toBeNull();
  });

  it('names a last editor who is no owner of the portal as a user, in both languages', async () => {
    const plan = filledPlan();
    plan.sections.buyingProcess.updatedBy = '5001005';
    mockApi.getPlan.mockResolvedValue(ok(plan));
    const english = renderCard();
    await english.waitFor(() =>
      expect(textOf(english.findByTestId(Text, 'section-buyingProcess-last-saved'))).toContain(
        'by user 5001005',
      ),
    );
    const german = renderCard('de-DE');
    await german.waitFor(() =>
      expect(textOf(german.findByTestId(Text, 'section-buyingProcess-last-saved'))).toContain(
        'von Benutzer 5001005',
      ),
    );
  });

  it('shows a won deal as won, with no re-qualification or stage-gate banner', async () => {
    // GIVEN a deal the backend reports as won (it also clears the re-qualification), with a verdict
    const plan = { ...filledPlan(), outcome: 'won' as const };
    plan.stageGate = { allowed: false, reasons: [{ en: 'Gate', de: 'Schranke' }] };
    // (the backend's stage path of a won deal: every open stage passed, ending on the won stage)
    plan.dealStage = 'closedwon';
    plan.nextStage = null;
    plan.stagePath = [
      { stageId: 'qualifiedtobuy', label: 'Qualified', status: 'passed', gated: true, reasons: [] },
      { stageId: 'closedwon', label: 'Closed won', status: 'current', gated: false, reasons: [] },
    ];
    mockApi.getPlan.mockResolvedValue(ok(plan));
    const { find, findByTestId, maybeFindByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(StatusTag, 'plan-outcome').text).toBe('Won'));
    expect(maybeFindByTestId(Alert, 'plan-requalify')).toBeNull();
    expect(maybeFindByTestId(Alert, 'plan-not-assessed')).toBeNull();
    expect(maybeFindByTestId(Alert, 'plan-stage-gate')).toBeNull();
    // THEN the stage path ends on the won stage and says so, with no move button
    expect(find(StepIndicator).props.currentStep).toBe(1);
    expect(findByTestId(Text, 'stage-path-end').text).toBe(
      'The deal is won: every stage of the path is behind it.',
    );
    expect(maybeFindByTestId(Button, 'move-to-next-stage')).toBeNull();
  });

  it('refuses a negative revenue at the field, in German, before anything is sent', async () => {
    mockApi.getPlan.mockResolvedValue(ok(emptyPlan()));
    const { findByTestId, waitFor } = renderCard('de-DE');
    await waitFor(() => expect(findByTestId(CurrencyInput, 'customerProfile-annualRevenue')));
    fire(findByTestId(CurrencyInput, 'customerProfile-annualRevenue'), 'onChange', -5);
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    await waitFor(() =>
      expect(
        findByTestId(CurrencyInput, 'customerProfile-annualRevenue').props.validationMessage,
      ).toBe('Ein Betrag kann nicht negativ sein'),
    );
    // and an amount past the plan's limit says the range, in German number format
    fire(findByTestId(CurrencyInput, 'customerProfile-annualRevenue'), 'onChange', 2e15);
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    await waitFor(() =>
      expect(
        findByTestId(CurrencyInput, 'customerProfile-annualRevenue').props.validationMessage,
      ).toBe('Geben Sie einen Betrag von 0 bis 1.000.000.000.000.000 ein'),
    );
    expect(mockApi.saveSection).not.toHaveBeenCalled();
  });

  it("puts the backend's field errors next to their inputs, in the user's language", async () => {
    mockApi.getPlan.mockResolvedValue(ok(emptyPlan()));
    mockApi.saveSection.mockResolvedValue({
      ok: false,
      error: {
        code: 'validation_failed',
        message: { en: 'Please check', de: 'Bitte prüfen' },
        fields: [{ path: 'content.financials.fiscalYearEnd', message: 'This day does not exist' }],
      },
    });
    const { findByTestId, mocks, waitFor } = renderCard('de-DE');
    await waitFor(() => expect(findByTestId(Input, 'customerProfile-fiscalYearEnd')));
    fire(findByTestId(Input, 'customerProfile-fiscalYearEnd'), 'onChange', '12-31');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    await waitFor(() =>
      expect(findByTestId(Input, 'customerProfile-fiscalYearEnd').props.validationMessage).toBe(
        'Bitte prüfen Sie diesen Wert',
      ),
    );
    expect(JSON.stringify(mocks.actions.addAlert.calls)).not.toContain('This day does not exist');
  });

  it('speaks German to a German user, including the backend texts', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { findAll, findByTestId, waitFor } = renderCard('de-DE');
    await waitFor(() =>
      expect(findByTestId(StatusTag, 'plan-verdict').text).toBe('Qualifizierung: Gefährdet'),
    );
    expect(findAll(Accordion).map((section) => section.props.title)).toContain(
      'Schlüsselpersonen und Entscheidungskriterien (0 %)',
    );
    const alert = textOf(findByTestId(Alert, 'plan-requalify'));
    expect(alert).toContain('bis 20.03.2026');
    expect(alert).toContain('Der Deal ist in eine neue Phase gewechselt');
    expect(findByTestId(ProgressBar, 'section-buyingProcess-progress').props.valueDescription).toBe(
      '0 von 2 ausgefüllt',
    );
  });
});

describe('Opportunity Plan card: saving a section', () => {
  it('does not send a step without a name and marks the field', async () => {
    mockApi.getPlan.mockResolvedValue(ok(emptyPlan()));
    const { findByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Button, 'buyingProcess-steps-add')).toBeDefined());
    findByTestId(Button, 'buyingProcess-steps-add').trigger('onClick');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    await waitFor(() =>
      expect(findByTestId(Input, 'buyingProcess-steps-0-name').props.validationMessage).toBe(
        'Required',
      ),
    );
    expect(mockApi.saveSection).not.toHaveBeenCalled();
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({ type: 'warning' });
  });

  it('sends the ordered steps with dates, status and flags, and shows the new completeness', async () => {
    // GIVEN a plan with two steps
    const plan = filledPlan();
    mockApi.getPlan.mockResolvedValue(ok(plan));
    const saved = {
      rev: 4,
      updatedAt: '2026-03-04T10:00:00.000Z',
      updatedBy: '77',
      content: { steps: [], customerDeadlines: [] },
    };
    const completeness = structuredClone(plan.completeness);
    completeness.sections.buyingProcess = { percent: 100, filled: 4, total: 4, missing: [] };
    completeness.overall = 55;
    mockApi.saveSection.mockImplementation(async (_deal, _key, _rev, content) =>
      ok({ section: { ...saved, content }, completeness }),
    );
    const { findByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Input, 'buyingProcess-steps-1-name')).toBeDefined());
    // WHEN the user moves "Board approval" up, sets its date, status and legal flag, adds a deadline
    findByTestId(Button, 'buyingProcess-steps-1-up').trigger('onClick');
    fire(findByTestId(DateInput, 'buyingProcess-steps-0-dueDate'), 'onChange', {
      year: 2026,
      month: 4,
      date: 30,
    });
    fire(findByTestId(Select, 'buyingProcess-steps-0-status'), 'onChange', 'blocked');
    fire(findByTestId(Input, 'buyingProcess-steps-0-owner'), 'onChange', 'CFO');
    findByTestId(Button, 'buyingProcess-customerDeadlines-add').trigger('onClick');
    fire(
      findByTestId(Input, 'buyingProcess-customerDeadlines-0-name'),
      'onChange',
      'Budget freeze',
    );
    fire(findByTestId(DateInput, 'buyingProcess-customerDeadlines-0-date'), 'onChange', {
      year: 2026,
      month: 11,
      date: 1,
    });
    findByTestId(Button, 'buyingProcess-steps-1-remove').trigger('onClick');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    // THEN the backend gets the stored revision and exactly the edited content
    await waitFor(() => expect(mockApi.saveSection).toHaveBeenCalledTimes(1));
    const [dealId, key, rev, content] = mockApi.saveSection.mock.calls[0] as [
      string,
      string,
      number,
      { steps: BuyingStep[]; customerDeadlines: { name: string; date: string }[] },
    ];
    expect([dealId, key, rev]).toEqual(['123', 'buyingProcess', 3]);
    expect(content.steps).toEqual([
      step('s2', 'Board approval', {
        dueDate: '2026-05-30',
        status: 'blocked',
        owner: 'CFO',
        needsApproval: true,
      }),
    ]);
    expect(content.customerDeadlines).toEqual([
      expect.objectContaining({ name: 'Budget freeze', date: '2026-12-01' }),
    ]);
    // AND the section shows the backend's new completeness and the user is told
    await waitFor(() =>
      expect(findByTestId(ProgressBar, 'section-buyingProcess-progress').props.value).toBe(100),
    );
    expect(findByTestId(ProgressBar, 'plan-completeness').props.value).toBe(55);
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      type: 'success',
      message: 'Milestones & buying process saved.',
    });
  });

  it('on a conflict shows what changed and overwrites knowingly with the current revision', async () => {
    // GIVEN someone else saved the competition section as rev 5
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const theirs = {
      rev: 5,
      updatedAt: '2026-03-04T11:00:00.000Z',
      updatedBy: '88',
      content: { noCompetitionKnown: false, competitors: [] },
    };
    mockApi.saveSection
      .mockResolvedValueOnce(
        fail('conflict', 'Changed meanwhile', 'Inzwischen geändert', {
          current: theirs,
          changedFields: ['competitors', 'noCompetitionKnown'],
        }),
      )
      .mockImplementationOnce(async (_deal, _key, rev, content) =>
        ok({
          section: { ...theirs, rev: rev + 1, content },
          completeness: filledPlan().completeness,
        }),
      );
    const { findByTestId, maybeFindByTestId, waitFor } = renderCard();
    await waitFor(() =>
      expect(findByTestId(Input, 'competition-competitors-0-name')).toBeDefined(),
    );
    // WHEN the user renames the competitor and saves with the old revision
    fire(findByTestId(Input, 'competition-competitors-0-name'), 'onChange', 'Globex Corp');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    // THEN the conflict names the fields they changed, as the form labels them: the competitors
    // (they removed them), not "No competition known", which neither of them touched
    await waitFor(() => expect(findByTestId(Alert, 'section-competition-conflict')).toBeDefined());
    const conflictText = textOf(findByTestId(Alert, 'section-competition-conflict'));
    expect(conflictText).toContain('They changed: Competitors.');
    expect(conflictText).not.toContain('No competition known');
    expect(mockApi.saveSection.mock.calls[0]?.[2]).toBe(1);
    // WHEN they overwrite
    findByTestId(Button, 'section-competition-overwrite').trigger('onClick');
    // THEN their draft is re-sent with the current revision and the conflict is gone
    await waitFor(() => expect(mockApi.saveSection).toHaveBeenCalledTimes(2));
    const [, key, rev, content] = mockApi.saveSection.mock.calls[1] as [
      string,
      string,
      number,
      { competitors: { name: string }[] },
    ];
    expect([key, rev]).toEqual(['competition', 5]);
    expect(content.competitors.map((competitor) => competitor.name)).toEqual(['Globex Corp']);
    await waitFor(() =>
      expect(maybeFindByTestId(Alert, 'section-competition-conflict')).toBeNull(),
    );
  });

  it('on a conflict can load their version instead', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const theirs = {
      rev: 7,
      updatedAt: '2026-03-04T11:00:00.000Z',
      updatedBy: '88',
      content: { steps: [step('x1', 'Security review')], customerDeadlines: [] },
    };
    mockApi.saveSection.mockResolvedValueOnce(
      fail('conflict', 'Changed meanwhile', 'Inzwischen geändert', {
        current: theirs,
        changedFields: ['steps'],
      }),
    );
    const { findByTestId, maybeFindByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Input, 'buyingProcess-steps-0-name')).toBeDefined());
    fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Pilot, renamed');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    await waitFor(() => expect(findByTestId(Button, 'section-buyingProcess-reload')).toBeDefined());
    findByTestId(Button, 'section-buyingProcess-reload').trigger('onClick');
    await waitFor(() =>
      expect(findByTestId(Input, 'buyingProcess-steps-0-name').props.value).toBe('Security review'),
    );
    expect(maybeFindByTestId(Input, 'buyingProcess-steps-1-name')).toBeNull();
    expect(mockApi.saveSection).toHaveBeenCalledTimes(1);
  });
});

describe('Opportunity Plan card: one Save/Cancel bar and kept drafts', () => {
  it('shows the bar only while something is unsaved, marks the section, and discards on Cancel', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { findByTestId, maybeFindByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Input, 'buyingProcess-steps-0-name')).toBeDefined());
    expect(maybeFindByTestId(LoadingButton, 'plan-save')).toBeNull();
    const original = findByTestId(Input, 'buyingProcess-steps-0-name').props.value;
    fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Pilot, renamed');
    expect(textOf(findByTestId(Text, 'plan-unsaved'))).toBe(
      'Unsaved changes: Milestones & buying process',
    );
    expect(findByTestId(Accordion, 'plan-section-buyingProcess').props.title).toBe(
      'Milestones & buying process (50 %) · unsaved',
    );
    expect(findByTestId(Accordion, 'plan-section-competition').props.title).toBe(
      'Competition (0 %)',
    );
    findByTestId(Button, 'plan-cancel').trigger('onClick');
    await waitFor(() => expect(maybeFindByTestId(LoadingButton, 'plan-save')).toBeNull());
    expect(findByTestId(Input, 'buyingProcess-steps-0-name').props.value).toBe(original);
    expect(mockApi.saveSection).not.toHaveBeenCalled();
  });

  it('saves every changed section with its own revision from the one bar', async () => {
    const plan = filledPlan();
    mockApi.getPlan.mockResolvedValue(ok(plan));
    mockApi.saveSection.mockImplementation(async (_deal, _key, rev, content) =>
      ok({
        section: { rev: rev + 1, updatedAt: '2026-03-04T10:00:00.000Z', updatedBy: '77', content },
        completeness: plan.completeness,
      }),
    );
    const { findByTestId, maybeFindByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Input, 'buyingProcess-steps-0-name')).toBeDefined());
    fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Pilot, renamed');
    fire(findByTestId(Input, 'competition-competitors-0-name'), 'onChange', 'Globex Corp');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    await waitFor(() => expect(mockApi.saveSection).toHaveBeenCalledTimes(2));
    expect(mockApi.saveSection.mock.calls.map((call) => [call[1], call[2]])).toEqual([
      ['buyingProcess', 3],
      ['competition', 1],
    ]);
    await waitFor(() => expect(maybeFindByTestId(LoadingButton, 'plan-save')).toBeNull());
    expect(mocks.actions.addAlert.calls.map((call) => call[0])).toContainEqual(
      expect.objectContaining({
        type: 'success',
        message: 'Milestones & buying process, Competition saved.',
      }),
    );
  });

  it('restores unsaved changes when the card is mounted again, and says from when', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const first = renderCard();
    await first.waitFor(() =>
      expect(first.findByTestId(Input, 'buyingProcess-steps-0-name')).toBeDefined(),
    );
    fire(first.findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Kept draft');
    // The same user opens the record again (a language switch, a record switch and back) in German
    const second = renderCard('de-DE');
    await second.waitFor(() =>
      expect(second.findByTestId(Input, 'buyingProcess-steps-0-name').props.value).toBe(
        'Kept draft',
      ),
    );
    expect(textOf(second.findByTestId(Alert, 'plan-restored'))).toMatch(
      /^Ungespeicherte Änderungen vom .+ wurden wiederhergestellt\./,
    );
    expect(second.findByTestId(LoadingButton, 'plan-save').text).toBe('Änderungen speichern');
  });

  it('after a conflict keeps their changes to other fields when saving over theirs', async () => {
    // GIVEN someone else added a customer deadline while this user renamed a step
    const plan = filledPlan();
    mockApi.getPlan.mockResolvedValue(ok(plan));
    const base = plan.sections.buyingProcess;
    const deadline = { id: 'd9', name: 'Board meeting', date: '2026-06-01' };
    const theirs = {
      ...base,
      rev: base.rev + 1,
      updatedBy: '88',
      content: { ...base.content, customerDeadlines: [deadline] },
    };
    mockApi.saveSection
      .mockResolvedValueOnce(
        fail('conflict', 'Changed meanwhile', 'Inzwischen geändert', {
          current: theirs,
          changedFields: ['steps', 'customerDeadlines'],
        }),
      )
      .mockImplementationOnce(async (_deal, _key, rev, content) =>
        ok({ section: { ...theirs, rev: rev + 1, content }, completeness: plan.completeness }),
      );
    const { findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Input, 'buyingProcess-steps-0-name')).toBeDefined());
    fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Pilot, renamed');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    // THEN the conflict names only their field
    await waitFor(() =>
      expect(textOf(findByTestId(Alert, 'section-buyingProcess-conflict'))).toContain(
        'They changed: Customer deadlines.',
      ),
    );
    // WHEN they save over theirs: their deadline stays, the renamed step is sent
    findByTestId(Button, 'section-buyingProcess-overwrite').trigger('onClick');
    await waitFor(() => expect(mockApi.saveSection).toHaveBeenCalledTimes(2));
    const [, , rev, content] = mockApi.saveSection.mock.calls[1] as [
      string,
      string,
      number,
      { steps: BuyingStep[]; customerDeadlines: object[] },
    ];
    expect(rev).toBe(theirs.rev);
    expect(content.customerDeadlines).toEqual([deadline]);
    expect(content.steps[0]?.name).toBe('Pilot, renamed');
  });
});

/** The draft puts whose first step's name starts with `prefix` (other tests' cards put others). */
function putsNamed(prefix: string) {
  return mockApi.putDraft.mock.calls.filter((call) => {
    const draft = call[2] as { content: { steps?: BuyingStep[] } };
    return draft.content.steps?.[0]?.name.startsWith(prefix) === true;
  });
}

describe('Opportunity Plan card: drafts kept by the backend across a page reload', () => {
  it('puts a draft after a pause in typing and deletes it when the section is saved', async () => {
    const plan = filledPlan();
    mockApi.getPlan.mockResolvedValue(ok(plan));
    mockApi.saveSection.mockImplementation(async (_deal, _key, rev, content) =>
      ok({
        section: { ...plan.sections.buyingProcess, rev: rev + 1, content },
        completeness: plan.completeness,
      }),
    );
    // (a user of its own: earlier tests' cards stay mounted, and one whose pause ends now would
    // put the drafts of its scope, portal, user and record, which would be this test's edit)
    const { findByTestId, waitFor } = renderCard('en-US', 9001);
    await waitFor(() => expect(findByTestId(Input, 'buyingProcess-steps-0-name')).toBeDefined());
    await onDraftClock(async () => {
      // WHEN the user types twice, then pauses a moment less than the pause
      fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Pilot, ren');
      fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Pilot, renamed');
      await jest.advanceTimersByTimeAsync(DRAFT_PUT_DELAY_MS - 1);
      // THEN nothing is put yet
      expect(putsNamed('Pilot, ren')).toHaveLength(0);
      // WHEN the pause is over
      await jest.advanceTimersByTimeAsync(1);
    });
    // THEN one put carries the last keystroke and the revision the edit started from
    expect(putsNamed('Pilot, ren')).toHaveLength(1);
    const [dealId, section, draft] = putsNamed('Pilot, ren')[0] as [
      string,
      string,
      { baseRev: number; content: { steps: BuyingStep[] }; baseContent: object },
    ];
    expect([dealId, section, draft.baseRev]).toEqual([
      '123',
      'buyingProcess',
      plan.sections.buyingProcess.rev,
    ]);
    expect(draft.content.steps[0]?.name).toBe('Pilot, renamed');
    expect(draft.baseContent).toEqual(plan.sections.buyingProcess.content);
    // AND a save deletes it
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    await waitFor(() => expect(mockApi.deleteDraft).toHaveBeenCalledWith('123', 'buyingProcess'));
  });

  it('says when a draft could not be kept for a reload, until a later put succeeds', async () => {
    const plan = filledPlan();
    mockApi.getPlan.mockResolvedValue(ok(plan));
    const { findByTestId, maybeFindByTestId, waitFor } = renderCard('en-US', 9002);
    await waitFor(() => expect(findByTestId(Input, 'buyingProcess-steps-0-name')).toBeDefined());
    // GIVEN the backend refuses the draft (a network failure comes back the same way)
    mockApi.putDraft.mockResolvedValue(
      fail('unavailable', 'Try again later.', 'Versuchen Sie es später erneut.'),
    );
    // WHEN the user types and pauses
    await onDraftClock(async () => {
      fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Pilot, not kept');
      await jest.advanceTimersByTimeAsync(DRAFT_PUT_DELAY_MS);
    });
    // THEN the bar says a reload would lose the section's changes
    await waitFor(() =>
      expect(textOf(findByTestId(Text, 'plan-not-kept'))).toBe(
        'Your changes to Milestones & buying process could not be kept for a page reload. Save them before you leave this page.',
      ),
    );
    // AND once a later put is kept, the warning goes
    keepDrafts(mockApi);
    await onDraftClock(async () => {
      fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Pilot, kept');
      await jest.advanceTimersByTimeAsync(DRAFT_PUT_DELAY_MS);
    });
    await waitFor(() => expect(maybeFindByTestId(Text, 'plan-not-kept')).toBeNull());
  });

  it('restores the backend’s drafts in a new worker, and Discard deletes them', async () => {
    // GIVEN a draft the backend kept (the page was reloaded: nothing in this worker's memory)
    const plan = filledPlan();
    const stored = plan.sections.buyingProcess;
    const typed = structuredClone(stored.content);
    typed.steps[0]!.name = 'Typed before the reload';
    mockApi.getPlan.mockResolvedValue(ok(plan));
    mockApi.listDrafts.mockResolvedValue(
      ok({
        drafts: [
          {
            section: 'buyingProcess',
            content: typed,
            baseRev: stored.rev,
            baseContent: stored.content,
            updatedAt: '2026-03-04T09:30:00.000Z',
          },
        ],
      }),
    );
    const { findByTestId, maybeFindByTestId, waitFor } = renderCard();
    // THEN the typed text is back, with the note from when and the bar
    await waitFor(() =>
      expect(findByTestId(Input, 'buyingProcess-steps-0-name').props.value).toBe(
        'Typed before the reload',
      ),
    );
    expect(mockApi.listDrafts).toHaveBeenCalledWith('123');
    expect(textOf(findByTestId(Alert, 'plan-restored'))).toMatch(
      /^Unsaved changes from .+ were restored\. Save or discard them\./,
    );
    expect(textOf(findByTestId(Text, 'plan-unsaved'))).toBe(
      'Unsaved changes: Milestones & buying process',
    );
    // WHEN the user discards them from the note
    findByTestId(Button, 'plan-restored-discard').trigger('onClick');
    // THEN the stored text returns and the backend forgets the drafts
    await waitFor(() => expect(maybeFindByTestId(Alert, 'plan-restored')).toBeNull());
    expect(findByTestId(Input, 'buyingProcess-steps-0-name').props.value).toBe(
      stored.content.steps[0]!.name,
    );
    expect(mockApi.deleteDrafts).toHaveBeenCalledWith('123');
  });

  it('restores a draft someone else saved over as a conflict naming their fields', async () => {
    // GIVEN a kept draft started from revision 1, and revision 2 added a customer deadline
    const plan = filledPlan();
    const stored = plan.sections.buyingProcess;
    const base = structuredClone(stored.content);
    stored.content.customerDeadlines = [{ id: 'd9', name: 'Board meeting', date: '2026-06-01' }];
    const typed = structuredClone(base);
    typed.steps[0]!.name = 'Typed before the reload';
    mockApi.getPlan.mockResolvedValue(ok(plan));
    mockApi.listDrafts.mockResolvedValue(
      ok({
        drafts: [
          {
            section: 'buyingProcess',
            content: typed,
            baseRev: stored.rev - 1,
            baseContent: base,
            updatedAt: '2026-03-04T09:30:00.000Z',
          },
        ],
      }),
    );
    const { findByTestId, waitFor } = renderCard();
    // THEN the text is kept and the section shows the conflict with only their field
    await waitFor(() =>
      expect(textOf(findByTestId(Alert, 'section-buyingProcess-conflict'))).toContain(
        'They changed: Customer deadlines.',
      ),
    );
    expect(findByTestId(Input, 'buyingProcess-steps-0-name').props.value).toBe(
      'Typed before the reload',
    );
  });
});

describe('Opportunity Plan card: key people', () => {
  it('adds an associated contact with its buying roles and sends the per-deal attributes', async () => {
    // GIVEN a deal whose associated contact Dana is a budget holder, not yet in the plan
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    mockApi.saveSection.mockImplementation(async (_deal, _key, rev, content) =>
      ok({
        section: { rev: rev + 1, updatedAt: null, updatedBy: null, content },
        completeness: filledPlan().completeness,
      }),
    );
    const { findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Button, 'keyPeople-add-501')).toBeDefined());
    // WHEN the seller adds her and records how she stands
    findByTestId(Button, 'keyPeople-add-501').trigger('onClick');
    expect(findByTestId(MultiSelect, 'keyPeople-stakeholders-0-roles').props.value).toEqual([
      'budget_holder',
    ]);
    fire(findByTestId(MultiSelect, 'keyPeople-stakeholders-0-roles'), 'onChange', [
      'budget_holder',
      'decision_maker',
    ]);
    fire(findByTestId(Select, 'keyPeople-stakeholders-0-opinion'), 'onChange', 'supporter');
    fire(findByTestId(Select, 'keyPeople-stakeholders-0-familiarity'), 'onChange', 4);
    findByTestId(Button, 'keyPeople-stakeholders-0-criteria-add').trigger('onClick');
    fire(
      findByTestId(Input, 'keyPeople-stakeholders-0-criteria-0'),
      'onChange',
      'Payback < 2 years',
    );
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    // THEN the section sent carries the contact, roles and attributes
    await waitFor(() => expect(mockApi.saveSection).toHaveBeenCalledTimes(1));
    const [, key, rev, content] = mockApi.saveSection.mock.calls[0] as [
      string,
      string,
      number,
      { stakeholders: object[] },
    ];
    expect([key, rev]).toEqual(['keyPeople', 0]);
    expect(content.stakeholders).toEqual([
      expect.objectContaining({
        contactId: '501',
        buyingRoles: ['budget_holder', 'decision_maker'],
        opinionOfUs: 'supporter',
        familiarity: 4,
        decisionCriteria: ['Payback < 2 years'],
      }),
    ]);
  });
});

describe('Opportunity Plan card: key people associated by the save', () => {
  it('tells the seller when the save associated a contact with the deal', async () => {
    // GIVEN the backend associated the picked contact so its buying role shows in HubSpot
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    mockApi.saveSection.mockImplementation(async (_deal, _key, rev, content) =>
      ok({
        section: { rev: rev + 1, updatedAt: null, updatedBy: null, content },
        completeness: filledPlan().completeness,
        buyingRoles: {
          associatedContactIds: ['501'],
          message: {
            en: 'The contact is now associated.',
            de: 'Der Kontakt ist jetzt zugeordnet.',
          },
        },
      }),
    );
    const { findByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Button, 'keyPeople-add-501')).toBeDefined());
    findByTestId(Button, 'keyPeople-add-501').trigger('onClick');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    // THEN besides "saved" the card says so
    await waitFor(() =>
      expect(mocks.actions.addAlert.calls.map((call) => call[0])).toContainEqual({
        type: 'info',
        message: 'The contact is now associated.',
      }),
    );
  });
});

describe('Opportunity Plan card: qualification and return', () => {
  it('sends the four answers with evidence and the decision date', async () => {
    const plan = filledPlan();
    mockApi.getPlan.mockResolvedValue(ok(plan));
    mockApi.submitAssessment.mockResolvedValue(
      ok({
        ...plan.assessment,
        latest: { ...plan.assessment.latest!, id: 'a3', score: 81, verdict: 'qualified' },
      }),
    );
    const { findByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Select, 'assessment-can_win')).toBeDefined());
    // prefilled with the latest answers; the seller changes one and adds evidence
    expect(findByTestId(Select, 'assessment-real_opportunity').props.value).toBe(4);
    fire(findByTestId(Select, 'assessment-can_win'), 'onChange', 5);
    fire(
      findByTestId(TextArea, 'assessment-can_win-evidence'),
      'onChange',
      'CEO sponsor confirmed',
    );
    findByTestId(LoadingButton, 'assessment-submit').trigger('onClick');
    await waitFor(() => expect(mockApi.submitAssessment).toHaveBeenCalledTimes(1));
    expect(mockApi.submitAssessment).toHaveBeenCalledWith('123', {
      answers: [
        { question: 'real_opportunity', value: 4, evidence: 'Budget approved' },
        { question: 'competitive_position', value: 3, evidence: '' },
        { question: 'good_deal', value: 4, evidence: '' },
        { question: 'can_win', value: 5, evidence: 'CEO sponsor confirmed' },
      ],
      expectedDecisionDate: '2026-05-15',
    });
    await waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      message: 'Assessment saved. Score 81: Qualified.',
    });
    await waitFor(() =>
      expect(findByTestId(StatusTag, 'plan-verdict').text).toBe('Qualification: Qualified'),
    );
  });

  it('returns the deal to marketing with a reason and shows the loop count', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    mockApi.returnDealToMarketing.mockResolvedValue(
      ok({ contactIds: ['501', '502'], loopCount: 2 }),
    );
    const { findByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Select, 'deal-return-reason')).toBeDefined());
    findByTestId(LoadingButton, 'deal-return-submit').trigger('onClick');
    await waitFor(() => expect(findByTestId(Select, 'deal-return-reason').props.error).toBe(true));
    expect(mockApi.returnDealToMarketing).not.toHaveBeenCalled();
    fire(findByTestId(Select, 'deal-return-reason'), 'onChange', 'bad_timing');
    findByTestId(LoadingButton, 'deal-return-submit').trigger('onClick');
    await waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    expect(mockApi.returnDealToMarketing).toHaveBeenCalledWith('123', { reason: 'bad_timing' });
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      type: 'success',
      message: '2 contacts were returned to marketing. This is return number 2.',
    });
    // the plan is loaded again so the header shows the backend's new loop count
    await waitFor(() => expect(mockApi.getPlan).toHaveBeenCalledTimes(2));
  });
});
