// The contact card's hand-off offers the contact's open deals (made in HubSpot) for adoption.
import { Input, LoadingButton, Select } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { LeadQualification } from '../../extensions/app/cards/components/lead-qualification.tsx';
import { createApiMock, ok } from './api-mock.ts';
import { qualification } from './fixtures.ts';
import { fire } from './render-helpers.ts';

const mockApi = createApiMock();
jest.mock('../../extensions/app/cards/lib/api.ts', () => ({ useCardApi: () => mockApi }));

beforeEach(() => {
  for (const fn of Object.values(mockApi)) fn.mockReset();
});

const OPEN_DEALS = [
  {
    dealId: '950',
    name: 'Rhein Networks – CRM rollout',
    stageId: 'qualifiedtobuy',
    stageLabel: 'Qualified to buy',
    amount: '12000',
    createdAt: '2026-02-20T10:00:00.000Z',
  },
  {
    dealId: '940',
    name: 'Rhein Networks – pilot',
    stageId: 'appointmentscheduled',
    stageLabel: 'Appointment scheduled',
    amount: null,
    createdAt: '2026-01-10T10:00:00.000Z',
  },
];

function renderCard(locale = 'en-US') {
  const renderer = createRenderer('crm.record.tab');
  renderer.mocks.context.user.locale = locale;
  renderer.render(<LeadQualification />);
  return renderer;
}

describe('hand-off with existing open deals', () => {
  it('preselects the newest open deal and sends the adoption', async () => {
    // GIVEN a contact with two open deals made in HubSpot
    mockApi.getQualification.mockResolvedValue(ok({ ...qualification(), openDeals: OPEN_DEALS }));
    mockApi.handOff.mockResolvedValue(
      ok({
        dealId: '950',
        ownerId: 'o-s1',
        reopened: false,
        adopted: true,
        qualification: { ...qualification(), canHandOff: false, canReturn: true },
      }),
    );
    const { findByTestId, maybeFindByTestId, mocks, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Select, 'hand-off-existing-deal')).toBeDefined());
    // THEN the newest is preselected, every open deal and "new deal" are offered
    const picker = findByTestId(Select, 'hand-off-existing-deal');
    expect(picker.props.value).toBe('950');
    expect(picker.props.options.map((option) => option.label)).toEqual([
      'Adopt “Rhein Networks – CRM rollout” (Qualified to buy)',
      'Adopt “Rhein Networks – pilot” (Appointment scheduled)',
      'Open a new deal',
    ]);
    // AND an adopted deal keeps its name: no name field
    expect(maybeFindByTestId(Input, 'hand-off-deal-name')).toBeNull();
    // WHEN the seller hands off by round robin
    fire(findByTestId(Select, 'hand-off-mode'), 'onChange', 'round_robin');
    findByTestId(LoadingButton, 'hand-off-submit').trigger('onClick');
    await waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    // THEN the backend is asked to adopt that deal and the toast says so
    expect(mockApi.handOff).toHaveBeenCalledWith('123', {
      salesOwner: { mode: 'round_robin' },
      existingDeal: { mode: 'adopt', dealId: '950' },
    });
    expect(mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({
      type: 'success',
      message:
        'Handed off to sales: deal “Rhein Networks – CRM rollout” was adopted and is owned by Sam Sales; its plan starts there.',
    });
  });

  it('opens a new deal when the seller chooses so, in German', async () => {
    mockApi.getQualification.mockResolvedValue(ok({ ...qualification(), openDeals: OPEN_DEALS }));
    mockApi.handOff.mockResolvedValue(
      ok({ dealId: '990', ownerId: 'o-s1', reopened: false, qualification: qualification() }),
    );
    const { findByTestId, mocks, waitFor } = renderCard('de-DE');
    await waitFor(() => expect(findByTestId(Select, 'hand-off-existing-deal')).toBeDefined());
    expect(findByTestId(Select, 'hand-off-existing-deal').props.label).toBe('Deal');
    fire(findByTestId(Select, 'hand-off-existing-deal'), 'onChange', 'new');
    fire(findByTestId(Select, 'hand-off-mode'), 'onChange', 'round_robin');
    fire(findByTestId(Input, 'hand-off-deal-name'), 'onChange', 'Neues Projekt');
    findByTestId(LoadingButton, 'hand-off-submit').trigger('onClick');
    await waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    expect(mockApi.handOff).toHaveBeenCalledWith('123', {
      salesOwner: { mode: 'round_robin' },
      existingDeal: { mode: 'new' },
      dealName: 'Neues Projekt',
    });
  });
});
