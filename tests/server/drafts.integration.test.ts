// The card API's section drafts against the local portal, signed as HubSpot signs a card's call:
// a user's drafts are put, listed and deleted by the signed user (never another's), and a bad
// body is refused naming its field.
import { startHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ contacts: 5 });
  await h.install(h.demoPortalId);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const DEAL = '9100001';
const draft = (name: string, baseRev = 2) => ({
  baseRev,
  content: { steps: [{ id: 's1', name }], customerDeadlines: [] },
  baseContent: { steps: [{ id: 's1', name: 'Pilot' }], customerDeadlines: [] },
});

/** A card call signed for another HubSpot user of the same portal. */
async function asUser(userId: number, method: string, path: string) {
  const response = await h.portal.appCaller.proxyFetch({
    url: `${h.backendUrl}${path}`,
    method,
    portalId: h.demoPortalId,
    userId,
    userEmail: `user${userId}@example.com`,
  });
  return JSON.parse(response.body) as { ok: boolean; data?: { drafts?: unknown[] } };
}

describe('section drafts over the card API', () => {
  it('puts, lists and deletes the signed user’s drafts, and no one else reads them', async () => {
    // GIVEN two sections' drafts put by user 501
    const put = await h.card('PUT', `/api/deals/${DEAL}/drafts/buyingProcess`, draft('Pilot, re'));
    expect(put).toEqual({
      ok: true,
      data: { section: 'buyingProcess', ...draft('Pilot, re'), updatedAt: expect.any(String) },
    });
    await h.card('PUT', `/api/deals/${DEAL}/drafts/buyingProcess`, draft('Pilot, renamed'));
    await h.card('PUT', `/api/deals/${DEAL}/drafts/competition`, {
      baseRev: 0,
      content: { competitors: [] },
      baseContent: { competitors: [] },
    });
    // WHEN they are listed by 501, and by a colleague
    const mine = await h.card<{ drafts: { section: string; content: unknown }[] }>(
      'GET',
      `/api/deals/${DEAL}/drafts`,
    );
    const theirs = await asUser(502, 'GET', `/api/deals/${DEAL}/drafts`);
    // THEN 501 gets both, the latest put of each; the colleague gets none
    expect(mine.data?.drafts.map((each) => each.section).sort()).toEqual([
      'buyingProcess',
      'competition',
    ]);
    expect(mine.data?.drafts.find((each) => each.section === 'buyingProcess')?.content).toEqual(
      draft('Pilot, renamed').content,
    );
    expect(theirs).toEqual({ ok: true, data: { drafts: [] } });
    // AND the colleague cannot delete them either
    expect(await asUser(502, 'DELETE', `/api/deals/${DEAL}/drafts`)).toEqual({
      ok: true,
      data: { deleted: 0 },
    });
    // WHEN 501 deletes one section's draft, then all of the deal's
    expect(await h.card('DELETE', `/api/deals/${DEAL}/drafts/buyingProcess`)).toEqual({
      ok: true,
      data: { deleted: 1 },
    });
    expect(await h.card('DELETE', `/api/deals/${DEAL}/drafts`)).toEqual({
      ok: true,
      data: { deleted: 1 },
    });
    // THEN none is left
    expect(await h.card('GET', `/api/deals/${DEAL}/drafts`)).toEqual({
      ok: true,
      data: { drafts: [] },
    });
  });

  it.each([
    ['an unknown section', '/drafts/pricing', draft('x'), 'section'],
    ['a deal id that is not a record id', '/drafts/buyingProcess', draft('x'), 'dealId'],
    ['no base revision', '/drafts/buyingProcess', { ...draft('x'), baseRev: undefined }, 'baseRev'],
    [
      'content that is not an object',
      '/drafts/buyingProcess',
      { ...draft('x'), content: ['a'] },
      'content',
    ],
    [
      'content over 256 KiB',
      '/drafts/buyingProcess',
      { ...draft('x'), content: { notes: 'x'.repeat(270_000) } },
      'content',
    ],
    ['an unknown field', '/drafts/buyingProcess', { ...draft('x'), userId: '502' }, '(root)'],
  ])('refuses %s, naming the field', async (_what, path, body, field) => {
    const deal = field === 'dealId' ? 'not-a-deal' : DEAL;
    const answer = await h.card('PUT', `/api/deals/${deal}${path}`, body);
    expect(answer.ok).toBe(false);
    expect(answer.error?.code).toBe('validation_failed');
    expect(answer.error?.fields?.map((each) => each.path)).toContain(field);
  });
});
