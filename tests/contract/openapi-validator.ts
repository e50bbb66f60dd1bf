// Validates a response against the operation's response schema in HubSpot's vendored 2026-09 specs
// with ajv 8 (+ ajv-formats). Each spec document is registered under its file name, so the specs'
// own `#/components/…` references resolve inside their document. The specs are OpenAPI 3.0:
// `nullable` is an ajv keyword; `example` and the like are ignored (strict: false).
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import type { SpecOperation, VendoredSpec } from '../../src/local-portal/versioned-routes.ts';

const addFormats = formatsModule.default;

interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}

/** How a response was checked. */
export type Verdict =
  | { kind: 'valid'; schema: string }
  | { kind: 'invalid'; schema: string; problems: string }
  | { kind: 'undocumented'; reason: string };

function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

/** Creates a validator over the given specs. */
export function createSpecValidator(specs: readonly VendoredSpec[]) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  const documents = new Map<string, Record<string, unknown>>();
  for (const spec of specs) {
    ajv.addSchema(spec.document as object, spec.file);
    documents.set(spec.file, spec.document as Record<string, unknown>);
  }
  const compiled = new Map<string, ValidateFunction>();

  function resolveResponse(file: string, response: ResponseObject): ResponseObject {
    if (!response.$ref) return response;
    // `#/components/responses/Error`
    const path = response.$ref.replace(/^#\//, '').split('/');
    let node: unknown = documents.get(file);
    for (const segment of path) node = (node as Record<string, unknown> | undefined)?.[segment];
    return node as ResponseObject;
  }

  /** The response object an answer with `status` is checked against, and its JSON pointer. */
  function pick(
    operation: SpecOperation,
    status: number,
  ): { code: string; response: ResponseObject } | undefined {
    const responses = operation.responses as Record<string, ResponseObject>;
    if (responses[String(status)])
      return { code: String(status), response: responses[String(status)]! };
    // HubSpot's batch endpoints answer 207 Multi-Status with the success body plus `errors` and
    // `numErrors` (https://developers.hubspot.com/docs/api-reference/latest/crm/objects/guide);
    // the specs list only the 2xx body, which carries both fields.
    if (status === 207) {
      const success = Object.keys(responses).find((code) => /^2\d\d$/.test(code));
      if (success) return { code: success, response: responses[success]! };
    }
    if (status >= 400 && responses.default) return { code: 'default', response: responses.default };
    return undefined;
  }

  function verdict(operation: SpecOperation, status: number, body: unknown): Verdict {
    const picked = pick(operation, status);
    const listed = Object.keys(operation.responses).join(', ');
    if (!picked) {
      const documentsSuccess = Object.keys(operation.responses).some((code) => /^2/.test(code));
      if (status < 300 && !documentsSuccess) {
        return { kind: 'undocumented', reason: `the spec lists no success response (${listed})` };
      }
      return {
        kind: 'invalid',
        schema: '(none)',
        problems: `status ${status} is not one the spec lists (${listed})`,
      };
    }
    const response = resolveResponse(operation.file, picked.response);
    const content = response.content ?? {};
    const mediaType = Object.keys(content).find((type) => type.includes('json') || type === '*/*');
    const where = `${operation.file} ${operation.method} ${operation.path} ${picked.code}`;
    if (!mediaType || content[mediaType]?.schema === undefined) {
      // "No content": the body must be empty.
      return body === undefined
        ? { kind: 'valid', schema: `${where} (no content)` }
        : {
            kind: 'invalid',
            schema: where,
            problems: 'the spec says no content, the portal sent a body',
          };
    }
    const base = picked.response.$ref
      ? `#/${picked.response.$ref.replace(/^#\//, '')}`
      : `#/paths/${escapePointer(operation.path)}/${operation.method.toLowerCase()}/responses/${picked.code}`;
    const pointer = `${operation.file}${base}/content/${escapePointer(mediaType)}/schema`;
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: pointer });
      compiled.set(pointer, validate);
    }
    if (validate(body)) return { kind: 'valid', schema: where };
    return {
      kind: 'invalid',
      schema: where,
      problems: ajv.errorsText(validate.errors, { dataVar: 'body', separator: '; ' }),
    };
  }

  return { verdict };
}
