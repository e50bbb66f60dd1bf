// The local OAuth server's token store: authorization codes, access and refresh tokens, issuing,
// checking and revoking them, and their snapshot for persistence.
import type { Clock } from '../clock.ts';
import {
  LOCAL_USER,
  newToken,
  snapshotSchema,
  type AccessTokenRecord,
  type AuthResult,
  type AuthorizationCode,
  type Grant,
  type OAuthAppConfig,
  type OAuthSnapshot,
  type RefreshTokenRecord,
  type TokenResponse,
} from './model.ts';

/** What the token store needs to know. */
export interface TokenStoreOptions {
  app: OAuthAppConfig;
  clock: Clock;
  accessTokenTtlSeconds: number;
  defaultScopes?: readonly string[];
  ensurePortal(portalId: number): void;
  onChange?(): void;
}

/** The codes and tokens of one app, with the operations on them. */
export interface TokenStore {
  readonly codes: Map<string, AuthorizationCode>;
  readonly accessTokens: Map<string, AccessTokenRecord>;
  readonly refreshTokens: Map<string, RefreshTokenRecord>;
  /** Reports a change (persistence). */
  changed(): void;
  issueAccessToken(refresh: RefreshTokenRecord): TokenResponse;
  issueTokens(grant: Partial<Grant> & { portalId: number }): TokenResponse;
  authenticate(authorization: string | undefined): AuthResult;
  revokeGrant(portalId: number): { refreshTokens: number; accessTokens: number };
  snapshot(): OAuthSnapshot;
  restore(snapshot: unknown): void;
}

/** Creates an empty token store. */
export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const { app, clock } = options;
  const codes = new Map<string, AuthorizationCode>();
  const accessTokens = new Map<string, AccessTokenRecord>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();
  const changed = () => options.onChange?.();

  function issueAccessToken(refresh: RefreshTokenRecord): TokenResponse {
    const record: AccessTokenRecord = {
      token: newToken('lp-at'),
      clientId: refresh.clientId,
      refreshToken: refresh.token,
      expiresAt: clock() + options.accessTokenTtlSeconds * 1000,
      portalId: refresh.portalId,
      scopes: refresh.scopes,
      userId: refresh.userId,
      userEmail: refresh.userEmail,
    };
    accessTokens.set(record.token, record);
    changed();
    return {
      access_token: record.token,
      refresh_token: refresh.token,
      expires_in: options.accessTokenTtlSeconds,
      token_type: 'bearer',
      hub_id: record.portalId,
      user_id: record.userId,
      scopes: [...record.scopes],
      token_use: 'access_token',
    };
  }

  function issueTokens(grant: Partial<Grant> & { portalId: number }): TokenResponse {
    options.ensurePortal(grant.portalId);
    const refresh: RefreshTokenRecord = {
      token: newToken('lp-rt'),
      clientId: app.clientId,
      portalId: grant.portalId,
      scopes: grant.scopes ?? [...(options.defaultScopes ?? [])],
      userId: grant.userId ?? LOCAL_USER.userId,
      userEmail: grant.userEmail ?? LOCAL_USER.userEmail,
    };
    refreshTokens.set(refresh.token, refresh);
    return issueAccessToken(refresh);
  }

  function authenticate(authorization: string | undefined): AuthResult {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'missing' };
    const record = accessTokens.get(match[1]!);
    if (!record) return { ok: false, reason: 'unknown' };
    if (clock() >= record.expiresAt) {
      return { ok: false, reason: 'expired', expiredAt: record.expiresAt };
    }
    return { ok: true, token: record };
  }

  return {
    codes,
    accessTokens,
    refreshTokens,
    changed,
    issueAccessToken,
    issueTokens,
    authenticate,
    revokeGrant(portalId) {
      let refreshCount = 0;
      let accessCount = 0;
      for (const [key, record] of refreshTokens) {
        if (record.portalId !== portalId) continue;
        refreshTokens.delete(key);
        refreshCount += 1;
      }
      for (const [key, record] of accessTokens) {
        if (record.portalId !== portalId) continue;
        accessTokens.delete(key);
        accessCount += 1;
      }
      if (refreshCount + accessCount > 0) changed();
      return { refreshTokens: refreshCount, accessTokens: accessCount };
    },
    snapshot: () => ({
      accessTokens: [...accessTokens.values()],
      refreshTokens: [...refreshTokens.values()],
    }),
    restore(snapshot) {
      const parsed = snapshotSchema.parse(snapshot);
      accessTokens.clear();
      refreshTokens.clear();
      for (const record of parsed.accessTokens) accessTokens.set(record.token, record);
      for (const record of parsed.refreshTokens) refreshTokens.set(record.token, record);
    },
  };
}
