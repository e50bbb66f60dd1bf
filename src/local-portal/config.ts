// The local portal's configuration, read in one place from an injected env (the CLI passes
// process.env, tests pass plain objects). A bad value stops start-up naming the variable.
import { z } from 'zod';
import type { LocalPortalOptions } from './server.ts';

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
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new LocalPortalConfigError(
      `Invalid local portal configuration — fix these environment variables: ${problems.join('; ')}`,
    );
  }
  const values = result.data;
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
