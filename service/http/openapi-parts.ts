import { z } from 'zod';

/** A zod schema as JSON Schema (request side by default). */
export const schema = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/** The properties of an object schema as OpenAPI query parameters. */
export const queryParams = (s: z.ZodType, required = false) => {
  const js = schema(s) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, p]) => ({
    name,
    in: 'query',
    required: required && (js.required ?? []).includes(name),
    schema: p,
  }));
};

/** A required string path parameter. */
export const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

/** The shared problem response. */
export const problem = { $ref: '#/components/responses/Problem' };
/** A JSON response documented by the zod schema the tests check real responses against. */
export const json = (description: string, s: z.ZodType, type = 'application/json') => ({
  description,
  content: { [type]: { schema: schema(s, 'output') } },
});
/** The errors any route with input can answer with. */
export const errors = { 400: problem, 404: problem, 413: problem, 415: problem, 503: problem };
/** Cached answers (buurten, tiles) carry an ETag; a matching If-None-Match gets 304 without a body. */
export const notModified = { 304: { description: 'Not modified: If-None-Match matched the ETag' } };
