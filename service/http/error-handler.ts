import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { QueryCancelledError, StoreUnavailableError } from '../ports/store.js';
import { ApiError, type FieldIssue, type ProblemCode, problemBody } from './problems.js';

/** Turns zod issues into field issues with JSON paths such as `rows[3].bouwjaar`. */
export function zodIssues(error: ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((i) => ({
    path:
      i.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), prefix) ||
      '(root)',
    message: i.message,
  }));
}

/** Sends one catalog problem. */
export function sendProblem(res: Response, code: ProblemCode, detail: string, issues: FieldIssue[] = []): void {
  const body = problemBody(code, detail, res.req.originalUrl, issues);
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Maps errors thrown by express' body parser (identified by their `type`, never by message). */
function bodyParserProblem(err: BodyParserError): [ProblemCode, string] | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return ['MALFORMED_JSON', 'The request body could not be parsed as JSON.'];
    case 'entity.too.large':
      return ['BODY_TOO_LARGE', 'The request body exceeds the configured limit.'];
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding or charset.'];
    case 'request.aborted':
      return ['VALIDATION_FAILED', 'The request was aborted by the client.'];
    default:
      // Any other client error from Express or its body parser (a corrupt gzip body, say) that says so
      // through its status and `expose` flag.
      return err.expose === true && typeof err.status === 'number' && err.status >= 400 && err.status < 500
        ? ['MALFORMED_REQUEST', 'The request could not be read (bad encoding or corrupt body).']
        : null;
  }
}

/** The one error handler: every failure becomes application/problem+json; stacks only go to the log. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    if (err instanceof QueryCancelledError) {
      logger.debug({ url: req.originalUrl }, 'client went away; its query was cancelled');
      return;
    }
    if (err instanceof ApiError) return sendProblem(res, err.code, err.detail, err.issues);
    if (err instanceof StoreUnavailableError) {
      logger.warn({ url: req.originalUrl }, 'data store unavailable');
      return sendProblem(res, 'STORE_UNAVAILABLE', 'The data store cannot be reached right now; try again shortly.');
    }
    if (err instanceof URIError) return sendProblem(res, 'MALFORMED_REQUEST', 'The URL contains an invalid percent-encoding.');
    if (err instanceof ZodError) return sendProblem(res, 'VALIDATION_FAILED', 'The request does not match the schema.', zodIssues(err));
    const mapped = err && typeof err === 'object' ? bodyParserProblem(err as BodyParserError) : null;
    if (mapped) return sendProblem(res, mapped[0], mapped[1]);
    logger.error({ err, url: req.originalUrl }, 'unhandled error');
    sendProblem(res, 'INTERNAL', 'An unexpected error occurred; it has been logged.');
  };
}
