import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPortalPersistence } from '../../src/local-portal/persistence.ts';
import { createOfficialClient, startPortal } from './portal-harness.ts';

describe('local portal persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-portal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves debounced snapshots and loads the last one', async () => {
    const path = join(dir, 'nested', 'portal.sqlite');
    const store = openPortalPersistence(path, 5);
    expect(store.load()).toBeUndefined();
    store.scheduleSave(() => ({ registry: { n: 1 }, oauth: { t: 'a' } }));
    store.scheduleSave(() => ({ registry: { n: 2 }, oauth: { t: 'b' } }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    store.close();
    const reopened = openPortalPersistence(path);
    expect(reopened.load()).toEqual({ registry: { n: 2 }, oauth: { t: 'b' } });
    reopened.close();
  });

  it('keeps CRM data and tokens across a restart of the portal', async () => {
    // GIVEN a portal with a contact and a token, stopped
    const persistPath = join(dir, 'portal.sqlite');
    const first = await startPortal({ persistPath });
    expect(first.portal.restoredFromDisk).toBe(false);
    const token = first.portal.oauth.issueTokens({ portalId: 2026001 }).access_token;
    const created = await createOfficialClient(first.url, token).crm.contacts.basicApi.create({
      properties: { email: 'kept@example.com' },
      associations: [],
    });
    await first.close();
    // WHEN it starts again on the same file
    const second = await startPortal({ persistPath });
    try {
      // THEN the token still works and the contact is still there
      expect(second.portal.restoredFromDisk).toBe(true);
      const read = await createOfficialClient(second.url, token).crm.contacts.basicApi.getById(
        created.id,
        ['email'],
      );
      expect(read.properties.email).toBe('kept@example.com');
    } finally {
      await second.close();
    }
  });
});
