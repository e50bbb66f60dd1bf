import { ConfigError, LOCAL_DEV_ENCRYPTION_KEYS, parseConfig } from '../../src/runtime/config.ts';

describe('parseConfig', () => {
  it('runs in local mode against the local portal when no HubSpot credentials are given', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      clientId: 'local-client-id',
      hubspotApiBaseUrl: 'http://127.0.0.1:3001',
      hubspotAuthorizeUrl: 'http://127.0.0.1:3001/oauth/authorize',
      databaseUrl: './data/opportunity-plan.sqlite',
      tokenEncryptionKeys: LOCAL_DEV_ENCRYPTION_KEYS,
      localMode: true,
      localPortalPort: 3001,
      startLocalPortal: true,
    });
  });

  it('starts the local portal beside real credentials only when LOCAL_PORTAL=1', () => {
    const real = {
      HUBSPOT_CLIENT_ID: 'abc',
      HUBSPOT_CLIENT_SECRET: 'secret',
      PUBLIC_BASE_URL: 'https://op.example.com',
      TOKEN_ENCRYPTION_KEYS: 'k1:' + Buffer.alloc(32, 1).toString('base64'),
    };
    expect(parseConfig(real).startLocalPortal).toBe(false);
    expect(parseConfig({ ...real, LOCAL_PORTAL: '1', LOCAL_PORTAL_PORT: '4001' })).toMatchObject({
      startLocalPortal: true,
      localPortalPort: 4001,
    });
    expect(() => parseConfig({ ...real, LOCAL_PORTAL: 'yes' })).toThrow('LOCAL_PORTAL');
  });

  it('targets HubSpot itself with real credentials', () => {
    const config = parseConfig({
      HUBSPOT_CLIENT_ID: 'abc',
      HUBSPOT_CLIENT_SECRET: 'secret',
      PUBLIC_BASE_URL: 'https://op.example.com/',
      TOKEN_ENCRYPTION_KEYS: 'k1:' + Buffer.alloc(32, 1).toString('base64'),
      PORT: '8080',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicBaseUrl: 'https://op.example.com',
      hubspotApiBaseUrl: 'https://api.hubapi.com',
      hubspotAuthorizeUrl: 'https://app.hubspot.com/oauth/authorize',
      localMode: false,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [
      { HUBSPOT_CLIENT_ID: 'a', HUBSPOT_CLIENT_SECRET: 'b', PUBLIC_BASE_URL: 'https://x.test' },
      'TOKEN_ENCRYPTION_KEYS',
    ],
    [
      { HUBSPOT_CLIENT_ID: 'a', HUBSPOT_CLIENT_SECRET: 'b', TOKEN_ENCRYPTION_KEYS: 'k:x' },
      'PUBLIC_BASE_URL',
    ],
  ])('stops start-up naming the bad variable (%j → %s)', (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(name);
  });

  it('listens on loopback in local mode, on every interface with real credentials, or on HOST', () => {
    const real = {
      HUBSPOT_CLIENT_ID: 'abc',
      HUBSPOT_CLIENT_SECRET: 'secret',
      PUBLIC_BASE_URL: 'https://op.example.com',
      TOKEN_ENCRYPTION_KEYS: 'k1:' + Buffer.alloc(32, 1).toString('base64'),
    };
    expect(parseConfig({}).host).toBe('127.0.0.1');
    expect(parseConfig(real).host).toBeUndefined();
    expect(parseConfig({ ...real, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(parseConfig({ HOST: '::1' }).host).toBe('::1');
    expect(parseConfig({ HOST: 'backend.internal' }).host).toBe('backend.internal');
    expect(() => parseConfig({ HOST: 'http://0.0.0.0:3000' })).toThrow(
      /HOST: must be an IP address or host name/,
    );
  });
});
