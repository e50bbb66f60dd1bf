// The card API as HubSpot serverless app functions (private, static-auth form). Each operation is
// the very handler express mounts (src/server/handlers/*), with the same parameter checks as its
// express route, wrapped as `exports.main = async (context) => envelope`: HubSpot passes the card's
// `hubspot.serverless(name, { parameters })` as `context.parameters`, and the app's static token as
// the PRIVATE_APP_ACCESS_TOKEN secret (environment variable).
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/serverless-functions/reference
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CrmGateway } from '../hubspot/gateway.ts';
import { createHubSpotGateway } from '../hubspot/hubspot-gateway.ts';
import { createRateLimiter } from '../hubspot/rate-limiter.ts';
import { errorToResult } from '../server/http/errors.ts';
import { loadSettings, loadSettingsForRepair } from '../server/read-models/settings.ts';
import {
  CARD_OPERATIONS as ALL_CARD_OPERATIONS,
  type CardOperation,
  type OperationContext,
} from '../server/routes/card-operations.ts';
import { ApiFailure, invalid, type ApiResult } from '../server/http/envelope.ts';
import { createLogger, type Logger } from '../runtime/logger.ts';
import type { Store } from '../store/store.ts';
import { createHubSpotHostedStore } from './hosted-store.ts';
import { createStateRecords } from './state-records.ts';

type Parameters = Record<string, unknown>;

/**
 * The card operations the private form offers: the same table express mounts (one definition of
 * each operation's checks), less the bulk rescore: a job that runs for minutes does not fit an app
 * function's time limit.
 */
const PRIVATE_OPERATION_NAMES = [
  'get-plan',
  'save-section',
  'submit-assessment',
  'submit-competitor-assessment',
  'return-deal-to-marketing',
  'move-to-next-stage',
  'get-qualification',
  'hand-off',
  'return-contact-to-marketing',
  'rescore-contact',
  'get-settings',
  'put-settings',
  'preview-score',
  'search-contacts',
  'get-loop-analytics',
] as const;
export const CARD_OPERATIONS = Object.fromEntries(
  PRIVATE_OPERATION_NAMES.map((name) => [name, ALL_CARD_OPERATIONS[name]]),
) as Record<(typeof PRIVATE_OPERATION_NAMES)[number], CardOperation>;

/** The name of a card-API app function. */
export type CardOperationName = (typeof PRIVATE_OPERATION_NAMES)[number];

/** The names of every card-API app function, in a stable order. */
export const CARD_OPERATION_NAMES: CardOperationName[] = [...PRIVATE_OPERATION_NAMES];

/** What HubSpot hands an app function (the fields this app reads). */
export interface AppFunctionContext {
  parameters?: unknown;
  secrets?: Record<string, string | undefined>;
  /** The portal, when HubSpot's runtime supplies it (unconfirmed for 2026.03). */
  accountId?: number | string;
}

/** The environment a function reads its configuration from (injected: tests pass plain objects). */
export interface AppFunctionEnv {
  PRIVATE_APP_ACCESS_TOKEN?: string;
  /** The custom object holding the app's state (its objectTypeId, e.g. `2-1234567`). */
  OPPORTUNITY_PLAN_STATE_OBJECT?: string;
  /** Defaults to https://api.hubapi.com; the local portal in tests. */
  HUBSPOT_API_BASE_URL?: string;
  LOG_LEVEL?: string;
}

const portalSchema = z.coerce.number().int().positive();

/** Everything one invocation needs besides the parameters; built once per function instance. */
interface Runtime {
  token: string;
  basePath: string;
  store: Store;
  logger: Logger;
}

function runtimeFrom(env: AppFunctionEnv, secrets: AppFunctionContext['secrets']): Runtime {
  const token = secrets?.PRIVATE_APP_ACCESS_TOKEN ?? env.PRIVATE_APP_ACCESS_TOKEN;
  if (!token)
    throw new Error(
      'PRIVATE_APP_ACCESS_TOKEN is missing: HubSpot provides it to app functions of a static-auth app.',
    );
  const objectType = env.OPPORTUNITY_PLAN_STATE_OBJECT;
  if (!objectType)
    throw new Error(
      'OPPORTUNITY_PLAN_STATE_OBJECT is missing: add the state custom object’s objectTypeId as a project secret (docs/private-distribution.md).',
    );
  const basePath = (env.HUBSPOT_API_BASE_URL ?? 'https://api.hubapi.com').replace(/\/+$/, '');
  const records = createStateRecords({ basePath, getAccessToken: async () => token, objectType });
  return {
    token,
    basePath,
    store: createHubSpotHostedStore({ records }),
    logger: createLogger(env.LOG_LEVEL ?? 'warn'),
  };
}

/** Builds the `main` of one app function: parameters in, the card API's envelope out. */
export function createAppFunction(
  name: CardOperationName,
  env: AppFunctionEnv,
  now: () => number = Date.now,
): (context: AppFunctionContext) => Promise<ApiResult<unknown>> {
  const operation = CARD_OPERATIONS[name];
  return async function main(context) {
    const requestId = randomUUID();
    const parameters: Parameters =
      context.parameters && typeof context.parameters === 'object'
        ? (context.parameters as Parameters)
        : {};
    // A static token reaches exactly one portal, so a wrong portal id cannot reach other data;
    // the runtime's own account id wins over the card's when HubSpot supplies one.
    const portal = portalSchema.safeParse(context.accountId ?? parameters.portalId);
    if (!portal.success)
      return invalid([{ path: 'portalId', message: 'the card must name its HubSpot portal' }]);
    let runtime: Runtime;
    try {
      runtime = runtimeFrom(env, context.secrets);
    } catch (error) {
      return errorToResult(error, requestId);
    }
    const { store, logger } = runtime;
    try {
      // The server's rule: damaged stored settings refuse everything but the settings page.
      const { version, settings, damaged } = operation.repairsSettings
        ? await loadSettingsForRepair(store, portal.data, logger)
        : { ...(await loadSettings(store, portal.data, logger)), damaged: null };
      const gateway = createHubSpotGateway({
        portalId: portal.data,
        basePath: runtime.basePath,
        getAccessToken: async () => runtime.token,
        // Private apps get 100 requests per 10 s on Enterprise (190 with the API add-on).
        // https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
        limiter: createRateLimiter({ maxRequests: 100 }),
      });
      let owners: ReturnType<CrmGateway['listOwners']> | undefined;
      const ctx: OperationContext = {
        settingsVersion: version,
        ...(operation.repairsSettings ? { settingsDamage: damaged } : {}),
        portalId: portal.data,
        userId: typeof parameters.userId === 'string' ? parameters.userId : 'unknown',
        gateway,
        // One invocation is one request: the owners are read at most once per invocation.
        listOwners: () => (owners ??= gateway.listOwners()),
        store,
        settings,
        now: new Date(now()),
        logger: logger.child({ portalId: portal.data, requestId, function: name }),
      };
      // The card sends a request body as `input` (hand-off, returns) or flat (saves, assessments).
      const input = parameters.input;
      const body =
        input && typeof input === 'object' && !Array.isArray(input)
          ? (input as Parameters)
          : parameters;
      return await operation.run(parameters, body, ctx);
    } catch (error) {
      if (!(error instanceof ApiFailure))
        logger.error({ err: error, requestId, function: name }, 'app function failed');
      return errorToResult(error, requestId);
    }
  };
}
