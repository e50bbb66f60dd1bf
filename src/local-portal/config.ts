// The local portal's configuration, read in one place from an injected env (the CLI passes
// process.env, tests pass plain objects). A bad value stops start-up naming the variable.
import { z } from 'zod';
import {
  applyLatencyOverrides,
  HUBSPOT_LATENCY_PROFILE,
  latencyOverridesSchema,
} from './latency.ts';
import { DEFAULT_SEARCH_LAG_MS } from './search-index.ts';
import { DEMO_PORTAL_ID } from './server.ts';
import type { LocalPortalOptions } from './server.ts';
import { validationRuleSchema } from './validation-rules.ts';

const port = z.coerce.number().int().min(1).max(65535);

const envSchema = z.object({
  LOCAL_PORTAL_PORT: port.default(3001),
  LOCAL_PORTAL_HOST: z.string().min(1).default('127.0.0.1'),
  /** The backend's port; its public URL defaults to http://localhost:PORT. */
  PORT: port.default(3000),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  HUBSPOT_CLIENT_ID: z.string().min(1).default('local-client-id'),
  HUBSPOT_CLIENT_SECRET: z.string().min(1).default('local-client-secret'),
  /** Where signed calls (webhooks, workflow actions, hubspot.fetch) go; default PUBLIC_BASE_URL. */
  LOCAL_PORTAL_APP_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** node:sqlite file for the portal's data, or `none` to keep everything in memory. */
  LOCAL_PORTAL_DATA: z.string().min(1).default('./data/local-portal.sqlite'),
  LOCAL_PORTAL_SEED: z.coerce.number().int().default(42),
  LOCAL_PORTAL_RATE_SCALE: z.coerce.number().positive().max(1000).default(1),
  LOCAL_PORTAL_WEBHOOKS: z.enum(['auto', 'manual']).default('auto'),
  LOCAL_PORTAL_WEBHOOK_PATH: z.string().startsWith('/').default('/hubspot/webhooks'),
  /** The project's webhook component, whose subscriptions the portal registers at start. */
  LOCAL_PORTAL_WEBHOOKS_CONFIG: z
    .string()
    .min(1)
    .default('./extensions/app/webhooks/webhooks-hsmeta.json'),
});

/** JSON text in an environment variable, parsed, then checked by `schema`. */
function jsonText<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

// The realism settings, shared by `npm run local-portal` (parseLocalPortalConfig) and `npm start`
// (src/main.ts), so both read them the same way.
const realismSchema = z.object({
  /** `hubspot` turns on the HubSpot-like latency profile (latency.ts); `off` answers at once. */
  LOCAL_PORTAL_LATENCY: z.enum(['off', 'hubspot']).default('off'),
  /** Per-class overrides of the profile, e.g. {"search":{"medianMs":600,"p95Ms":1500}}. */
  LOCAL_PORTAL_LATENCY_OVERRIDES: jsonText(latencyOverridesSchema).optional(),
  /** How long search lags writes (ms); HubSpot's index catches up within seconds. */
  LOCAL_PORTAL_SEARCH_LAG_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(DEFAULT_SEARCH_LAG_MS),
  /** Admin validation rules: a JSON array of rules, each with an optional portalId (default: the demo portal). */
  LOCAL_PORTAL_VALIDATION_RULES: jsonText(
    z.array(validationRuleSchema.safeExtend({ portalId: z.number().int().positive().optional() })),
  ).optional(),
});

/** The realism part of the local portal's options (latency, search lag, validation rules). */
export type LocalPortalRealism = Pick<
  LocalPortalOptions,
  'latency' | 'searchLagMs' | 'validationRules'
>;

function problemsOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

/**
 * Reads LOCAL_PORTAL_LATENCY, LOCAL_PORTAL_LATENCY_OVERRIDES, LOCAL_PORTAL_SEARCH_LAG_MS and
 * LOCAL_PORTAL_VALIDATION_RULES; throws LocalPortalConfigError naming each bad variable.
 */
export function parseLocalPortalRealism(
  env: Record<string, string | undefined>,
  demoPortalId: number,
): LocalPortalRealism {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = realismSchema.safeParse(cleaned);
  if (!result.success) {
    throw new LocalPortalConfigError(
      `Invalid local portal configuration — fix these environment variables: ${problemsOf(result.error)}`,
    );
  }
  return toRealism(result.data, demoPortalId);
}

function toRealism(
  values: z.output<typeof realismSchema>,
  demoPortalId: number,
): LocalPortalRealism {
  const validationRules: Record<number, z.input<typeof validationRuleSchema>[]> = {};
  for (const { portalId, ...rule } of values.LOCAL_PORTAL_VALIDATION_RULES ?? []) {
    (validationRules[portalId ?? demoPortalId] ??= []).push(rule);
  }
  return {
    ...(values.LOCAL_PORTAL_LATENCY === 'hubspot'
      ? {
          latency: applyLatencyOverrides(
            HUBSPOT_LATENCY_PROFILE,
            values.LOCAL_PORTAL_LATENCY_OVERRIDES ?? {},
          ),
        }
      : {}),
    searchLagMs: values.LOCAL_PORTAL_SEARCH_LAG_MS,
    ...(Object.keys(validationRules).length > 0 ? { validationRules } : {}),
  };
}

/** The CLI's configuration. */
export interface LocalPortalConfig {
  port: number;
  host: string;
  seed: number;
  webhooksConfigPath: string;
  options: LocalPortalOptions;
}

/** Thrown when the environment is unusable; the message names each bad variable. */
export class LocalPortalConfigError extends Error {
  readonly code = 'invalid_config';
}

/** Parses the environment; throws LocalPortalConfigError naming each bad variable. */
export function parseLocalPortalConfig(env: Record<string, string | undefined>): LocalPortalConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  const realismResult = realismSchema.safeParse(cleaned);
  if (!result.success || !realismResult.success) {
    const problems = [
      ...(result.success ? [] : [problemsOf(result.error)]),
      ...(realismResult.success ? [] : [problemsOf(realismResult.error)]),
    ];
    throw new LocalPortalConfigError(
      `Invalid local portal configuration — fix these environment variables: ${problems.join('; ')}`,
    );
  }
  const values = result.data;
  const realism = toRealism(realismResult.data, DEMO_PORTAL_ID);
  const publicBaseUrl = (values.PUBLIC_BASE_URL ?? `http://localhost:${values.PORT}`).replace(
    /\/$/,
    '',
  );
  return {
    port: values.LOCAL_PORTAL_PORT,
    host: values.LOCAL_PORTAL_HOST,
    seed: values.LOCAL_PORTAL_SEED,
    webhooksConfigPath: values.LOCAL_PORTAL_WEBHOOKS_CONFIG,
    options: {
      clientId: values.HUBSPOT_CLIENT_ID,
      clientSecret: values.HUBSPOT_CLIENT_SECRET,
      publicBaseUrl,
      appBaseUrl: values.LOCAL_PORTAL_APP_BASE_URL ?? publicBaseUrl,
      webhookPath: values.LOCAL_PORTAL_WEBHOOK_PATH,
      autoDeliverWebhooks: values.LOCAL_PORTAL_WEBHOOKS === 'auto',
      rateLimit: { scale: values.LOCAL_PORTAL_RATE_SCALE },
      persistPath: values.LOCAL_PORTAL_DATA === 'none' ? undefined : values.LOCAL_PORTAL_DATA,
      seed: values.LOCAL_PORTAL_SEED,
      ...realism,
    },
  };
}

// The webhook component's subscriptions (HUBSPOT.md: `config.subscriptions.legacyCrmObjects`
// [{ subscriptionType, propertyName, active }]):
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks
const webhookComponentSchema = z.object({
  config: z.object({
    subscriptions: z
      .object({
        legacyCrmObjects: z
          .array(
            z.object({
              subscriptionType: z.string().min(1),
              propertyName: z.string().min(1).optional(),
              active: z.boolean().default(true),
            }),
          )
          .default([]),
      })
      .default({ legacyCrmObjects: [] }),
  }),
});

/** The active legacy CRM subscriptions of a webhooks-hsmeta.json file's text. */
export function readWebhookSubscriptions(
  fileText: string,
): Array<{ subscriptionType: string; propertyName?: string }> {
  const parsed = webhookComponentSchema.parse(JSON.parse(fileText));
  return parsed.config.subscriptions.legacyCrmObjects
    .filter((subscription) => subscription.active)
    .map(({ subscriptionType, propertyName }) => ({
      subscriptionType,
      ...(propertyName ? { propertyName } : {}),
    }));
}
