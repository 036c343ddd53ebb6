/**
 * The one error catalog. Every error the API can answer with has a stable `code`, an HTTP status and a
 * title; the error handler renders them as RFC 9457 `application/problem+json`.
 */
export const PROBLEMS = {
  VALIDATION_FAILED: { status: 400, title: 'Invalid request' },
  MALFORMED_JSON: { status: 400, title: 'Request body is not valid JSON' },
  MALFORMED_REQUEST: { status: 400, title: 'Malformed request' },
  QUERY_TOO_LONG: { status: 400, title: 'Search query too long' },
  INVALID_TILE: { status: 400, title: 'Invalid tile coordinates' },
  AUTHENTICATION_REQUIRED: { status: 401, title: 'Authentication required' },
  INVALID_KEY: { status: 401, title: 'Invalid, revoked or expired key' },
  FORBIDDEN: { status: 403, title: 'Role not allowed' },
  NOT_FOUND: { status: 404, title: 'Resource not found' },
  ADDRESS_NOT_FOUND: { status: 404, title: 'Address not found' },
  BUURT_NOT_FOUND: { status: 404, title: 'Buurt not found' },
  MODEL_CARD_NOT_FOUND: { status: 404, title: 'Model card not available' },
  RECORD_NOT_FOUND: { status: 404, title: 'Record to correct not found' },
  WEBHOOK_NOT_FOUND: { status: 404, title: 'Webhook subscription not found' },
  WEBHOOK_KEY_INVALID: { status: 422, title: 'Key cannot receive webhooks' },
  WEBHOOK_TARGET_REFUSED: { status: 422, title: 'Webhook URL not allowed' },
  ADDRESS_WITHOUT_BUILDING: { status: 422, title: 'Address has no building' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  NOT_ACCEPTABLE: { status: 406, title: 'Format not supported' },
  BODY_TOO_LARGE: { status: 413, title: 'Request body too large' },
  BATCH_TOO_LARGE: { status: 413, title: 'Batch too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Request body must be application/json' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  NOT_READY: { status: 503, title: 'Service not ready' },
  STORE_UNAVAILABLE: { status: 503, title: 'Data store unavailable' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

/** One invalid field: a JSON path and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** An error that maps to one catalog entry. */
export class ApiError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** The RFC 9457 body for a catalog entry. */
export function problemBody(code: ProblemCode, detail: string, instance: string, issues: FieldIssue[] = []) {
  const { status, title } = PROBLEMS[code];
  return {
    type: `https://funderingsrisico.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    code,
    detail,
    instance,
    ...(issues.length > 0 ? { errors: issues } : {}),
  };
}
