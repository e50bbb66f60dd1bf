// The cards' backend module of the private form, against a mocked hubspot.serverless: the same
// CardApi the cards use, calling one app function per operation as the card's portal and user.
import { createCardApi, functionUid } from '../../../src/private/cards/serverless-card-api.ts';
import { CARD_OPERATION_NAMES } from '../../../src/private/card-functions.ts';

const identity = { portalId: 2026001, userId: '501' };

describe('serverless card api module', () => {
  it('runs the save-section function with the card’s portal, user and input', async () => {
    // GIVEN hubspot.serverless answering with a successful envelope
    const serverless = jest.fn(async () => ({ ok: true, data: { rev: 4 } }));
    const api = createCardApi(identity, serverless);
    // WHEN a section is saved
    const result = await api.saveSection('12', 'buyingProcess', 3, {
      steps: [],
      customerDeadlines: [],
    });
    // THEN the function got every input as a parameter, and the data comes back
    expect(serverless).toHaveBeenCalledWith('opportunity_plan_fn_save_section', {
      parameters: {
        dealId: '12',
        section: 'buyingProcess',
        rev: 3,
        content: { steps: [], customerDeadlines: [] },
        portalId: 2026001,
        userId: '501',
      },
    });
    expect(result).toEqual({ ok: true, data: { rev: 4 } });
  });

  it('calls only functions the private build generates', async () => {
    // GIVEN every card operation called once
    const serverless = jest.fn(async () => ({ ok: true, data: null }));
    const api = createCardApi(identity, serverless);
    await api.getPlan('1');
    await api.submitAssessment('1', { answers: [], expectedDecisionDate: null } as never);
    await api.submitCompetitorAssessment('1', 'c1', { answers: [] } as never);
    await api.returnDealToMarketing('1', { reason: 'no_budget' } as never);
    await api.getQualification('2');
    await api.handOff('2', {} as never);
    await api.returnContactToMarketing('2', { reason: 'no_budget' } as never);
    await api.rescoreContact('2');
    await api.getSettings();
    await api.saveSettings(3, {} as never);
    await api.previewScore({} as never, '2');
    await api.getLoopAnalytics(12.7);
    // THEN each called function is one of the generated ones, by uid
    const generated = new Set(CARD_OPERATION_NAMES.map(functionUid));
    const called = serverless.mock.calls.map((call) => (call as unknown[])[0]);
    expect(called).toHaveLength(12);
    for (const uid of called) expect(generated.has(uid as string)).toBe(true);
    expect(serverless).toHaveBeenLastCalledWith('opportunity_plan_fn_get_loop_analytics', {
      parameters: { weeks: 12, ...identity },
    });
  });

  it('passes a function’s failure envelope through unchanged', async () => {
    const error = {
      code: 'conflict',
      message: { en: 'Changed', de: 'Geändert' },
      current: { rev: 9 },
    };
    const api = createCardApi(
      identity,
      jest.fn(async () => ({ ok: false, error })),
    );
    expect(await api.getPlan('1')).toEqual({ ok: false, error });
  });

  it.each([
    ['a thrown runner error', async () => Promise.reject(new Error('timeout'))],
    ['an answer that is not an envelope', async () => ({ hello: 'world' })],
  ])('turns %s into a localized network error', async (_label, runner) => {
    const result = await createCardApi(identity, jest.fn(runner)).rescoreContact('1');
    expect(result).toMatchObject({ ok: false, error: { code: 'network' } });
    if (!result.ok) expect(result.error.message.de).toContain('nicht geantwortet');
  });

  it('answers the bulk rescore with a localized "not available" instead of calling HubSpot', async () => {
    const serverless = jest.fn();
    const result = await createCardApi(identity, serverless).startRescore();
    expect(serverless).not.toHaveBeenCalled();
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message.de).toContain('nicht verfügbar');
  });
});
