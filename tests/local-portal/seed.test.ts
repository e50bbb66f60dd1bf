// The demo seeding: deterministic from its seed, with the shape the demo and scoring need.
import { seedDemoPortal } from '../../src/local-portal/seed.ts';
import { createPortalRegistry } from '../../src/local-portal/state.ts';

const NOW = Date.UTC(2026, 0, 15);

function seededPortal(seed: number, contacts = 120) {
  let tick = NOW;
  const registry = createPortalRegistry({ clock: () => (tick += 1) });
  const portal = registry.ensure(77);
  const summary = seedDemoPortal(portal, { seed, contacts, now: NOW });
  return { registry, portal, summary };
}

describe('seedDemoPortal', () => {
  it('gives the same data for the same seed and different data for another seed', () => {
    const first = seededPortal(7).registry.snapshot();
    const second = seededPortal(7).registry.snapshot();
    const other = seededPortal(8).registry.snapshot();
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(first));
  });

  it('creates a marketing and a sales team, companies, contacts with varied engagement, and associated deals', () => {
    const { portal, summary } = seededPortal(42, 300);
    expect(summary.contactIds).toHaveLength(300);
    expect(summary.marketingOwnerIds.length).toBeGreaterThan(0);
    expect(summary.salesOwnerIds.length).toBeGreaterThan(0);
    const teams = new Set(
      portal.listOwners().flatMap((owner) => owner.teams.map((team) => team.id)),
    );
    expect([...teams].sort()).toEqual(['3001', '3002']);
    const contacts = portal.listObjects('contacts');
    const stages = new Set(contacts.map((contact) => contact.properties.lifecyclestage));
    expect(stages.size).toBeGreaterThanOrEqual(5);
    const views = contacts.map((contact) =>
      Number(contact.properties.hs_analytics_num_page_views ?? 0),
    );
    expect(Math.max(...views)).toBeGreaterThan(Math.min(...views));
    for (const contact of contacts) {
      expect(contact.properties.email).toMatch(/@/);
      expect(portal.listAssociations('contacts', contact.id, 'companies')).toHaveLength(1);
    }
    // marketing owns the early stages, sales the late ones
    const marketing = new Set(summary.marketingOwnerIds);
    for (const contact of contacts.filter(
      (candidate) => candidate.properties.lifecyclestage === 'lead',
    )) {
      expect(marketing.has(contact.properties.hubspot_owner_id as string)).toBe(true);
    }
    const deals = portal.listObjects('deals');
    expect(deals.length).toBeGreaterThan(10);
    expect(new Set(deals.map((deal) => deal.properties.dealstage)).size).toBeGreaterThanOrEqual(3);
    for (const deal of deals) {
      expect(portal.listAssociations('deals', deal.id, 'contacts')).toHaveLength(1);
      expect(portal.listAssociations('deals', deal.id, 'companies')).toHaveLength(1);
    }
  });

  it('survives a snapshot round trip', () => {
    const { registry } = seededPortal(3, 40);
    const copy = createPortalRegistry();
    copy.restore(registry.snapshot());
    const restored = copy.get(77);
    expect(restored?.listObjects('contacts')).toHaveLength(40);
    // the email index is rebuilt: a duplicate email is still refused
    const email = restored?.listObjects('contacts')[0]?.properties.email;
    expect(() => restored?.createObject('contacts', { email })).toThrow(/Contact already exists/);
    // ids keep counting from where the snapshot stopped
    const created = restored?.createObject('contacts', { email: 'new@example.com' });
    expect(Number(created?.id)).toBeGreaterThan(
      Math.max(
        ...(restored
          ?.listObjects('contacts')
          .slice(0, -1)
          .map((c) => Number(c.id)) ?? []),
      ),
    );
  });
});
