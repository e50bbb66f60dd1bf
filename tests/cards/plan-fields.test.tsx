// The plan's fields at the field: limits the inputs enforce with the limit in words, in the user's
// language, problems shown as the user types, impossible dates refused, buttons that name what they
// act on, and answers that fit each question. The card's limits are the domain's.
import { Button, DateInput, Input, LoadingButton, Select, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { OpportunityPlan } from '../../extensions/app/cards/components/opportunity-plan.tsx';
import { forgetKeptDrafts } from '../../extensions/app/cards/lib/section-drafts.ts';
import {
  SECTION_LIMITS,
  isCalendarDay,
  textLimit,
} from '../../extensions/app/cards/lib/validate-section.ts';
import {
  MAX_EVIDENCE_LENGTH,
  MAX_NOTE_LENGTH as MAX_ASSESSMENT_NOTE_LENGTH,
} from '../../src/domain/assessment/assessment.ts';
import { MAX_NOTE_LENGTH as MAX_RETURN_NOTE_LENGTH } from '../../src/domain/lifecycle/state.ts';
import {
  MAX_LIST_ITEMS,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  getSectionSchema,
} from '../../src/domain/plan/sections.ts';
import { createApiMock, resetApiMock, ok } from './api-mock.ts';
import { filledPlan } from './fixtures.ts';
import { fire } from './render-helpers.ts';

const mockApi = createApiMock();
jest.mock('../../extensions/app/cards/lib/api.ts', () => ({ useCardApi: () => mockApi }));

beforeEach(() => {
  resetApiMock(mockApi);
  forgetKeptDrafts();
});

function renderCard(locale = 'en-US') {
  const renderer = createRenderer('crm.record.tab');
  renderer.mocks.context.user.locale = locale;
  renderer.render(<OpportunityPlan />);
  return renderer;
}

describe('the card limits are the domain limits', () => {
  it('uses the section schemas numbers', () => {
    expect(SECTION_LIMITS.name).toBe(MAX_NAME_LENGTH);
    expect(SECTION_LIMITS.text).toBe(MAX_TEXT_LENGTH);
    expect(SECTION_LIMITS.items).toBe(MAX_LIST_ITEMS);
    expect(SECTION_LIMITS.evidence).toBe(MAX_EVIDENCE_LENGTH);
    expect(SECTION_LIMITS.evidence).toBe(MAX_ASSESSMENT_NOTE_LENGTH);
    expect(SECTION_LIMITS.returnNote).toBe(MAX_RETURN_NOTE_LENGTH);
  });

  it.each([
    ['opportunitySummary', 'projectDescription'],
    ['opportunitySummary', 'timeline.description'],
    ['customerProfile', 'financials.notes'],
    ['opportunitySummary', 'actNow.why'],
  ] as const)('%s %s is a long text for the card and the schema', (section, path) => {
    expect(textLimit(path)).toBe(MAX_TEXT_LENGTH);
    const [outer, inner] = path.split('.') as [string, string | undefined];
    const content = (text: string) => (inner ? { [outer]: { [inner]: text } } : { [outer]: text });
    const schema = getSectionSchema(section);
    expect(schema.safeParse(content('x'.repeat(MAX_TEXT_LENGTH))).success).toBe(true);
    expect(schema.safeParse(content('x'.repeat(MAX_TEXT_LENGTH + 1))).success).toBe(false);
  });

  it('refuses days the plan cannot store, as the schema does', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('275760-01-01')).toBe(false);
    expect(isCalendarDay('0999-12-31')).toBe(false);
  });
});

describe('Opportunity Plan card: fields', () => {
  it('caps long texts and says the limit in words, in German', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { findByTestId, waitFor } = renderCard('de-DE');
    await waitFor(() => expect(findByTestId(TextArea, 'opportunitySummary-projectDescription')));
    const area = findByTestId(TextArea, 'opportunitySummary-projectDescription');
    expect(area.props.maxLength).toBe(4000);
    expect(area.props.description).toBe('Höchstens 4.000 Zeichen');
  });

  it('refuses a name over 200 characters as the user types, next to the field', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Input, 'buyingProcess-steps-0-name')));
    fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'x'.repeat(201));
    expect(findByTestId(Input, 'buyingProcess-steps-0-name').props.validationMessage).toBe(
      'At most 200 characters',
    );
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    await waitFor(() => expect(mockApi.saveSection).not.toHaveBeenCalled());
    // Fixed, the message goes
    fire(findByTestId(Input, 'buyingProcess-steps-0-name'), 'onChange', 'Pilot');
    expect(
      findByTestId(Input, 'buyingProcess-steps-0-name').props.validationMessage,
    ).toBeUndefined();
  });

  it('refuses a date with a six-digit year at the field instead of dropping it', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { findByTestId, waitFor } = renderCard('de-DE');
    await waitFor(() => expect(findByTestId(DateInput, 'buyingProcess-steps-0-dueDate')));
    const input = findByTestId(DateInput, 'buyingProcess-steps-0-dueDate');
    expect(input.props.max).toEqual({ year: 9999, month: 11, date: 31 });
    // What a DateInput makes of a typed 99999999
    fire(input, 'onChange', { year: 275760, month: 0, date: 1 });
    expect(findByTestId(DateInput, 'buyingProcess-steps-0-dueDate').props.validationMessage).toBe(
      'Geben Sie ein existierendes Datum mit vierstelliger Jahreszahl ein',
    );
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');
    await waitFor(() => expect(mockApi.saveSection).not.toHaveBeenCalled());
  });

  it('names what each list button acts on', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { findAll, findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Button, 'buyingProcess-steps-0-remove')));
    expect(findByTestId(Button, 'buyingProcess-steps-1-remove').text).toBe('Remove Board approval');
    expect(findByTestId(Button, 'buyingProcess-steps-0-down').text).toBe(
      'Move Technical evaluation down',
    );
    expect(findByTestId(Button, 'customerProfile-products-add').text).toBe(
      'Add entry to Products and services',
    );
    // Long names are truncated to one line, the whole label in the tooltip
    expect(findByTestId(Button, 'buyingProcess-steps-0-down').props.truncate).toBe(true);
    // No two buttons of the card read the same
    const labels = findAll(Button).map((button) => button.text);
    expect(labels.filter((label, index) => labels.indexOf(label) !== index)).toEqual([]);
  });

  it('offers no move buttons for the only entry of a list', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { findByTestId, maybeFindByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Button, 'customerProfile-products-add')));
    findByTestId(Button, 'customerProfile-products-add').trigger('onClick');
    await waitFor(() => expect(findByTestId(Button, 'customerProfile-products-0-remove')));
    expect(maybeFindByTestId(Button, 'customerProfile-products-0-up')).toBeNull();
    expect(maybeFindByTestId(Button, 'customerProfile-products-0-down')).toBeNull();
    findByTestId(Button, 'customerProfile-products-add').trigger('onClick');
    await waitFor(() => expect(findByTestId(Button, 'customerProfile-products-0-down')));
    expect(findByTestId(Button, 'customerProfile-products-1-up').props.disabled).toBe(false);
  });

  it('answers each question in its own words', async () => {
    mockApi.getPlan.mockResolvedValue(ok(filledPlan()));
    const { findByTestId, waitFor } = renderCard();
    await waitFor(() => expect(findByTestId(Select, 'assessment-can_win')));
    const labels = (question: string) =>
      (findByTestId(Select, `assessment-${question}`).props.options as { label: string }[]).map(
        (option) => option.label,
      );
    expect(labels('can_win')).toEqual([
      '1 – No chance',
      '2 – Unlikely',
      '3 – Open, no decision date in sight',
      '4 – Likely, a decision date in sight',
      '5 – Yes, with a committed decision date',
    ]);
    expect(labels('competitive_position')[4]).toBe('5 – Clearly ahead: the preferred vendor');
    expect(labels('can_win').join()).not.toContain('proven');
  });
});
