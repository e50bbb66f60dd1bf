import {
  applyProfileEdit,
  asSectionDocument,
  copyVersion,
  emptyCompanyProfile,
  parseCarriedOverProfile,
  parseCompanyProfile,
  profileFingerprint,
  resolveProfile,
  serializeCompanyProfile,
  type CompanyProfileDocument,
} from '../../../src/domain/account/index.ts';
import {
  emptyContent,
  emptySection,
  type CustomerProfile,
} from '../../../src/domain/plan/index.ts';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const profile = (businessAreas: string[]): CustomerProfile => ({
  ...emptyContent('customerProfile'),
  businessAreas,
});
const dealSection = (areas: string[], rev = 1) => ({
  ...emptySection('customerProfile'),
  rev,
  updatedAt: '2026-11-01T00:00:00.000Z',
  updatedBy: '5',
  content: profile(areas),
});
const companyDoc = (
  areas: string[],
  rev = 1,
  settled: Record<string, string> = {},
): CompanyProfileDocument => ({
  ...emptyCompanyProfile(),
  rev,
  updatedAt: '2026-11-02T00:00:00.000Z',
  updatedBy: '5',
  content: profile(areas),
  settled,
});
const resolve = (input: Partial<Parameters<typeof resolveProfile>[0]>) =>
  resolveProfile({
    company: emptyCompanyProfile(),
    dealCopies: [],
    carriedOver: null,
    now: NOW,
    userId: '9',
    ...input,
  });

describe('resolveProfile: migration on first read', () => {
  it("makes the reading deal's saved copy the company's profile, settled", () => {
    const result = resolve({ dealCopies: [{ dealId: '1', section: dealSection(['A'], 4) }] });
    expect(result).toMatchObject({ write: true, migratedFrom: 'deal:1', alternatives: [] });
    expect(result.doc).toMatchObject({ rev: 1, updatedBy: '9', content: { businessAreas: ['A'] } });
    expect(result.doc.settled).toEqual({ 'deal:1': '4' });
  });

  it('falls back to the carried-over profile of the last win when the deal never saved one', () => {
    const result = resolve({
      dealCopies: [{ dealId: '1', section: emptySection('customerProfile') }],
      carriedOver: profile(['Won']),
    });
    expect(result.migratedFrom).toBe('carriedOver');
    expect(result.doc.content.businessAreas).toEqual(['Won']);
    expect(result.doc.settled.carriedOver).toBe(profileFingerprint(profile(['Won'])));
  });

  it("lets the deal's copy win over a different carried-over one, and offers the latter", () => {
    const result = resolve({
      dealCopies: [{ dealId: '1', section: dealSection(['Deal']) }],
      carriedOver: profile(['Carried']),
    });
    expect(result.doc.content.businessAreas).toEqual(['Deal']);
    expect(result.alternatives).toEqual([
      expect.objectContaining({ source: 'carriedOver', content: profile(['Carried']) }),
    ]);
  });

  it('writes nothing when there is nothing to migrate', () => {
    expect(resolve({})).toMatchObject({ write: false, migratedFrom: null, alternatives: [] });
  });
});

describe('resolveProfile: an existing company profile', () => {
  it('offers a differing, unsettled deal copy without writing', () => {
    const result = resolve({
      company: companyDoc(['Company']),
      dealCopies: [{ dealId: '2', section: dealSection(['Deal'], 3) }],
    });
    expect(result.write).toBe(false);
    expect(result.doc.content.businessAreas).toEqual(['Company']);
    expect(result.alternatives).toEqual([
      expect.objectContaining({ source: 'deal:2', dealId: '2', version: '3' }),
    ]);
  });

  it('does not offer a copy settled at its revision, but offers it again once it changed', () => {
    const company = companyDoc(['Company'], 2, { 'deal:2': '3' });
    expect(
      resolve({ company, dealCopies: [{ dealId: '2', section: dealSection(['Deal'], 3) }] })
        .alternatives,
    ).toEqual([]);
    expect(
      resolve({ company, dealCopies: [{ dealId: '2', section: dealSection(['Deal'], 4) }] })
        .alternatives,
    ).toHaveLength(1);
  });

  it('settles an equal copy silently (one write), and then has nothing to write', () => {
    const first = resolve({
      company: companyDoc(['Same']),
      dealCopies: [{ dealId: '3', section: dealSection(['Same'], 2) }],
    });
    expect(first).toMatchObject({ write: true, alternatives: [] });
    expect(first.doc.settled['deal:3']).toBe('2');
    expect(first.doc.rev).toBe(1);
    const second = resolve({
      company: first.doc,
      dealCopies: [{ dealId: '3', section: dealSection(['Same'], 2) }],
    });
    expect(second.write).toBe(false);
  });
});

describe('applyProfileEdit', () => {
  const current = companyDoc(['Old'], 3);

  it('writes the next revision for an edit from the current one', () => {
    const result = applyProfileEdit({
      current,
      content: { businessAreas: ['New'] },
      baseRev: 3,
      userId: '7',
      now: NOW,
    });
    expect(result).toMatchObject({
      ok: true,
      changed: true,
      doc: { rev: 4, updatedBy: '7', updatedAt: NOW.toISOString() },
    });
  });

  it('refuses a stale revision as a conflict', () => {
    const result = applyProfileEdit({
      current,
      content: { businessAreas: ['New'] },
      baseRev: 2,
      userId: '7',
      now: NOW,
    });
    expect(result).toEqual({ ok: false, conflict: { current } });
  });

  it('treats re-sending what is stored as done (a retried save), whatever the revision', () => {
    const result = applyProfileEdit({
      current,
      content: { businessAreas: ['Old'] },
      baseRev: 2,
      userId: '7',
      now: NOW,
    });
    expect(result).toEqual({ ok: true, changed: false, doc: current });
  });

  it('records a settled copy even when the content stays', () => {
    const result = applyProfileEdit({
      current,
      content: current.content,
      baseRev: 3,
      userId: '7',
      now: NOW,
      settle: { source: 'deal:9', version: '2' },
    });
    expect(result).toMatchObject({
      ok: true,
      changed: true,
      doc: { rev: 4, settled: { 'deal:9': '2' } },
    });
  });

  it('names the bad field', () => {
    const result = applyProfileEdit({
      current,
      content: { financials: { employees: -1 } },
      baseRev: 3,
      userId: '7',
      now: NOW,
    });
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'financials.employees' }] });
  });
});

describe('stored form', () => {
  it('round-trips through JSON and reads empty as rev 0', () => {
    const doc = companyDoc(['X'], 2, { carriedOver: 'abc' });
    const json = serializeCompanyProfile(doc);
    expect(json.ok).toBe(true);
    expect(parseCompanyProfile(json.ok ? json.json : '')).toEqual({ ok: true, value: doc });
    expect(parseCompanyProfile('')).toEqual({ ok: true, value: emptyCompanyProfile() });
  });

  it('names what is wrong with a damaged or newer document', () => {
    expect(parseCompanyProfile('{')).toMatchObject({
      ok: false,
      errors: [{ path: 'companyProfile' }],
    });
    expect(parseCompanyProfile(JSON.stringify({ ...companyDoc([]), rev: -1 }))).toMatchObject({
      ok: false,
      errors: [{ path: 'companyProfile.rev' }],
    });
    expect(
      parseCompanyProfile(JSON.stringify({ ...companyDoc([]), schemaVersion: 2 })),
    ).toMatchObject({
      ok: false,
      errors: [{ path: 'companyProfile.schemaVersion' }],
    });
  });

  it('refuses a profile too large for a HubSpot textarea', () => {
    const big = companyDoc([]);
    big.content.financials.notes = 'x'.repeat(4000);
    big.settled = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`deal:${i}`, 'y'.repeat(64)]),
    );
    big.content.businessAreas = Array.from({ length: 50 }, () => 'ä'.repeat(200));
    big.content.products = Array.from({ length: 50 }, () => 'ä'.repeat(200));
    big.content.customersOfCustomer = Array.from({ length: 50 }, () => 'ä'.repeat(200));
    big.content.competitorsOfCustomer = Array.from({ length: 50 }, () => 'ä'.repeat(200));
    const result = serializeCompanyProfile(big);
    expect(result.ok).toBe(false);
  });

  it('reads a carried-over profile leniently: empty or unreadable is none', () => {
    expect(
      parseCarriedOverProfile(JSON.stringify({ businessAreas: ['A'] }))?.businessAreas,
    ).toEqual(['A']);
    expect(parseCarriedOverProfile('{}')).toBeNull();
    expect(parseCarriedOverProfile('not json')).toBeNull();
    expect(parseCarriedOverProfile(null)).toBeNull();
  });
});

describe('helpers', () => {
  it('gives the version a copy has: a deal section its rev, a carried-over profile its fingerprint', () => {
    expect(copyVersion('deal:1', dealSection(['A'], 7))).toBe('7');
    expect(copyVersion('carriedOver', profile(['A']))).toBe(profileFingerprint(profile(['A'])));
    expect(copyVersion('carriedOver', null)).toBeNull();
    // key order does not change the fingerprint, content does
    const reordered = { ...profile(['A']) } as Record<string, unknown>;
    const swapped = Object.fromEntries(Object.entries(reordered).reverse()) as CustomerProfile;
    expect(profileFingerprint(swapped)).toBe(profileFingerprint(profile(['A'])));
    expect(profileFingerprint(profile(['B']))).not.toBe(profileFingerprint(profile(['A'])));
  });

  it('shows the company profile as a plan section document', () => {
    expect(asSectionDocument(companyDoc(['A'], 4))).toEqual({
      schemaVersion: 1,
      section: 'customerProfile',
      rev: 4,
      updatedAt: '2026-11-02T00:00:00.000Z',
      updatedBy: '5',
      content: profile(['A']),
    });
  });

  it('refuses an edit without a user and keeps the settled list bounded', () => {
    expect(
      applyProfileEdit({
        current: companyDoc(['A']),
        content: {},
        baseRev: 1,
        userId: ' ',
        now: NOW,
      }),
    ).toMatchObject({ ok: false, errors: [{ path: 'userId' }] });
    const full = companyDoc(
      ['A'],
      1,
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`deal:${i}`, '1'])),
    );
    const result = applyProfileEdit({
      current: full,
      content: full.content,
      baseRev: 1,
      userId: '7',
      now: NOW,
      settle: { source: 'deal:999', version: '1' },
    });
    expect(result.ok && Object.keys(result.doc.settled)).toHaveLength(200);
    expect(result.ok && result.doc.settled['deal:999']).toBe('1');
    expect(result.ok && result.doc.settled['deal:0']).toBeUndefined();
  });

  it('names a stored document that is no JSON object', () => {
    expect(parseCompanyProfile('[]')).toMatchObject({ ok: false });
    expect(parseCompanyProfile('"text"')).toMatchObject({ ok: false });
  });
});
