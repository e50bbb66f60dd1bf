import {
  LocalPortalConfigError,
  parseLocalPortalConfig,
  parseLocalPortalRealism,
  readWebhookSubscriptions,
} from '../../src/local-portal/config.ts';
import { HUBSPOT_LATENCY_PROFILE } from '../../src/local-portal/latency.ts';

describe('the local portal configuration', () => {
  it('defaults to port 3001, the backend on localhost:3000 and a data file', () => {
    const config = parseLocalPortalConfig({});
    expect(config.port).toBe(3001);
    expect(config.host).toBe('127.0.0.1');
    expect(config.seed).toBe(42);
    expect(config.options).toMatchObject({
      clientId: 'local-client-id',
      clientSecret: 'local-client-secret',
      publicBaseUrl: 'http://localhost:3000',
      appBaseUrl: 'http://localhost:3000',
      persistPath: './data/local-portal.sqlite',
      autoDeliverWebhooks: true,
    });
  });

  it('follows PORT and PUBLIC_BASE_URL for the redirect and signed-call targets', () => {
    expect(parseLocalPortalConfig({ PORT: '4000' }).options.publicBaseUrl).toBe(
      'http://localhost:4000',
    );
    const config = parseLocalPortalConfig({
      PUBLIC_BASE_URL: 'https://app.example.com/',
      LOCAL_PORTAL_DATA: 'none',
      LOCAL_PORTAL_WEBHOOKS: 'manual',
    });
    expect(config.options.appBaseUrl).toBe('https://app.example.com');
    expect(config.options.persistPath).toBeUndefined();
    expect(config.options.autoDeliverWebhooks).toBe(false);
  });

  it('keeps latency off, lags search by 3 s, and turns on the HubSpot profile when asked', () => {
    const defaults = parseLocalPortalConfig({});
    expect(defaults.options.latency).toBeUndefined();
    expect(defaults.options.searchLagMs).toBe(3_000);
    const tuned = parseLocalPortalConfig({
      LOCAL_PORTAL_LATENCY: 'hubspot',
      LOCAL_PORTAL_LATENCY_OVERRIDES: '{"search":{"medianMs":600,"p95Ms":1500}}',
      LOCAL_PORTAL_SEARCH_LAG_MS: '0',
    });
    expect(tuned.options.latency?.name).toBe('hubspot+overrides');
    expect(tuned.options.latency?.classes.search).toEqual({ medianMs: 600, p95Ms: 1500 });
    expect(tuned.options.latency?.classes.read).toEqual(HUBSPOT_LATENCY_PROFILE.classes.read);
    expect(tuned.options.searchLagMs).toBe(0);
    expect(parseLocalPortalRealism({ LOCAL_PORTAL_LATENCY: 'hubspot' }, 1).latency?.name).toBe(
      'hubspot',
    );
    expect(() =>
      parseLocalPortalConfig({
        LOCAL_PORTAL_LATENCY: 'fast',
        LOCAL_PORTAL_LATENCY_OVERRIDES: '{"serach":{}}',
        LOCAL_PORTAL_SEARCH_LAG_MS: '-1',
      }),
    ).toThrow(/LOCAL_PORTAL_LATENCY:.*LOCAL_PORTAL_LATENCY_OVERRIDES.*LOCAL_PORTAL_SEARCH_LAG_MS/);
  });

  it('names every bad variable', () => {
    expect(() =>
      parseLocalPortalConfig({ LOCAL_PORTAL_PORT: 'abc', PUBLIC_BASE_URL: 'ftp://x' }),
    ).toThrow(LocalPortalConfigError);
    expect(() =>
      parseLocalPortalConfig({ LOCAL_PORTAL_PORT: 'abc', PUBLIC_BASE_URL: 'ftp://x' }),
    ).toThrow(/LOCAL_PORTAL_PORT.*PUBLIC_BASE_URL/);
  });

  it('reads the active legacy CRM subscriptions of the webhook component', () => {
    const text = JSON.stringify({
      uid: 'webhooks',
      type: 'webhooks',
      config: {
        settings: { targetUrl: 'https://x', maxConcurrentRequests: 10 },
        subscriptions: {
          legacyCrmObjects: [
            { subscriptionType: 'contact.propertyChange', propertyName: 'email', active: true },
            { subscriptionType: 'deal.propertyChange', propertyName: 'amount', active: false },
            { subscriptionType: 'deal.creation', active: true },
          ],
        },
      },
    });
    expect(readWebhookSubscriptions(text)).toEqual([
      { subscriptionType: 'contact.propertyChange', propertyName: 'email' },
      { subscriptionType: 'deal.creation' },
    ]);
  });
});
