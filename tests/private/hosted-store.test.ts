// The HubSpot-hosted store (private form) runs the same contract battery as sqlite and PostgreSQL,
// against the local portal: its records are CRM records reached over HTTP with a static token.
import { APP_SCOPES, createLocalPortal } from '../../src/local-portal/server.ts';
import { createHubSpotHostedStore } from '../../src/private/hosted-store.ts';
import { createStateRecords } from '../../src/private/state-records.ts';
import { describeStoreContract, type StoreHarnessOptions } from '../store/store-contract.ts';

// The private build asks for the app's scopes, `oauth` included as in HubSpot's static-private
// template (scripts/build-private.mjs).
const PRIVATE_SCOPES = [...APP_SCOPES];

const portal = createLocalPortal({
  seed: 3,
  rateLimit: { perTenSeconds: 1_000_000, searchPerSecond: 100_000 },
});
let handle: { url: string; close(): Promise<void> };
let nextPortalId = 9_100_000;

beforeAll(async () => {
  handle = await portal.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await handle.close();
});

describeStoreContract(
  'HubSpot-hosted (state records on the local portal)',
  async (options: StoreHarnessOptions) => {
    // A fresh HubSpot portal per test, so every test starts from an empty store.
    nextPortalId += 1;
    portal.registry.ensure(nextPortalId);
    const token = portal.oauth.issueTokens({
      portalId: nextPortalId,
      scopes: PRIVATE_SCOPES,
    }).access_token;
    const records = createStateRecords({
      basePath: handle.url,
      getAccessToken: async () => token,
      objectType: 'notes',
    });
    await records.ensureSchema();
    const store = createHubSpotHostedStore({ records, ...options });
    return {
      store,
      readRawTokens: async (portalId) => {
        const record = await records.get(`installation|${portalId}`);
        if (!record) return [];
        const value = JSON.parse(record.value) as { accessToken: string; refreshToken: string };
        return [value.accessToken, value.refreshToken];
      },
      dispose: async () => {
        await store.close();
      },
    };
  },
);
