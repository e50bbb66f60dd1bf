// The card API's answers. hubspot.fetch turns every non-2xx into an opaque error, so expected
// failures answer 200 with { ok: false, error } and keep non-2xx for auth failures only
// (https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data).
import type { z } from 'zod';
import type {
  ApiError as ContractApiError,
  ApiResult as ContractApiResult,
  ServerErrorCode,
} from '../../contract/card-api.ts';
import { fieldErrorsFromZod, type FieldError, type Localized } from '../../domain/errors.ts';

/** The error codes the backend answers with (the contract's, without the cards' `network`). */
export type ApiErrorCode = ServerErrorCode;

export type ApiError = ContractApiError<ServerErrorCode>;

export type ApiResult<T> = ContractApiResult<T, ServerErrorCode>;

/** A successful answer. */
export function ok<T>(data: T): ApiResult<T> {
  return { ok: true, data };
}

/** An expected failure, answered with HTTP 200 so the card can show it. */
export function fail<T = never>(
  code: ApiErrorCode,
  message: Localized,
  extra: Partial<ApiError> = {},
): ApiResult<T> {
  return { ok: false, error: { code, message, ...extra } };
}

/** A validation failure naming every bad field. */
export function invalid<T = never>(fields: FieldError[]): ApiResult<T> {
  const list = fields.map((field) => `${field.path}: ${field.message}`).join('; ');
  return fail(
    'validation_failed',
    { en: `Please check: ${list}`, de: `Bitte prüfen: ${list}` },
    { fields },
  );
}

/** A thrown error a handler can raise to answer with an expected failure. */
export class ApiFailure extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message.en);
    this.error = error;
  }
}

export const notFound = (what: Localized): ApiFailure =>
  new ApiFailure({ code: 'not_found', message: what });

/** Runs `then` on the request body parsed by `schema`; a body that does not fit answers
 * `validation_failed` naming its fields, and `then` does not run. */
export async function withBody<S extends z.ZodType, T>(
  schema: S,
  body: unknown,
  then: (data: z.output<S>) => Promise<ApiResult<T>>,
): Promise<ApiResult<T>> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) return invalid(fieldErrorsFromZod(parsed.error));
  return then(parsed.data);
}
