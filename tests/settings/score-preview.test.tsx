// The live preview scores a contact with the model as edited, before it is saved.
import { Alert, Input, LoadingButton, StatisticsItem } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardApi } from '../../extensions/app/cards/lib/api.ts';
import { ScorePreview } from '../../extensions/app/settings/components/ScorePreview.tsx';
import { messagesFor } from '../../extensions/app/settings/messages/index.ts';
import { DEFAULT_SCORING_MODEL } from '../../src/domain/scoring/index.ts';

const SLOW = { timeoutInMs: 5000 };

describe('score preview', () => {
  it('sends the edited model with the contact id and shows the score', async () => {
    // GIVEN a backend that scores the contact
    const previewScore = jest.fn(() =>
      Promise.resolve({
        ok: true as const,
        data: {
          fit: 40,
          engagement: 25,
          total: 65,
          grade: 'B2',
          band: 'mql' as const,
          reasons: [
            {
              ruleId: 'vp',
              points: 20,
              label: { en: 'VP', de: 'VP' },
              why: { en: 'Job title contains VP', de: 'Berufsbezeichnung enthält VP' },
            },
          ],
        },
      }),
    );
    const api = { previewScore } as unknown as CardApi;
    const renderer = createRenderer('settings');
    renderer.render(
      <ScorePreview api={api} model={DEFAULT_SCORING_MODEL} t={messagesFor('de')} language="de" />,
    );
    // WHEN the admin enters a contact id and previews
    renderer.findByTestId(Input, 'preview-contact-id').trigger('onChange', '501' as never);
    renderer.findByTestId(LoadingButton, 'preview-button').trigger('onClick');
    // THEN the model and id go to the backend and the score shows, in German
    await renderer.waitFor(() => expect(renderer.findAll(StatisticsItem)).toHaveLength(5), SLOW);
    expect(previewScore).toHaveBeenCalledWith(DEFAULT_SCORING_MODEL, '501');
    const items = renderer
      .findAll(StatisticsItem)
      .map((item) => [item.props.label, item.props.number]);
    expect(items).toEqual([
      ['Fit', 40],
      ['Engagement', 25],
      ['Gesamt', 65],
      ['Note', 'B2'],
      ['Stufe', 'MQL'],
    ]);
  });

  it('asks for a contact id instead of calling the backend without one', () => {
    // GIVEN an empty contact id
    const api = { previewScore: jest.fn() } as unknown as CardApi;
    const renderer = createRenderer('settings');
    renderer.render(
      <ScorePreview api={api} model={DEFAULT_SCORING_MODEL} t={messagesFor('en')} language="en" />,
    );
    // WHEN the admin previews
    renderer.findByTestId(LoadingButton, 'preview-button').trigger('onClick');
    // THEN nothing is sent and the field says what is missing
    expect(api.previewScore).not.toHaveBeenCalled();
    expect(renderer.findByTestId(Input, 'preview-contact-id').props.validationMessage).toBe(
      'Enter a contact ID.',
    );
    expect(renderer.maybeFindByTestId(Alert, 'preview-error')).toBeNull();
  });
});
