// Shared plumbing of the CRM routes: the authenticated portal, body parsing with zod into
// HubSpot's 400 body, and the batch envelope.
import type { Response } from 'express';
import type { z } from 'zod';
import { CrmApiError, createValidationError } from './hubspot-error.ts';
import { requireObjectType, type CrmObjectType } from './object-types.ts';
import type { PortalRegistry, PortalState } from '../state.ts';

/** Batch endpoints take at most 100 inputs. https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines */
export const MAX_BATCH_INPUTS = 100;

/**
 * The portal named by the auth middleware in `res.locals.portalId`, never one from the request:
 * a request can only ever reach its own portal's data.
 */
export function portalOf(registry: PortalRegistry, res: Response): PortalState {
  const portalId: unknown = res.locals.portalId;
  if (typeof portalId !== 'number' || !Number.isSafeInteger(portalId) || portalId <= 0) {
    throw new CrmApiError(401, {
      message: 'Authentication credentials not found.',
      category: 'INVALID_AUTHENTICATION',
    });
  }
  return registry.ensure(portalId);
}

/** The object type a route's `:objectType` segment names; HubSpot's 400 when it names none. */
export function objectTypeOf(params: Record<string, unknown>): CrmObjectType {
  return requireObjectType(String(params.objectType));
}

/** Parses a body with zod; failures become HubSpot's 400 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    message: `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
    code: 'INVALID_INPUT',
    ...(issue.path.length > 0 ? { context: { field: [issue.path.map(String).join('.')] } } : {}),
  }));
  throw createValidationError(
    `Invalid input JSON: ${details.map((detail) => detail.message).join('; ')}`,
    details,
  );
}

/** Throws HubSpot's 400 for a batch beyond 100 inputs. */
export function checkBatchSize(inputs: readonly unknown[]): void {
  if (inputs.length > MAX_BATCH_INPUTS) {
    throw createValidationError(
      `Too many inputs: ${inputs.length}. Batch requests accept at most ${MAX_BATCH_INPUTS} inputs.`,
    );
  }
}

/** One error entry of a batch response (`StandardError`). */
export interface BatchErrorEntry {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors: never[];
  links: Record<string, string>;
}

/** Builds a batch error entry. */
export function createBatchError(
  category: string,
  message: string,
  context: Record<string, string[]>,
): BatchErrorEntry {
  return { status: 'error', category, message, context, errors: [], links: {} };
}

/**
 * Sends a batch response: 200/201 when every input succeeded, 207 multi-status with `errors` and
 * `numErrors` when some failed. https://developers.hubspot.com/docs/api-reference/latest/crm/objects/guide (batch)
 */
export function sendBatch(
  res: Response,
  okStatus: 200 | 201,
  startedAt: Date,
  results: unknown[],
  errors: BatchErrorEntry[] = [],
): void {
  const envelope = {
    status: 'COMPLETE',
    results,
    startedAt: startedAt.toISOString(),
    completedAt: new Date().toISOString(),
  };
  if (errors.length > 0) {
    res.status(207).json({ ...envelope, numErrors: errors.length, errors });
    return;
  }
  res.status(okStatus).json(envelope);
}

/**
 * True when the caller used a date-versioned path (versioned-routes.ts tags it): the few
 * operations whose 2026-09 response differs from the legacy one answer the 2026-09 shape then.
 */
export function isVersioned(res: Response): boolean {
  return typeof res.locals.apiVersion === 'string';
}

/** The empty batch body 2026-09 answers where v4 answered 204 (`BatchResponseVoid`). */
export function sendBatchVoid(res: Response, startedAt: Date): void {
  sendBatch(res, 200, startedAt, []);
}

/** Reads an optional boolean query flag (`archived=true`). */
export function readFlag(raw: unknown): boolean {
  return raw === 'true' || (Array.isArray(raw) && raw.includes('true'));
}

/** Reads an optional integer query value; HubSpot's 400 when it is not one. */
export function readInteger(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  if (!Number.isInteger(value) || value < 0)
    throw createValidationError(`${name} must be a non-negative integer`);
  return value;
}
