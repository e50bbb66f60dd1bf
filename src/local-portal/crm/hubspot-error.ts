// HubSpot's error bodies, as the CRM API returns them and @hubspot/api-client deserialises them
// (its `Error` model: status, message, correlationId, category, errors[{ message, code, context }]).
// https://developers.hubspot.com/docs/api-reference/error-handling
import { randomUUID } from 'node:crypto';

/** One entry of an error body's `errors` array. */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  /** The field or parameter the error is about (ErrorDetail.in in HubSpot's specs). */
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

/** The JSON body HubSpot answers a failed request with. */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: HubSpotErrorDetail[];
  context?: Record<string, string[]>;
}

/** A failed CRM call: the HTTP status and HubSpot's body for it. Thrown by the state, mapped by the router. */
export class CrmApiError extends Error {
  readonly status: number;
  readonly body: HubSpotErrorBody;

  constructor(status: number, body: Omit<HubSpotErrorBody, 'status' | 'correlationId'>) {
    super(body.message);
    this.name = 'CrmApiError';
    this.status = status;
    this.body = { status: 'error', correlationId: randomUUID(), ...body };
  }
}

/** 400 VALIDATION_ERROR, optionally with HubSpot's per-field details. */
export function createValidationError(
  message: string,
  errors?: HubSpotErrorDetail[],
  context?: Record<string, string[]>,
): CrmApiError {
  return new CrmApiError(400, {
    message,
    category: 'VALIDATION_ERROR',
    ...(errors ? { errors } : {}),
    ...(context ? { context } : {}),
  });
}

/** 404 OBJECT_NOT_FOUND (HubSpot answers an unknown or archived record id with it). */
export function createNotFoundError(message = 'resource not found'): CrmApiError {
  return new CrmApiError(404, { message, category: 'OBJECT_NOT_FOUND' });
}

/** 409 with the given category (CONFLICT for duplicate records, OBJECT_ALREADY_EXISTS for schema). */
export function createConflictError(
  message: string,
  category: 'CONFLICT' | 'OBJECT_ALREADY_EXISTS' = 'CONFLICT',
): CrmApiError {
  return new CrmApiError(409, { message, category });
}

/** One invalid property value, in the shape HubSpot embeds in "Property values were not valid". */
export interface InvalidPropertyValue {
  name: string;
  code: string;
  message: string;
}

/**
 * HubSpot's 400 for a write with bad property values: the top-level message embeds the JSON list of
 * problems, and `errors[]` repeats each with its code and the property name in `context`.
 */
export function createPropertyValuesError(
  portalId: number,
  problems: InvalidPropertyValue[],
): CrmApiError {
  const embedded = problems.map((problem) => ({
    isValid: false,
    message: problem.message,
    error: problem.code,
    name: problem.name,
    localizedErrorMessage: problem.message,
    portalId,
  }));
  return createValidationError(
    `Property values were not valid: ${JSON.stringify(embedded)}`,
    problems.map((problem) => ({
      message: problem.message,
      code: problem.code,
      context: { propertyName: [problem.name] },
    })),
  );
}
