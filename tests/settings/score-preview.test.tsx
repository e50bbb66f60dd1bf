// The live preview finds a contact by name or email, scores it with the model as edited (before
// it is saved), and explains the score: every rule, matched or not, grade, band and decay.
import {
  Alert,
  Input,
  LoadingButton,
  Select,
  StatisticsItem,
  TableCell,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardApi } from '../../extensions/app/cards/lib/api.ts';
import { ScorePreview } from '../../extensions/app/settings/components/ScorePreview.tsx';
import { messagesFor } from '../../extensions/app/settings/messages/index.ts';
import { DEFAULT_SCORING_MODEL, evaluate, explainScore } from '../../src/domain/scoring/index.ts';
import { scoreView } from '../../src/server/read-models/views.ts';

const SLOW = { timeoutInMs: 5000 };
const NOW = new Date('2026-03-01T12:00:00Z');

/** What the backend answers for a VP at a large company: the real domain's score and words. */
const contact = {
  jobtitle: 'VP of Sales',
  annualrevenue: '50000000',
  email: 'jana.berger@acme-industries.com',
};
const result = evaluate(contact, DEFAULT_SCORING_MODEL, NOW);
const SCORE = scoreView(result, explainScore(contact, DEFAULT_SCORING_MODEL, result, NOW));

function renderPreview(api: Partial<CardApi>, language: 'en' | 'de') {
  const renderer = createRenderer('settings');
  renderer.render(
    <ScorePreview
      api={api as CardApi}
      model={DEFAULT_SCORING_MODEL}
      t={messagesFor(language)}
      language={language}
    />,
  );
  return renderer;
}

describe('score preview', () => {
  it('finds a contact by name, sends the edited model with its id and explains the score', async () => {
    // GIVEN a backend that finds two contacts named Jana and scores the chosen one
    const searchContacts = jest.fn(() =>
      Promise.resolve({
        ok: true as const,
        data: [
          { id: '501', name: 'Jana Berger', email: 'jana.berger@acme-industries.com' },
          { id: '502', name: 'Jana Berger', email: 'jana@other.example' },
        ],
      }),
    );
    const previewScore = jest.fn(() => Promise.resolve({ ok: true as const, data: SCORE }));
    const renderer = renderPreview({ searchContacts, previewScore }, 'de');
    // WHEN the admin searches by name, picks the second match and previews
    renderer.findByTestId(Input, 'preview-search').trigger('onChange', 'Jana' as never);
    renderer.findByTestId(LoadingButton, 'preview-find').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Select, 'preview-contact'), SLOW);
    expect(searchContacts).toHaveBeenCalledWith('Jana');
    const picker = renderer.findByTestId(Select, 'preview-contact');
    // THEN the matches are told apart by their email, not by a numeric id
    expect(picker.props.options.map((option: { label: string }) => option.label)).toEqual([
      'Jana Berger (jana.berger@acme-industries.com)',
      'Jana Berger (jana@other.example)',
    ]);
    picker.trigger('onChange', '502' as never);
    renderer.findByTestId(LoadingButton, 'preview-button').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findAll(StatisticsItem)).toHaveLength(5), SLOW);
    expect(previewScore).toHaveBeenCalledWith(DEFAULT_SCORING_MODEL, '502');
    // AND the score shows in German with the glossary's terms
    const items = renderer
      .findAll(StatisticsItem)
      .map((item) => [item.props.label, item.props.number]);
    expect(items).toEqual([
      ['Fit', SCORE.fit],
      ['Engagement', SCORE.engagement],
      ['Gesamt', SCORE.total],
      ['Einstufung', SCORE.grade],
      ['Score-Bereich', SCORE.band === 'lead' ? 'Lead' : SCORE.band.toUpperCase()],
    ]);
    // AND every rule of the model is listed, matched ones with their points, the others as unmatched
    const rows = renderer.findAll(TableRow).slice(1);
    expect(rows).toHaveLength(SCORE.explanation!.rules.length);
    const texts = rows.map((row) =>
      row
        .findAll(TableCell)
        .map((cell) => cell.text)
        .join(' | '),
    );
    expect(texts.some((text) => /Jahresumsatz ist mindestens \d{1,3}(\.\d{3})+/.test(text))).toBe(
      true,
    );
    expect(texts.some((text) => text.includes('trifft nicht zu'))).toBe(true);
    expect(texts.some((text) => /annualrevenue|jobtitle/.test(text))).toBe(false);
    // AND the grade is explained in words
    expect(renderer.findByTestId(Text, 'preview-grade-explained').text).toContain(
      `Einstufung ${SCORE.grade}`,
    );
  });

  it('asks for two characters instead of searching for one', () => {
    // GIVEN a one-letter search
    const api = { searchContacts: jest.fn(), previewScore: jest.fn() };
    const renderer = renderPreview(api, 'en');
    renderer.findByTestId(Input, 'preview-search').trigger('onChange', 'J' as never);
    // WHEN the admin searches
    renderer.findByTestId(LoadingButton, 'preview-find').trigger('onClick');
    // THEN nothing is sent and the field says what is missing
    expect(api.searchContacts).not.toHaveBeenCalled();
    expect(renderer.findByTestId(Input, 'preview-search').props.validationMessage).toBe(
      'Type at least 2 characters of a name or email address.',
    );
    expect(renderer.maybeFindByTestId(Alert, 'preview-error')).toBeNull();
  });

  it('says so when no contact matches', async () => {
    const api = { searchContacts: jest.fn(() => Promise.resolve({ ok: true as const, data: [] })) };
    const renderer = renderPreview(api, 'en');
    renderer.findByTestId(Input, 'preview-search').trigger('onChange', 'Nobody' as never);
    renderer.findByTestId(LoadingButton, 'preview-find').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Text, 'preview-no-matches'), SLOW);
    expect(renderer.findByTestId(Text, 'preview-no-matches').text).toBe(
      'No contact matches “Nobody”.',
    );
  });
});
