// Configuration is read in exactly one place, from an injected env (probot's habit), so tests pass
// plain objects and never touch process.env. A missing or malformed value stops start-up with a
// message naming the variable and what to fix.
import { z } from 'zod';
import { describeZodError } from '../domain/errors.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce.number().int().min(1).max(65535);

// An IPv4/IPv6 literal or a host name (RFC 1123 labels); what `server.listen(port, host)` takes.
const host = z
  .string()
  .regex(
    /^(?:[0-9a-fA-F:.]+|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$/,
    'must be an IP address or host name to listen on (e.g. 127.0.0.1 or 0.0.0.0)',
  );

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: host.optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  HUBSPOT_CLIENT_ID: z.string().min(1).default('local-client-id'),
  HUBSPOT_CLIENT_SECRET: z.string().min(1).default('local-client-secret'),
  HUBSPOT_API_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  HUBSPOT_AUTHORIZE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOCAL_PORTAL_PORT: port.default(3001),
  DATABASE_URL: z.string().min(1).default('./data/opportunity-plan.sqlite'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  TOKEN_ENCRYPTION_KEYS: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Interval of the incremental score sweep per portal, ms (default 15 minutes). */
  SCORE_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(24 * 3_600_000)
    .default(15 * 60_000),
  LOCAL_PORTAL: z.enum(['0', '1']).optional(),
});

export interface AppConfig {
  port: number;
  /**
   * The address the backend listens on: loopback in local mode (nothing outside this machine can
   * reach a demo backend), every interface otherwise (undefined: Node's default), or HOST.
   */
  host: string | undefined;
  /** The URL HubSpot uses to reach this backend; signatures are computed over it. */
  publicBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Where HubSpot's APIs live (the local portal in local mode). */
  hubspotApiBaseUrl: string;
  /** HubSpot's OAuth consent page (the local portal's in local mode). */
  hubspotAuthorizeUrl: string;
  databaseUrl: string;
  /** With several replicas: the Redis holding every portal's shared request budget. */
  redisUrl: string | undefined;
  /** `kid:base64key,…`; the first key encrypts, every key decrypts. */
  tokenEncryptionKeys: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** How often the incremental score sweep runs per portal, ms (SCORE_SWEEP_INTERVAL_MS). */
  scoreSweepIntervalMs: number;
  /** True when no real HubSpot app credentials were given: the backend talks to the local portal. */
  localMode: boolean;
  /** Port of the local portal (`npm start` in local mode). */
  localPortalPort: number;
  /** Start the local portal: in local mode, or when LOCAL_PORTAL=1. */
  startLocalPortal: boolean;
}

/** Thrown when the environment is unusable; the message names every bad variable. */
export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

/** A fixed development key, used only in local mode so `npm start` needs no set-up. */
export const LOCAL_DEV_ENCRYPTION_KEYS = 'local:' + Buffer.alloc(32, 7).toString('base64');

/** Parses the environment once; throws ConfigError naming each missing or malformed variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      `Invalid configuration — fix these environment variables: ${describeZodError(result.error)}`,
    );
  }
  const value = result.data;
  const localMode = !cleaned.HUBSPOT_CLIENT_ID || !cleaned.HUBSPOT_CLIENT_SECRET;
  const localPortal = `http://127.0.0.1:${value.LOCAL_PORTAL_PORT}`;
  if (!localMode && !value.TOKEN_ENCRYPTION_KEYS) {
    throw new ConfigError(
      'Invalid configuration — TOKEN_ENCRYPTION_KEYS is required with real HubSpot credentials ' +
        '(format "kid:<base64 of 32 random bytes>", e.g. `openssl rand -base64 32`).',
    );
  }
  if (!localMode && !value.PUBLIC_BASE_URL) {
    throw new ConfigError(
      'Invalid configuration — PUBLIC_BASE_URL is required with real HubSpot credentials ' +
        '(the https URL HubSpot calls; signatures are checked against it).',
    );
  }
  return {
    port: value.PORT,
    host: value.HOST ?? (localMode ? '127.0.0.1' : undefined),
    publicBaseUrl: (value.PUBLIC_BASE_URL ?? `http://localhost:${value.PORT}`).replace(/\/$/, ''),
    clientId: value.HUBSPOT_CLIENT_ID,
    clientSecret: value.HUBSPOT_CLIENT_SECRET,
    hubspotApiBaseUrl: (
      value.HUBSPOT_API_BASE_URL ?? (localMode ? localPortal : 'https://api.hubapi.com')
    ).replace(/\/$/, ''),
    hubspotAuthorizeUrl:
      value.HUBSPOT_AUTHORIZE_URL ??
      (localMode ? `${localPortal}/oauth/authorize` : 'https://app.hubspot.com/oauth/authorize'),
    databaseUrl: value.DATABASE_URL,
    redisUrl: value.REDIS_URL,
    tokenEncryptionKeys: value.TOKEN_ENCRYPTION_KEYS ?? LOCAL_DEV_ENCRYPTION_KEYS,
    logLevel: value.LOG_LEVEL,
    scoreSweepIntervalMs: value.SCORE_SWEEP_INTERVAL_MS,
    localMode,
    localPortalPort: value.LOCAL_PORTAL_PORT,
    startLocalPortal: localMode || value.LOCAL_PORTAL === '1',
  };
}
