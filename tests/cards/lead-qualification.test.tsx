import {
  Button,
  EmptyState,
  ErrorState,
  Link,
  LoadingButton,
  LoadingSpinner,
  Select,
  Input,
  StatisticsItem,
  Table,
  Tag,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { LeadQualification } from '../../extensions/app/cards/components/lead-qualification.tsx';
import { createApiMock, fail, ok } from './api-mock.ts';
import { qualification } from './fixtures.ts';
import { fire, textOf, untilCalled } from './render-helpers.ts';

const mockApi = createApiMock();
jest.mock('../../extensions/app/cards/lib/api.ts', () => ({ useCardApi: () => mockApi }));

beforeEach(() => {
  for (const fn of Object.values(mockApi)) fn.mockReset();
});

const PORTAL_ID = 4711;

function renderCard(locale = 'en-US') {
  const renderer = createRenderer('crm.record.tab');
  renderer.mocks.context.user.locale = locale;
  renderer.mocks.context.portal.id = PORTAL_ID;
  renderer.render(<LeadQualification />);
  return renderer;
}

describe('Lead qualification card', () => {
  it('shows a spinner while the qualification loads', async () => {
    // GIVEN a backend that has not answered yet
    mockApi.getQualification.mockReturnValue(new Promise(() => {}));
    // WHEN the card renders
    const { find } = renderCard();
    // THEN it shows the loading spinner and asked for this contact
    expect(find(LoadingSpinner).props.label).toBe('Loading the lead qualification…');
    await untilCalled(mockApi.getQualification);
    expect(mockApi.getQualification).toHaveBeenCalledWith('123');
  });

  it('shows an empty state when the contact is unknown to the app', async () => {
    mockApi.getQualification.mockResolvedValue(
      fail('not_found', 'Contact not found', 'Kontakt nicht gefunden'),
    );
    const { find, waitFor } = renderCard();
    await waitFor(() =>
      expect(find(EmptyState).props.title).toBe('No lead qualification for this contact'),
    );
  });

  it('shows the error with a retry that loads again', async () => {
    // GIVEN the backend fails once, then answers
    mockApi.getQualification
      .mockResolvedValueOnce(
        fail('hubspot_error', 'HubSpot is unavailable', 'HubSpot ist nicht erreichbar'),
      )
      .mockResolvedValueOnce(ok(qualification()));
    const { find, findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(textOf(find(ErrorState))).toContain('HubSpot is unavailable'));
    // WHEN the user retries
    findByTestId(Button, 'retry').trigger('onClick');
    // THEN the qualification appears
    await waitFor(() =>
      expect(findByTestId(Tag, 'lead-band').text).toBe('Marketing qualified (MQL)'),
    );
    expect(mockApi.getQualification).toHaveBeenCalledTimes(2);
  });

  it('shows scores, grade, band, reasons with signed points and the loop history', async () => {
    mockApi.getQualification.mockResolvedValue(ok(qualification()));
    const { findAll, findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Table, 'lead-reasons')).toBeDefined());
    const stats = findAll(StatisticsItem).map((item) => [item.props.label, item.props.number]);
    expect(stats).toEqual([
      ['Fit', '40'],
      ['Engagement', '35'],
      ['Total score', '75'],
      ['Grade', 'A2'],
    ]);
    const reasons = textOf(findByTestId(Table, 'lead-reasons'));
    expect(reasons).toContain('+20');
    expect(reasons).toContain('−5');
    expect(reasons).toContain('Email domain is gmail.com');
    expect(findByTestId(Text, 'lead-lifecycle').text).toBe('Marketing qualified lead');
    expect(findByTestId(Text, 'lead-status').text).toBe('Open');
    const history = textOf(findByTestId(Table, 'lead-history'));
    expect(history).toContain('Returned to marketing');
    expect(history).toContain('Bad timing · Call again in Q3');
    expect(history).toContain('Sam Sales');
    expect(findByTestId(Text, 'lead-loop-count').text).toBe('Returns to marketing: 1');
  });

  it('renders German texts and backend texts for a German user', async () => {
    mockApi.getQualification.mockResolvedValue(ok(qualification()));
    const { findByTestId, findAll, waitFor } = renderCard('de-DE');
    await waitFor(() => expect(findByTestId(Table, 'lead-reasons')).toBeDefined());
    expect(findAll(StatisticsItem).map((item) => item.props.label)).toEqual([
      'Fit',
      'Engagement',
      'Gesamtscore',
      'Einstufung',
    ]);
    expect(textOf(findByTestId(Table, 'lead-reasons'))).toContain('Branche ist Fertigung');
    expect(findByTestId(Tag, 'lead-band').text).toBe('Marketing-qualifiziert (MQL)');
    expect(findByTestId(LoadingButton, 'hand-off-submit').text).toBe('An den Vertrieb übergeben');
  });

  it('hands off to an explicitly chosen sales owner and shows the result', async () => {
    // GIVEN a handed-off answer that reopens the earlier deal
    const after = {
      ...qualification(),
      lifecycleStage: 'salesqualifiedlead',
      canHandOff: false,
      canReturn: true,
    };
    mockApi.getQualification.mockResolvedValue(ok(qualification()));
    mockApi.handOff.mockResolvedValue(
      ok({ dealId: '900', ownerId: 'o-s2', reopened: true, qualification: after }),
    );
    const { findByTestId, maybeFindByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Select, 'hand-off-owner')).toBeDefined());
    // THEN only sales-team owners are offered
    expect(findByTestId(Select, 'hand-off-owner').props.options.map((o) => o.value)).toEqual([
      'o-s1',
      'o-s2',
    ]);
    // WHEN the user submits without an owner, nothing is sent and the picker asks for one
    findByTestId(LoadingButton, 'hand-off-submit').trigger('onClick');
    await waitFor(() =>
      expect(findByTestId(Select, 'hand-off-owner').props.validationMessage).toBe(
        'Choose a sales owner',
      ),
    );
    expect(mockApi.handOff).not.toHaveBeenCalled();
    // WHEN they pick Sue, name the deal and submit
    fire(findByTestId(Select, 'hand-off-owner'), 'onChange', 'o-s2');
    fire(findByTestId(Input, 'hand-off-deal-name'), 'onChange', 'ACME – 2026');
    findByTestId(LoadingButton, 'hand-off-submit').trigger('onClick');
    // THEN the backend gets exactly that choice, the user sees the outcome, and the card updates
    await waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    expect(mockApi.handOff).toHaveBeenCalledWith('123', {
      salesOwner: { mode: 'explicit', ownerId: 'o-s2' },
      dealName: 'ACME – 2026',
    });
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      type: 'success',
      message: 'Handed off to sales: deal “ACME – 2026” was reopened and is owned by Sue Sales.',
    });
    // AND the record page refreshes (its Deals card shows the deal) and the deal is linked
    expect(mocks.actions.refreshObjectProperties.calls.length).toBe(1);
    await waitFor(() =>
      expect(findByTestId(Link, 'hand-off-deal-link').props.href).toEqual({
        url: `https://app.hubspot.com/contacts/${PORTAL_ID}/record/0-3/900`,
      }),
    );
    expect(findByTestId(Link, 'hand-off-deal-link').text).toBe('Open deal “ACME – 2026”');
    await waitFor(() =>
      expect(findByTestId(Text, 'lead-lifecycle').text).toBe('Sales qualified lead'),
    );
    expect(maybeFindByTestId(LoadingButton, 'hand-off-submit')).toBeNull();
    expect(findByTestId(LoadingButton, 'contact-return-submit')).toBeDefined();
  });

  it('hands off by round robin without an owner id', async () => {
    mockApi.getQualification.mockResolvedValue(ok(qualification()));
    mockApi.handOff.mockResolvedValue(
      ok({ dealId: '901', ownerId: 'o-s1', reopened: false, qualification: qualification() }),
    );
    const { findByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Select, 'hand-off-mode')).toBeDefined());
    fire(findByTestId(Select, 'hand-off-mode'), 'onChange', 'round_robin');
    findByTestId(LoadingButton, 'hand-off-submit').trigger('onClick');
    await waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    expect(mockApi.handOff).toHaveBeenCalledWith('123', { salesOwner: { mode: 'round_robin' } });
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      message: 'Handed off to sales: the new deal was created and is owned by Sam Sales.',
    });
  });

  it('shows the backend refusal of a hand-off as an error alert', async () => {
    mockApi.getQualification.mockResolvedValue(ok(qualification()));
    mockApi.handOff.mockResolvedValue(
      fail(
        'rejected',
        'The lead is below the MQL threshold',
        'Der Lead liegt unter der MQL-Schwelle',
      ),
    );
    const { findByTestId, mocks, waitFor } = renderCard('de');
    await waitFor(() => expect(findByTestId(Select, 'hand-off-mode')).toBeDefined());
    fire(findByTestId(Select, 'hand-off-mode'), 'onChange', 'keep');
    findByTestId(LoadingButton, 'hand-off-submit').trigger('onClick');
    await waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    expect(mockApi.handOff).toHaveBeenCalledWith('123', { salesOwner: { mode: 'keep' } });
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      type: 'danger',
      message: 'Der Lead liegt unter der MQL-Schwelle',
    });
  });

  it('returns the lead to marketing with a required reason and a note', async () => {
    // GIVEN a lead that sales may return
    const view = { ...qualification(), canHandOff: false, canReturn: true };
    const after = { ...view, canReturn: false, loop: { ...view.loop, count: 2 } };
    mockApi.getQualification.mockResolvedValue(ok(view));
    mockApi.returnContactToMarketing.mockResolvedValue(ok(after));
    const { findByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Select, 'contact-return-reason')).toBeDefined());
    // WHEN submitted without a reason, nothing is sent
    findByTestId(LoadingButton, 'contact-return-submit').trigger('onClick');
    await waitFor(() =>
      expect(findByTestId(Select, 'contact-return-reason').props.validationMessage).toBe(
        'Choose a reason',
      ),
    );
    expect(mockApi.returnContactToMarketing).not.toHaveBeenCalled();
    // WHEN a reason and a note are given
    fire(findByTestId(Select, 'contact-return-reason'), 'onChange', 'no_budget');
    fire(findByTestId(TextArea, 'contact-return-note'), 'onChange', 'Budget frozen until 2027');
    findByTestId(LoadingButton, 'contact-return-submit').trigger('onClick');
    // THEN the backend gets both and the loop count shown is the backend's new one
    await waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    expect(mockApi.returnContactToMarketing).toHaveBeenCalledWith('123', {
      reason: 'no_budget',
      note: 'Budget frozen until 2027',
    });
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      type: 'success',
      message: `${view.name} was returned to marketing. This is return number 2.`,
    });
    expect(mocks.actions.refreshObjectProperties.calls.length).toBe(1);
    await waitFor(() =>
      expect(findByTestId(Text, 'lead-loop-count').text).toBe('Returns to marketing: 2'),
    );
  });

  it('rescores on demand and shows the new score', async () => {
    const rescored = qualification();
    rescored.score = { ...rescored.score, total: 81, grade: 'A1' };
    mockApi.getQualification.mockResolvedValue(ok(qualification()));
    mockApi.rescoreContact.mockResolvedValue(ok(rescored));
    const { findByTestId, findAll, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(LoadingButton, 'rescore')).toBeDefined());
    findByTestId(LoadingButton, 'rescore').trigger('onClick');
    await waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    expect(mockApi.rescoreContact).toHaveBeenCalledWith('123');
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      message: 'Rescored: 81 points, grade A1.',
    });
    await waitFor(() => expect(findAll(StatisticsItem)[3]?.props.number).toBe('A1'));
  });
});
