import {
  FETCH_TIMEOUT_MS,
  createCardApi,
  parseEnvelope,
} from '../../extensions/app/cards/lib/api.ts';
import {
  DEFAULT_BACKEND_URL,
  resolveBackendUrl,
} from '../../extensions/app/cards/lib/backend-url.ts';

const response = (status: number, body: unknown) =>
  ({ ok: status >= 200 && status < 300, status, json: async () => body }) as unknown as Response;

describe('card api module', () => {
  it('sends each call to the backend with its method, body and a timeout', async () => {
    // GIVEN a transport that answers with a successful envelope
    const fetchImpl = jest.fn(async () => response(200, { ok: true, data: { rev: 4 } }));
    const api = createCardApi('https://backend.test', fetchImpl);
    // WHEN a section is saved
    const result = await api.saveSection('12/3', 'buyingProcess', 3, {
      steps: [],
      customerDeadlines: [],
    });
    // THEN the backend got a PUT with the revision, the id is escaped, and the data comes back
    expect(fetchImpl).toHaveBeenCalledWith(
      'https://backend.test/api/deals/12%2F3/plan/buyingProcess',
      {
        method: 'PUT',
        timeout: FETCH_TIMEOUT_MS,
        body: { rev: 3, content: { steps: [], customerDeadlines: [] } },
      },
    );
    expect(result).toEqual({ ok: true, data: { rev: 4 } });
  });

  it('retries a hand-off that is still completing with the same operation id, and only that', async () => {
    // GIVEN a backend answering "still completing", then ok, then ok
    const answers = [
      { ok: false, error: { code: 'still_completing', message: { en: 'e', de: 'd' } } },
      { ok: true, data: {} },
      { ok: true, data: {} },
    ];
    const fetchImpl = jest.fn(async () => response(200, answers.shift()));
    const api = createCardApi('https://b.test', fetchImpl);
    const input = { salesOwner: { mode: 'round_robin' as const } };
    // WHEN the user hands off, retries after "still completing", then hands off again later
    await api.handOff('7', input);
    await api.handOff('7', input);
    await api.handOff('7', input);
    // THEN the retry carried the first attempt's id, and the new action a new one
    const ids = fetchImpl.mock.calls.map(
      (call) => ((call as unknown[])[1] as { body: { operationId: string } }).body.operationId,
    );
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('sends GETs without a body', async () => {
    const fetchImpl = jest.fn(async () => response(200, { ok: true, data: null }));
    await createCardApi('https://b.test', fetchImpl).getQualification('55');
    expect(fetchImpl).toHaveBeenCalledWith('https://b.test/api/contacts/55/qualification', {
      method: 'GET',
      timeout: FETCH_TIMEOUT_MS,
    });
  });

  it('passes the backend failure through unchanged', async () => {
    const error = {
      code: 'conflict',
      message: { en: 'Changed', de: 'Geändert' },
      current: { rev: 9 },
      changedFields: ['steps'],
    };
    const fetchImpl = jest.fn(async () => response(200, { ok: false, error }));
    expect(await createCardApi('https://b.test', fetchImpl).getPlan('1')).toEqual({
      ok: false,
      error,
    });
  });

  it.each([
    ['a thrown transport error', async () => Promise.reject(new Error('timeout'))],
    ['a 401 answer', async () => response(401, { message: 'bad signature' })],
    ['a body that is not an envelope', async () => response(200, { hello: 'world' })],
  ])('turns %s into the localized network error', async (_label, transport) => {
    const result = await createCardApi('https://b.test', jest.fn(transport)).rescoreContact('1');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('network');
      expect(result.error.message.de).toContain('nicht erreichbar');
    }
  });

  it('rejects an error envelope without a localized message', () => {
    expect(
      parseEnvelope({ ok: false, error: { code: 'internal', message: 'oops' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'network' },
    });
  });
});

describe('resolveBackendUrl', () => {
  it('uses the profile variable when HubSpot passes it, without a trailing slash', () => {
    expect(resolveBackendUrl({ BACKEND_URL: 'https://op.example.com/' })).toBe(
      'https://op.example.com',
    );
  });

  it('falls back to the local backend', () => {
    expect(resolveBackendUrl(undefined)).toBe(DEFAULT_BACKEND_URL);
    expect(resolveBackendUrl({ BACKEND_URL: '  ' })).toBe('http://localhost:3000');
  });
});
