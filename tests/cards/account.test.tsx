import {
  Alert,
  Button,
  CurrencyInput,
  Input,
  LoadingButton,
  NumberInput,
  Select,
  Tab,
  Table,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CompanyAccount } from '../../extensions/app/cards/components/company-account.tsx';
import { OpportunityPlan } from '../../extensions/app/cards/components/opportunity-plan.tsx';
import type {
  CompanyAccountView,
  DealAccountView,
  RelationshipMap,
} from '../../extensions/app/cards/lib/account-types.ts';
import { catalogueKeys } from '../../extensions/app/cards/lib/i18n.ts';
import { accountDe, accountEn } from '../../extensions/app/cards/lib/messages/account.ts';
import {
  DRAFT_PUT_DELAY_MS,
  forgetKeptDrafts,
} from '../../extensions/app/cards/lib/section-drafts.ts';
import { createApiMock, resetApiMock, ok } from './api-mock.ts';
import { emptyPlan } from './fixtures.ts';
import { fire, onDraftClock, textOf, untilCalled } from './render-helpers.ts';

const mockApi = createApiMock();
jest.mock('../../extensions/app/cards/lib/api.ts', () => ({ useCardApi: () => mockApi }));

beforeEach(() => {
  resetApiMock(mockApi);
  forgetKeptDrafts();
});

const profileContent = {
  businessAreas: ['Retail'],
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
};

const map: RelationshipMap = {
  nodes: [
    {
      contactId: '1',
      name: 'Berta Boss',
      jobTitle: 'CEO',
      inCommittee: true,
      buyingRoles: ['champion'],
      roleInProcess: '',
      influence: 'high',
      attitudeToChange: 'pragmatist',
      opinionOfUs: 'critic',
      coverage: 'strong',
      managerId: null,
      depth: 0,
      dealIds: ['10', '11'],
    },
    {
      contactId: '2',
      name: 'Sven Staff',
      jobTitle: null,
      inCommittee: true,
      buyingRoles: ['user'],
      roleInProcess: '',
      influence: null,
      attitudeToChange: null,
      opinionOfUs: 'unknown',
      coverage: 'unknown',
      managerId: '1',
      depth: 1,
      dealIds: ['10'],
    },
  ],
  gaps: [
    {
      role: 'decision_maker',
      item: 'keyPeople.decisionMaker',
      hint: {
        en: 'Find out who makes the decision.',
        de: 'Finden Sie heraus, wer die Entscheidung trifft.',
      },
    },
  ],
  risks: [{ contactId: '1', reason: 'critic_with_influence' }],
};

function companyView(): CompanyAccountView {
  return {
    companyId: '500',
    name: 'Acme GmbH',
    customerSince: '2026-10-01',
    profile: {
      section: {
        schemaVersion: 1,
        section: 'customerProfile',
        rev: 2,
        updatedAt: null,
        updatedBy: null,
        content: profileContent,
      },
      completeness: { percent: 14, filled: 1, total: 7, missing: [] },
      migratedFrom: null,
      alternatives: [],
    },
    opportunities: [
      {
        dealId: '11',
        name: 'Second deal',
        outcome: 'open',
        stageLabel: 'Qualified',
        amount: null,
        closeDate: null,
        completeness: 40,
        loopCount: 0,
        lastReturnReason: null,
      },
      {
        dealId: '10',
        name: 'First deal',
        outcome: 'won',
        stageLabel: 'Closed Won',
        amount: 1000,
        closeDate: '2026-10-01',
        completeness: 90,
        loopCount: 1,
        lastReturnReason: null,
      },
    ],
    wonPlans: [
      {
        dealId: '10',
        dealName: 'First deal',
        closeDate: '2026-10-01',
        expectedResults: ['30 % less downtime'],
        solution: 'Predictive maintenance',
        timeline: { description: '', targetDate: '2027-03-31' },
        stakeholders: [
          {
            contactId: '1',
            buyingRoles: ['champion'],
            decisionCriteria: [],
            perceivedBenefits: [],
          },
        ],
      },
    ],
    relationshipMap: map,
    contacts: {
      '1': { name: 'Berta Boss', jobTitle: 'CEO' },
      '2': { name: 'Sven Staff', jobTitle: null },
    },
    owners: [{ id: '9', userId: '5000009', name: 'Jonas Wolf', email: null, team: 'sales' }],
  };
}

function renderCompany(locale = 'en-US', userId?: number) {
  const renderer = createRenderer('crm.record.tab');
  renderer.mocks.context.user.locale = locale;
  if (userId !== undefined) renderer.mocks.context.user.id = userId;
  renderer.render(<CompanyAccount />);
  return renderer;
}

describe('company card', () => {
  it("lists the company's deals with outcome, completeness and returns, and the won plan's essentials", async () => {
    mockApi.getCompanyAccount.mockResolvedValue(ok(companyView()));
    const { findByTestId, findAll, waitFor } = renderCompany();
    await waitFor(() => expect(mockApi.getCompanyAccount).toHaveBeenCalledWith('123'));
    await waitFor(() => expect(findAll(Tab).length).toBe(4));
    const table = textOf(findByTestId(Table, 'company-account-opportunities'));
    expect(table).toContain('Second deal');
    expect(table).toContain('First deal');
    expect(table).toContain('90 %');
    expect(table).toMatch(/Won/);
    const won = textOf(findByTestId(Tile, 'company-account-won-10'));
    expect(won).toContain('30 % less downtime');
    expect(won).toContain('Predictive maintenance');
    expect(won).toContain('Berta Boss');
    // the map across the company's deals, with the missing decision maker
    expect(textOf(findByTestId(Tile, 'company-account-map-gap-decision_maker'))).toContain(
      'Missing: Decision maker',
    );
    expect(textOf(findByTestId(Tile, 'company-account-map-person-1'))).toContain('Sven Staff');
  });

  it('speaks German', async () => {
    mockApi.getCompanyAccount.mockResolvedValue(ok(companyView()));
    const { findByTestId, waitFor } = renderCompany('de-DE');
    await waitFor(() =>
      expect(textOf(findByTestId(Tile, 'company-account-map-gap-decision_maker'))).toContain(
        'Fehlt: Entscheider',
      ),
    );
    expect(textOf(findByTestId(Alert, 'company-account-map-risks'))).toContain('kritisch');
  });

  it('names who saved the profile last, by name', async () => {
    const view = companyView();
    view.profile.section = {
      ...view.profile.section,
      updatedAt: '2026-11-30T09:00:00.000Z',
      updatedBy: '5000009',
    };
    mockApi.getCompanyAccount.mockResolvedValue(ok(view));
    const { findByTestId, waitFor } = renderCompany();
    await waitFor(() =>
      expect(textOf(findByTestId(Text, 'section-customerProfile-last-saved'))).toContain(
        'by Jonas Wolf',
      ),
    );
  });

  it('shows revenue without a currency as a plain number, and in the currency once one is set', async () => {
    // GIVEN a company profile with no currency (a company has no deal currency to fall back on)
    mockApi.getCompanyAccount.mockResolvedValue(ok(companyView()));
    const { findAll, findByTestId, waitFor } = renderCompany();
    await waitFor(() => expect(findByTestId(NumberInput, 'customerProfile-annualRevenue')));
    // THEN it is a NumberInput, not a CurrencyInput (HubSpot would label the amount in US dollars)
    expect(
      findAll(CurrencyInput).filter((node) => node.props.name === 'financials.annualRevenue'),
    ).toEqual([]);
    // WHEN the seller sets EUR, the revenue is shown in euros
    fire(findByTestId(Input, 'customerProfile-currency'), 'onChange', 'eur');
    await waitFor(() =>
      expect(findByTestId(CurrencyInput, 'customerProfile-annualRevenue').props.currency).toBe(
        'EUR',
      ),
    );
  });

  it('saves the profile to the company', async () => {
    mockApi.getCompanyAccount.mockResolvedValue(ok(companyView()));
    mockApi.saveCompanyProfile.mockResolvedValue(
      ok({ section: { ...companyView().profile.section, rev: 3 } }),
    );
    const { findAll, findByTestId, waitFor } = renderCompany();
    await waitFor(() => expect(findAll(Tab).length).toBe(4));
    // Nothing changed, nothing to save: the bar appears with the first edit.
    expect(findAll(LoadingButton).filter((b) => textOf(b).startsWith('Save'))).toEqual([]);
    fire(findByTestId(Input, 'customerProfile-currency'), 'onChange', 'eur');
    findByTestId(LoadingButton, 'company-profile-save').trigger('onClick');
    await waitFor(() =>
      expect(mockApi.saveCompanyProfile).toHaveBeenCalledWith(
        '500',
        2,
        expect.objectContaining({
          businessAreas: ['Retail'],
          financials: expect.objectContaining({ currency: 'EUR' }),
        }),
      ),
    );
  });
  it('keeps an unsaved profile edit at the backend and deletes it once saved', async () => {
    mockApi.getCompanyAccount.mockResolvedValue(ok(companyView()));
    mockApi.saveCompanyProfile.mockResolvedValue(
      ok({ section: { ...companyView().profile.section, rev: 3 } }),
    );
    // (a user of its own: earlier tests' cards stay mounted, and one whose pause ends now would
    // put the draft of its scope, portal, user and company, which would be this test's edit)
    const { findByTestId, waitFor } = renderCompany('en-US', 9001);
    await waitFor(() => expect(findByTestId(Input, 'customerProfile-currency')).toBeDefined());
    // The card asks for the kept draft from an effect, which may run after the form is drawn.
    await untilCalled(mockApi.getCompanyProfileDraft);
    expect(mockApi.getCompanyProfileDraft).toHaveBeenCalledWith('500');
    const putsOfChf = () =>
      mockApi.putCompanyProfileDraft.mock.calls.filter(
        (call) =>
          (call[1] as { content: { financials: { currency: string } } }).content.financials
            .currency === 'CHF',
      );
    await onDraftClock(async () => {
      // WHEN the user types and pauses a moment less than the pause
      fire(findByTestId(Input, 'customerProfile-currency'), 'onChange', 'chf');
      await jest.advanceTimersByTimeAsync(DRAFT_PUT_DELAY_MS - 1);
      // THEN nothing is put yet
      expect(putsOfChf()).toHaveLength(0);
      // WHEN the pause is over
      await jest.advanceTimersByTimeAsync(1);
    });
    // THEN one put carries the edit and the revision it started from
    expect(putsOfChf()).toHaveLength(1);
    const [companyId, draft] = putsOfChf()[0] as [
      string,
      { baseRev: number; content: { financials: { currency: string } }; baseContent: object },
    ];
    expect([companyId, draft.baseRev, draft.content.financials.currency]).toEqual([
      '500',
      2,
      'CHF',
    ]);
    expect(draft.baseContent).toEqual(profileContent);
    // AND a save deletes it
    findByTestId(LoadingButton, 'company-profile-save').trigger('onClick');
    await waitFor(() => expect(mockApi.deleteCompanyProfileDraft).toHaveBeenCalledWith('500'));
  });

  it('restores the profile draft the backend kept after a reload', async () => {
    // GIVEN a draft kept at the backend and nothing in this worker's memory
    mockApi.getCompanyAccount.mockResolvedValue(ok(companyView()));
    mockApi.getCompanyProfileDraft.mockResolvedValue(
      ok({
        drafts: [
          {
            section: 'customerProfile',
            content: { ...profileContent, businessAreas: ['Typed before the reload'] },
            baseRev: 2,
            baseContent: profileContent,
            updatedAt: '2026-03-04T09:30:00.000Z',
          },
        ],
      }),
    );
    const { findByTestId, waitFor } = renderCompany();
    // THEN the typed text is back and the bar offers to save it
    await waitFor(() =>
      expect(textOf(findByTestId(Alert, 'company-profile-restored'))).toMatch(
        /^Unsaved changes from .+ were restored\. Save or discard them\./,
      ),
    );
    expect(findByTestId(LoadingButton, 'company-profile-save')).toBeDefined();
  });
});

function dealPlan(account: Partial<DealAccountView> = {}) {
  return {
    ...emptyPlan(),
    account: {
      companyId: '500',
      companyName: 'Acme GmbH',
      profileSource: 'company' as const,
      migratedFrom: null,
      alternatives: [],
      proposal: null,
      relationshipMap: map,
      ...account,
    },
  };
}

function renderDeal() {
  const renderer = createRenderer('crm.record.tab');
  renderer.mocks.context.user.locale = 'en-US';
  renderer.render(<OpportunityPlan />);
  return renderer;
}

describe('deal card: account', () => {
  it('offers a differing copy of the profile and takes it', async () => {
    mockApi.getPlan.mockResolvedValue(
      ok(
        dealPlan({
          alternatives: [
            {
              source: 'deal:77',
              dealId: '77',
              version: '3',
              updatedAt: '2026-11-01T00:00:00.000Z',
              content: { ...profileContent, businessAreas: ['Food'] },
            },
          ],
        }),
      ),
    );
    mockApi.settleProfileCopy.mockResolvedValue(ok({ section: {} }));
    const { findByTestId, waitFor } = renderDeal();
    await waitFor(() =>
      expect(textOf(findByTestId(Alert, 'deal-account-alternative'))).toContain('Food'),
    );
    findByTestId(Button, 'deal-account-take').trigger('onClick');
    await waitFor(() =>
      expect(mockApi.settleProfileCopy).toHaveBeenCalledWith('500', {
        rev: 0,
        source: 'deal:77',
        version: '3',
        take: true,
      }),
    );
  });

  it('proposes the won team and saves it only when accepted', async () => {
    const accountTeam = { teamLead: '9', members: [], externalMembers: [] };
    mockApi.getPlan.mockResolvedValue(
      ok(
        dealPlan({
          proposal: {
            fromDealId: '10',
            fromDealName: 'First deal',
            accountTeam,
            stakeholders: null,
            message: { en: 'Proposed from the won deal "First deal".', de: 'Vorschlag' },
          },
        }),
      ),
    );
    mockApi.saveSection.mockResolvedValue(ok({ section: {}, completeness: {} }));
    const { findByTestId, waitFor } = renderDeal();
    await waitFor(() =>
      expect(textOf(findByTestId(Alert, 'deal-account-proposal'))).toContain('First deal'),
    );
    expect(mockApi.saveSection).not.toHaveBeenCalled();
    findByTestId(Button, 'deal-account-accept-team').trigger('onClick');
    await waitFor(() =>
      expect(mockApi.saveSection).toHaveBeenCalledWith('123', 'accountTeam', 0, accountTeam),
    );
  });

  it('draws the map in its own tab and sets a reporting line', async () => {
    mockApi.getPlan.mockResolvedValue(ok(dealPlan()));
    mockApi.setReportsTo.mockResolvedValue(ok({ contactId: '1', managerId: '2' }));
    const { findAll, findByTestId, waitFor } = renderDeal();
    await waitFor(() =>
      expect(findAll(Tab).map((tab) => tab.props.title)).toContain('Relationship map'),
    );
    expect(textOf(findByTestId(Tile, 'relationship-map-gap-decision_maker'))).toContain(
      'Missing: Decision maker',
    );
    fire(findByTestId(Select, 'relationship-map-reports-to-1'), 'onChange', '2');
    await waitFor(() => expect(mockApi.setReportsTo).toHaveBeenCalledWith('1', '2'));
  });
});

describe('account texts', () => {
  it('has the same keys in English and German', () => {
    expect(catalogueKeys(accountDe)).toEqual(catalogueKeys(accountEn));
  });
});
