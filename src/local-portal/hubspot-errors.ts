// HubSpot's error bodies, in one place so every emulated failure looks the same.
// Shape: https://developers.hubspot.com/docs/api-reference/error-handling
// ("status", "message", "correlationId", "category"; every field optional for parsers).
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** A HubSpot error body as the public API returns it. */
export interface HubSpotErrorBody {
  status: string;
  message: string;
  correlationId: string;
  category?: string;
  [extra: string]: unknown;
}

/** Builds a HubSpot error body with a fresh correlation id. */
export function createErrorBody(
  message: string,
  category: string | undefined,
  extra: Record<string, unknown> = {},
): HubSpotErrorBody {
  return {
    status: 'error',
    message,
    correlationId: randomUUID(),
    ...(category ? { category } : {}),
    ...extra,
  };
}

/** Sends a HubSpot error body; HubSpot echoes the correlation id in a header as well. */
export function sendError(res: Response, httpStatus: number, body: HubSpotErrorBody): void {
  res.setHeader('x-hubspot-correlation-id', body.correlationId);
  res.status(httpStatus).json(body);
}
