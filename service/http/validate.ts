import type { z } from 'zod';
import { zodIssues } from './error-handler.js';
import { ApiError } from './problems.js';

/** Parses a value with a schema or throws a VALIDATION_FAILED problem listing every invalid field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where: string, prefix = ''): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = zodIssues(result.error, prefix);
  throw new ApiError('VALIDATION_FAILED', `Invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
