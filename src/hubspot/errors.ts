// Typed failures of the CRM gateway, each with a stable `code` that the server maps to a response in
// one place. HubSpot's own message travels with the error so an operator sees what HubSpot said.
// Error body shape: https://developers.hubspot.com/docs/api/error-handling

/** One problem HubSpot named inside an error response (`errors[]`). */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  /** The field or parameter the problem is in (ErrorDetail.in; a property name for rule breaks). */
  in?: string;
  /** Where HubSpot found the problem (`context.propertyName: ['op_fit_score']` …). */
  context?: Record<string, string[]>;
}

/** Common base: every gateway error names the HTTP status HubSpot answered with, if any. */
export class HubSpotError extends Error {
  readonly code: string = 'hubspot_error';
  readonly status: number | undefined;
  readonly hubspotMessage: string | undefined;
  readonly correlationId: string | undefined;
  constructor(
    message: string,
    details: { status?: number; hubspotMessage?: string; correlationId?: string } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.status = details.status;
    this.hubspotMessage = details.hubspotMessage;
    this.correlationId = details.correlationId;
  }
}

/** HubSpot answered 429: the portal's rate limit is used up (or the daily one, not worth retrying). */
export class HubSpotRateLimitError extends HubSpotError {
  override readonly code = 'hubspot_rate_limited';
  /** How long HubSpot asked us to wait, when it said; undefined for a DAILY limit without a hint. */
  readonly retryAfterMs: number | undefined;
  /** HubSpot's policy: TEN_SECONDLY_ROLLING, SECONDLY, DAILY … */
  readonly policyName: string | undefined;
  constructor(
    message: string,
    details: {
      retryAfterMs?: number;
      policyName?: string;
      hubspotMessage?: string;
      correlationId?: string;
    },
  ) {
    super(message, { status: 429, ...details });
    this.retryAfterMs = details.retryAfterMs;
    this.policyName = details.policyName;
  }
}

/** HubSpot answered 401/403: the token is invalid/expired or lacks a scope. */
export class HubSpotAuthError extends HubSpotError {
  override readonly code = 'hubspot_unauthorized';
}

/** HubSpot answered 404: the record (or property, pipeline …) does not exist in this portal. */
export class HubSpotNotFoundError extends HubSpotError {
  override readonly code = 'hubspot_not_found';
}

/** HubSpot answered 409: the thing exists already or was changed concurrently. */
export class HubSpotConflictError extends HubSpotError {
  override readonly code = 'hubspot_conflict';
}

/** One property HubSpot refused to write, with what HubSpot (or the admin's rule) said. */
export interface RefusedProperty {
  propertyName: string;
  message: string;
}

/**
 * HubSpot rejected the request (400 or another 4xx): bad property value, unknown option, or — from
 * API version 2026-09 — one of the portal admin's property validation rules (400, category
 * VALIDATION_ERROR, the rule's message per property; changelog 2026-08-11).
 */
export class HubSpotValidationError extends HubSpotError {
  override readonly code = 'hubspot_validation_failed';
  readonly errors: HubSpotErrorDetail[];
  /** HubSpot's error category (VALIDATION_ERROR …). */
  readonly category: string | undefined;
  constructor(
    message: string,
    details: {
      status: number;
      hubspotMessage?: string;
      correlationId?: string;
      errors?: HubSpotErrorDetail[];
      category?: string;
    },
  ) {
    super(message, details);
    this.errors = details.errors ?? [];
    this.category = details.category;
  }

  /** The properties HubSpot named (ErrorDetail `in` or `context.propertyName`), with its message. */
  refusedProperties(): RefusedProperty[] {
    const refused: RefusedProperty[] = [];
    for (const detail of this.errors) {
      const names = new Set([
        ...(detail.in ? [detail.in] : []),
        ...(detail.context?.propertyName ?? []),
      ]);
      for (const propertyName of names) refused.push({ propertyName, message: detail.message });
    }
    return refused;
  }
}

/** HubSpot kept failing with 5xx, or the network did, after every retry. */
export class HubSpotUnavailableError extends HubSpotError {
  override readonly code = 'hubspot_unavailable';
  readonly attempts: number;
  constructor(
    message: string,
    details: { status?: number; hubspotMessage?: string; attempts: number; cause?: unknown },
  ) {
    super(message, details);
    this.attempts = details.attempts;
    if (details.cause !== undefined) this.cause = details.cause;
  }
}

/** A lifecycle stage write that HubSpot did not keep (read back another value). */
export class LifecycleWriteError extends HubSpotError {
  override readonly code = 'lifecycle_write_rejected';
  readonly expected: string;
  readonly actual: string | null;
  constructor(objectType: string, id: string, expected: string, actual: string | null) {
    super(
      `HubSpot kept lifecyclestage "${actual ?? ''}" on ${objectType}/${id} instead of "${expected}" ` +
        '(check the portal’s lifecycle stage settings and any workflow that sets the stage)',
    );
    this.expected = expected;
    this.actual = actual;
  }
}
