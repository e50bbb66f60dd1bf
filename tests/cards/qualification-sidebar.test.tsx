import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  List,
  LoadingSpinner,
  ProgressBar,
  StatusTag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { OpportunityPlan } from '../../extensions/app/cards/components/opportunity-plan.tsx';
import { QualificationSidebar } from '../../extensions/app/cards/components/qualification-sidebar.tsx';
import { createApiMock, fail, ok, resetApiMock } from './api-mock.ts';
import { emptyPlan, filledPlan } from './fixtures.ts';
import { textOf, untilCalled } from './render-helpers.ts';

const mockApi = createApiMock();
jest.mock('../../extensions/app/cards/lib/api.ts', () => ({ useCardApi: () => mockApi }));

beforeEach(() => {
  resetApiMock(mockApi);
});

function renderCard(locale = 'en-US') {
  const renderer = createRenderer('crm.record.sidebar');
  renderer.mocks.context.user.locale = locale;
  renderer.render(<QualificationSidebar />);
  return renderer;
}

describe('Qualification sidebar card', () => {
  it('shows a spinner while the plan loads', async () => {
    mockApi.getPlan.mockReturnValue(new Promise(() => {}));
    const { find } = renderCard();
    expect(find(LoadingSpinner)).toBeDefined();
    await untilCalled(mockApi.getPlan);
    expect(mockApi.getPlan).toHaveBeenCalledWith('123');
  });

  it('shows the error with a retry', async () => {
    mockApi.getPlan.mockResolvedValue(fail('internal', 'Unexpected error', 'Unerwarteter Fehler'));
    const { find, findByTestId, waitFor } = renderCard('de');
    await waitFor(() => expect(textOf(find(ErrorState))).toContain('Unerwarteter Fehler'));
    findByTestId(Button, 'retry').trigger('onClick');
    await waitFor(() => expect(mockApi.getPlan).toHaveBeenCalledTimes(2));
  });

  it('says the deal is not assessed yet and lists the first gaps of the plan', async () => {
    mockApi.getPlan.mockResolvedValue(ok(emptyPlan()));
    const { find, findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(find(EmptyState).props.title).toBe('Not assessed yet'));
    expect(findByTestId(Text, 'sidebar-score').text).toBe('—');
    const missing = findByTestId(List, 'sidebar-missing').childNodes.map((node) => textOf(node));
    expect(missing).toEqual([
      'Account team: Missing accountTeam.lead',
      'Account team: Missing accountTeam.members',
      'Customer profile: Missing customerProfile.businessAreas',
      'Opportunity summary: Missing opportunitySummary.description',
      'Milestones & buying process: Missing buyingProcess.steps',
    ]);
  });

  it('shows verdict, score, completeness and the re-qualification date in German', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { findByTestId, waitFor } = renderCard('de-AT');
    await waitFor(() => expect(findByTestId(StatusTag, 'sidebar-verdict').text).toBe('Gefährdet'));
    expect(findByTestId(Text, 'sidebar-score').text).toBe('68');
    expect(findByTestId(Text, 'sidebar-due').text).toBe('20.03.2026');
    expect(findByTestId(ProgressBar, 'sidebar-completeness').props).toMatchObject({
      value: 42,
      title: 'Vollständigkeit des Plans',
    });
    expect(textOf(findByTestId(List, 'sidebar-missing'))).toContain(
      'Meilensteine und Kaufprozess: Fehlt: buyingProcess.stepOwners',
    );
  });

  it('reloads when the deal changes under it, so it agrees with the plan tab', async () => {
    // GIVEN the sidebar showing a plan at 0 %
    mockApi.getPlan.mockResolvedValueOnce(ok(emptyPlan()));
    const { findByTestId, mocks, waitFor } = renderCard();
    await waitFor(() =>
      expect(findByTestId(ProgressBar, 'sidebar-completeness').props.value).toBe(0),
    );
    const register = mocks.actions.onCrmPropertiesUpdate as unknown as {
      calls: [string[] | '*', (properties: Record<string, string>) => void][];
    };
    expect(register.calls).toHaveLength(1);
    const notify = register.calls[0]![1];
    // WHEN HubSpot reports the record's properties: first as loaded, then the same again
    notify({ op_plan_completeness: '0' });
    notify({ op_plan_completeness: '0' });
    // THEN nothing is reloaded
    expect(mockApi.getPlan).toHaveBeenCalledTimes(1);
    // WHEN the plan tab saved and the values changed
    mockApi.getPlan.mockResolvedValueOnce(ok(filledPlan()));
    notify({ op_plan_completeness: '44' });
    // THEN the sidebar loads the plan again and shows the new completeness without a spinner
    await waitFor(() => expect(mockApi.getPlan).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(findByTestId(ProgressBar, 'sidebar-completeness').props.value).toBe(
        filledPlan().completeness.overall,
      ),
    );
  });

  it('agrees with the plan tab on the re-qualify day and the completeness', async () => {
    // GIVEN one deal whose plan both cards read
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const sidebar = renderCard('de-DE');
    const tab = createRenderer('crm.record.tab');
    tab.mocks.context.user.locale = 'de-DE';
    tab.render(<OpportunityPlan />);
    await sidebar.waitFor(() => expect(sidebar.findByTestId(Text, 'sidebar-due')).toBeDefined());
    await tab.waitFor(() => expect(tab.findByTestId(Text, 'plan-requalify-by')).toBeDefined());
    // THEN both name the same day under the deal property's label, and the same percentage
    const day = sidebar.findByTestId(Text, 'sidebar-due').text;
    expect(day).toBe('20.03.2026');
    expect(tab.findByTestId(Text, 'plan-requalify-by').text).toBe(`Neu qualifizieren bis: ${day}`);
    expect(textOf(tab.findByTestId(Alert, 'plan-requalify'))).toContain(`bis ${day}`);
    expect(sidebar.findByTestId(ProgressBar, 'sidebar-completeness').props.value).toBe(
      tab.findByTestId(ProgressBar, 'plan-completeness').props.value,
    );
  });

  it('shows no re-qualify day on a won deal, like the plan tab', async () => {
    const won = filledPlan();
    won.outcome = 'won';
    won.assessment.requalification = { due: false, dueDate: null, reasons: [] };
    mockApi.getPlan.mockResolvedValue(ok(won));
    const { findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Text, 'sidebar-due').text).toBe('—'));
  });
});
