import express, { type NextFunction, type Request, type Response } from 'express';
import { sendProblem } from './error-handler.js';

/**
 * Parses JSON bodies of POST requests (within the byte limit). Refuses at once a body whose declared
 * length is over the limit (413), a missing body (400) and a body that is not JSON (415).
 */
export function jsonBodies(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: false });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST') return next();
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > limitBytes) {
      // Refused from the declared length, before a byte of the body is read.
      res.setHeader('Connection', 'close');
      return sendProblem(res, 'BODY_TOO_LARGE', `The request body may be at most ${limitBytes} bytes; this one declares ${declared}.`);
    }
    const hasBody = declared > 0 || req.get('transfer-encoding') !== undefined;
    if (!hasBody)
      return sendProblem(res, 'VALIDATION_FAILED', 'This request needs a JSON body.', [{ path: '(body)', message: 'empty body' }]);
    if (!req.is('application/json')) {
      return sendProblem(
        res,
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the body as application/json (got ${req.get('content-type') ?? 'no content type'}).`,
      );
    }
    parse(req, res, next);
  };
}
