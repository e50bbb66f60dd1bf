import { CONTACT_PROPERTIES } from '../../src/domain/properties.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
afterAll(async () => {
  await h?.close();
});

describe('first scoring after install', () => {
  it('scores every contact of a newly installed portal in the background', async () => {
    // GIVEN a backend that scores on install (as `npm start` and production do)
    h = await startHarness({ overrides: { scoreOnInstall: true } });
    const portal = h.portal.registry.get(h.demoPortalId)!;
    expect(
      portal
        .listObjects('contacts')
        .every((c) => c.properties[CONTACT_PROPERTIES.totalScore.name] == null),
    ).toBe(true);
    // WHEN the app is installed
    expect(await h.install(h.demoPortalId)).toMatch(/^200/);
    // THEN a rescore job runs and every contact gets a score
    let progress: { status: string } | null = null;
    for (let attempt = 0; attempt < 200 && progress?.status !== 'completed'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      progress = (await h.card<{ status: string } | null>('GET', '/api/rescore')).data ?? null;
    }
    expect(progress).toMatchObject({ status: 'completed' });
    for (const contact of portal.listObjects('contacts')) {
      expect(contact.properties[CONTACT_PROPERTIES.totalScore.name]).not.toBeNull();
    }
  });
});
