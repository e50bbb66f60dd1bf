// The settings page's card operations against the local portal: the pickers' data (the portal's
// contact properties with labels, types and options, read once per TTL; the owners' teams), the
// contact search of the score preview, the preview's plain-word explanation, and a save that
// names rules by the portal's property labels.
import type {
  ContactMatchView,
  ScoreView,
  Settings,
  SettingsView,
} from '../../src/contract/card-api.ts';
import { PROPERTY_CACHE_TTL_MS } from '../../src/server/read-models/property-cache.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
// The backend's and the portal's clock, moved forward by a test that needs the caches expired.
let offset = 0;
const now = () => Date.now() + offset;

beforeAll(async () => {
  h = await startHarness({ contacts: 40, overrides: { now }, portalClock: now });
  expect(await h.install(h.demoPortalId)).toMatch(/^200 /);
});
afterAll(() => h.close());

const propertyReads = () =>
  Object.entries(h.portal.counters.snapshot().byRoute)
    .filter(([route]) => /^GET \/crm\/(v3\/)?properties\/(2026-09\/)?contacts$/.test(route))
    .reduce((sum, [, count]) => sum + count, 0);

/**
 * A fit rule on `industry` without a property label, so the portal's label must name it (in place
 * of the one a save by another test may have stored already).
 */
function withIndustryRule(settings: Settings): Settings {
  const [first, ...rest] = settings.scoring.fit.groups.map((group) => ({
    ...group,
    rules: group.rules.filter((rule) => rule.id !== 'industry-custom'),
  }));
  const rule = {
    id: 'industry-custom',
    label: { en: 'Software', de: 'Software' },
    property: 'industry',
    operator: 'is_known' as const,
    points: 5,
  };
  return {
    ...settings,
    scoring: {
      ...settings.scoring,
      fit: {
        ...settings.scoring.fit,
        groups: [{ ...first!, rules: [...first!.rules, rule] }, ...rest],
      },
    },
  };
}

describe('settings operations', () => {
  it("lists the portal's contact properties with labels and options, read once per TTL", async () => {
    // GIVEN whatever another test read before is older than the cache keeps it
    offset += PROPERTY_CACHE_TTL_MS + 1;
    h.portal.counters.reset();
    const first = await h.card<SettingsView>('GET', '/api/settings');
    const again = await h.card<SettingsView>('GET', '/api/settings');
    expect(first.ok && again.ok).toBe(true);
    const properties = first.data!.contactProperties;
    expect(properties.find((p) => p.name === 'jobtitle')).toMatchObject({
      label: 'Job Title',
      type: 'string',
    });
    const leadStatus = properties.find((p) => p.name === 'hs_lead_status');
    expect(leadStatus?.type).toBe('enumeration');
    expect(leadStatus?.options).toContainEqual({ label: 'Open Deal', value: 'OPEN_DEAL' });
    // Sorted by label, as the picker shows them
    const labels = properties.map((p) => p.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
    expect(propertyReads()).toBe(1);
    // AND the owners' HubSpot teams, for the return owner's team round robin
    expect(first.data!.teams).toEqual([
      { id: '3001', name: 'Marketing' },
      { id: '3002', name: 'Sales' },
    ]);
  });

  it('finds contacts by name or email for the preview, and refuses a one-letter search', async () => {
    const contactId = h.seed.contactIds[0]!;
    const contact = h.portal.registry.get(h.demoPortalId)!.getObject('contacts', contactId)!;
    const name = String(contact.properties.lastname);
    const found = await h.card<ContactMatchView[]>(
      'GET',
      `/api/settings/contacts?query=${encodeURIComponent(name)}`,
    );
    expect(found.ok).toBe(true);
    expect(found.data!.length).toBeGreaterThan(0);
    expect(found.data!.length).toBeLessThanOrEqual(10);
    expect(found.data!.map((match) => match.id)).toContain(contactId);
    expect(found.data!.every((match) => match.name.includes(name))).toBe(true);
    // A full name finds the contact too; every match has both words.
    const full = `${String(contact.properties.firstname)} ${name}`;
    const byFullName = await h.card<ContactMatchView[]>(
      'GET',
      `/api/settings/contacts?query=${encodeURIComponent(full)}`,
    );
    expect(byFullName.data!.map((match) => match.id)).toContain(contactId);
    expect(byFullName.data!.every((match) => match.name.includes(full))).toBe(true);
    const short = await h.card('GET', '/api/settings/contacts?query=x');
    expect(short.error).toMatchObject({
      code: 'validation_failed',
      fields: [{ path: 'query', message: 'type at least 2 characters' }],
    });
  });

  it('explains a preview with the portal labels of rules that carry none', async () => {
    const view = (await h.card<SettingsView>('GET', '/api/settings')).data!;
    const model = withIndustryRule(view.settings).scoring;
    const preview = await h.card<ScoreView>('POST', '/api/settings/preview-score', {
      model,
      contactId: h.seed.contactIds[0],
    });
    expect(preview.error).toBeUndefined();
    const rule = preview.data!.explanation!.rules.find((r) => r.ruleId === 'industry-custom');
    expect(rule?.condition.en).toBe('Industry is known');
    const count = [...model.fit.groups, ...model.engagement.groups].reduce(
      (sum, group) => sum + group.rules.length,
      0,
    );
    expect(preview.data!.explanation!.rules).toHaveLength(count);
  });

  it('saves rules named by the portal label, keeping labels the model already has', async () => {
    const view = (await h.card<SettingsView>('GET', '/api/settings')).data!;
    const saved = await h.card<{ version: number; settings: Settings }>('PUT', '/api/settings', {
      version: view.version,
      settings: withIndustryRule(view.settings),
    });
    expect(saved.error).toBeUndefined();
    const rules = saved.data!.settings.scoring.fit.groups.flatMap((group) => group.rules);
    expect(rules.find((r) => r.id === 'industry-custom')?.propertyLabel).toEqual({
      en: 'Industry',
      de: 'Industry',
    });
    const defaultRule = view.settings.scoring.fit.groups[0]!.rules[0]!;
    expect(rules.find((r) => r.id === defaultRule.id)?.propertyLabel).toEqual(
      defaultRule.propertyLabel,
    );
  });
});
