// The score explanation on the lead qualification card: every rule of the model (matched with
// the points given, unmatched with the points it would give), grade, band and decay in words, in
// English and formal German, built by the real domain function the server uses.
import { Accordion, Table, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { LeadQualification } from '../../extensions/app/cards/components/lead-qualification.tsx';
import { DEFAULT_SCORING_MODEL, evaluate, explainScore } from '../../src/domain/scoring/index.ts';
import { daysAgo, NOW } from '../domain/scoring/model-builders.ts';
import { createApiMock, ok } from './api-mock.ts';
import { qualification } from './fixtures.ts';
import { textOf } from './render-helpers.ts';

const mockApi = createApiMock();
jest.mock('../../extensions/app/cards/lib/api.ts', () => ({ useCardApi: () => mockApi }));

beforeEach(() => {
  for (const fn of Object.values(mockApi)) fn.mockReset();
});

/** A converter whose last conversion is 60 days old: its conversion points have decayed. */
const converter = {
  jobtitle: 'Head of IT',
  annualrevenue: '20000000',
  num_conversion_events: '2',
  recent_conversion_date: daysAgo(60),
};
const result = evaluate(converter, DEFAULT_SCORING_MODEL, NOW);
const explanation = explainScore(converter, DEFAULT_SCORING_MODEL, result, NOW);
const matched = explanation.rules.filter((rule) => rule.earned !== null);
const unmatched = explanation.rules.filter((rule) => rule.earned === null);

function renderCard(locale: string, withExplanation = true) {
  const view = qualification();
  mockApi.getQualification.mockResolvedValue(
    ok({ ...view, score: { ...view.score, ...(withExplanation ? { explanation } : {}) } }),
  );
  const renderer = createRenderer('crm.record.tab');
  renderer.mocks.context.user.locale = locale;
  renderer.render(<LeadQualification />);
  return renderer;
}

describe('Score explanation on the lead qualification card', () => {
  it('the example has matched, unmatched and decayed rules', () => {
    expect(matched.length).toBeGreaterThan(0);
    expect(unmatched.length).toBeGreaterThan(0);
    expect(explanation.decay).not.toBeNull();
    expect(matched.some((rule) => rule.detail?.en.includes('decay'))).toBe(true);
  });

  it('shows every rule, grade, band and decay in English', async () => {
    const { findByTestId, waitFor } = renderCard('en-US');
    await waitFor(() => expect(findByTestId(Accordion, 'lead-explanation')).toBeDefined());
    expect(findByTestId(Accordion, 'lead-explanation').props.title).toBe(
      'How this score is calculated',
    );
    expect(findByTestId(Text, 'lead-explanation-grade').text).toBe(explanation.grade.en);
    expect(findByTestId(Text, 'lead-explanation-band').text).toBe(explanation.band.en);
    expect(findByTestId(Text, 'lead-explanation-decay').text).toBe(explanation.decay?.en);
    const matchedText = textOf(findByTestId(Table, 'lead-explanation-matched'));
    expect(matchedText).toContain('Points given');
    for (const rule of matched) {
      expect(matchedText).toContain(rule.label.en);
      expect(matchedText).toContain(rule.condition.en);
      expect(matchedText).toContain(rule.detail?.en);
    }
    const unmatchedText = textOf(findByTestId(Table, 'lead-explanation-unmatched'));
    for (const rule of unmatched) {
      expect(unmatchedText).toContain(rule.label.en);
      expect(unmatchedText).toContain(rule.condition.en);
      expect(matchedText).not.toContain(rule.condition.en);
    }
  });

  it('shows the explanation in formal German for a German user', async () => {
    const { findByTestId, waitFor } = renderCard('de-DE');
    await waitFor(() => expect(findByTestId(Accordion, 'lead-explanation')).toBeDefined());
    expect(findByTestId(Accordion, 'lead-explanation').props.title).toBe(
      'So wird dieser Score berechnet',
    );
    expect(findByTestId(Text, 'lead-explanation-grade').text).toBe(explanation.grade.de);
    expect(findByTestId(Text, 'lead-explanation-decay').text).toBe(explanation.decay?.de);
    const unmatchedText = textOf(findByTestId(Table, 'lead-explanation-unmatched'));
    expect(unmatchedText).toContain('Bedingung');
    expect(unmatchedText).toContain(unmatched[0]?.condition.de);
    expect(textOf(findByTestId(Table, 'lead-explanation-matched'))).toContain('Vergebene Punkte');
  });

  it('shows no explanation when the server sends none', async () => {
    const { findByTestId, maybeFindByTestId, waitFor } = renderCard('en-US', false);
    await waitFor(() => expect(findByTestId(Table, 'lead-reasons')).toBeDefined());
    expect(maybeFindByTestId(Accordion, 'lead-explanation')).toBeNull();
  });
});
