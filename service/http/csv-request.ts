import type { Request } from 'express';
import { type CsvDialect, type CsvDialectRequest, csvDialectOf } from '../domain/csv-dialect.js';
import { ApiError } from './problems.js';

/** The CSV dialect a request asks for (`?sep=`, `?excel=nl` or the same on `Accept: text/csv`), or `fallback`; 400 on a contradiction. */
export function requestCsvDialect(req: Request, query: CsvDialectRequest, fallback: CsvDialect): CsvDialect {
  const dialect = csvDialectOf(query, req.headers.accept, fallback);
  if ('error' in dialect) throw new ApiError('VALIDATION_FAILED', dialect.error, [{ path: 'sep', message: dialect.error }]);
  return dialect;
}
