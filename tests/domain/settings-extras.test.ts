import {
  canonicalCompetitor,
  competitorCatalogSchema,
  competitorKey,
} from '../../src/domain/settings-extras.ts';
import { DEFAULT_SETTINGS, validateSettings } from '../../src/domain/settings.ts';
import { DEFAULT_SCORING_MODEL } from '../../src/domain/scoring/index.ts';

describe('competitor catalogue', () => {
  it('joins spellings that differ in case, punctuation and a web domain ending', () => {
    expect(competitorKey('Salesforce')).toBe(competitorKey('salesforce.com'));
    expect(competitorKey('Zoho CRM')).toBe(competitorKey('zoho-crm'));
    expect(competitorKey('Müller AG')).toBe('mullerag');
  });

  it('maps an alias to its competitor and keeps an unknown name as typed', () => {
    const catalog = [{ name: 'Microsoft Dynamics', aliases: ['MS Dynamics'] }];
    expect(canonicalCompetitor(catalog, 'ms dynamics')).toBe('Microsoft Dynamics');
    expect(canonicalCompetitor(catalog, ' Pipedrive ')).toBe('Pipedrive');
  });

  it('names the field of a spelling used by two competitors', () => {
    const result = competitorCatalogSchema.safeParse([
      { name: 'Salesforce', aliases: [] },
      { name: 'Other', aliases: ['salesforce.com'] },
      { name: 'SALESFORCE' },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      '1.aliases.0',
      '2.name',
    ]);
  });
});

describe('settings with a catalogue and a restorable model', () => {
  it('defaults to an empty catalogue and no previous model', () => {
    const result = validateSettings({});
    expect(result).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('keeps a valid previous model and names the fields of invalid parts', () => {
    const previousScoring = {
      scoring: DEFAULT_SCORING_MODEL,
      version: 3,
      replacedAt: '2026-11-30T10:00:00.000Z',
      replacedBy: '501',
    };
    const ok = validateSettings({ competitors: [{ name: 'Acme' }], previousScoring });
    expect(ok.ok && ok.value.previousScoring?.version).toBe(3);
    expect(ok.ok && ok.value.competitors).toEqual([{ name: 'Acme', aliases: [] }]);
    const bad = validateSettings({
      competitors: [{ name: ' ' }],
      previousScoring: { ...previousScoring, version: -1 },
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((error) => error.path)).toEqual([
      'competitors.0.name',
      'previousScoring.version',
    ]);
  });
});
