import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { REFUSALS, isRefusalCode, type RefusalCode } from '../shared/errors';
import { logger } from '../lib/logger';

/** The one error shape of the API: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what = 'resource') => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'you may not do this') => new ApiError(403, 'forbidden', message);
export const refusal = (code: RefusalCode, message: string, details?: unknown) => new ApiError(REFUSALS[code], code, message, details);

export function validationError(err: ZodError, where: 'body' | 'query' | 'params'): ApiError {
  return new ApiError(400, 'validation_failed', `the request ${where} is not valid`, {
    fields: err.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message, code: i.code })),
  });
}

/** A refusal from a workflow's update validator or an activity reaches the caller with its own code. */
export function fromTemporal(err: unknown): ApiError | undefined {
  if (err instanceof WorkflowNotFoundError) return notFound('case');
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && isRefusalCode(cause.type ?? undefined)) {
      return refusal(cause.type as RefusalCode, cause.message, cause.details?.[0]);
    }
  }
  return undefined;
}

/** The body parser's own errors: a body too large, not JSON, or not in the Content-Encoding it claims. */
function fromBodyParser(err: unknown): ApiError | undefined {
  const { status, code } = err as { status?: number; code?: string };
  if (status === 413) return new ApiError(413, 'payload_too_large', 'the request body is too large');
  if (status === 415 && /content-encoding/i.test((err as Error).message)) {
    return new ApiError(415, 'unsupported_media_type', 'the Content-Encoding is not supported (gzip, deflate, br or identity)');
  }
  if (status === 400 || status === 415) return new ApiError(400, 'validation_failed', `the request body is not valid JSON: ${(err as Error).message}`);
  // zlib (gzip, deflate) and brotli refusing a body that is not what its Content-Encoding says.
  if (code?.startsWith('Z_') || code?.startsWith('ERR__ERROR_')) {
    return new ApiError(400, 'validation_failed', 'the request body is not encoded as its Content-Encoding says');
  }
  return undefined;
}

export const errorMiddleware: Middleware = async (ctx, next) => {
  try {
    await next();
    // What the router answers itself (no such route, not this method) has the one error shape too.
    if (ctx.body === undefined && ctx.status === 404) throw notFound('route');
    if (ctx.body === undefined && ctx.status === 405) throw new ApiError(405, 'method_not_allowed', `${ctx.method} is not allowed here (Allow: ${ctx.response.get('Allow')})`);
    if (ctx.body === undefined && ctx.status === 501) throw new ApiError(501, 'not_implemented', `the method ${ctx.method} is not supported`);
  } catch (err) {
    const known = err instanceof ApiError ? err : (fromTemporal(err) ?? fromBodyParser(err));
    if (!known) logger.error({ err, path: ctx.path }, 'unhandled error');
    const e = known ?? new ApiError(500, 'internal_error', 'an unexpected error occurred');
    ctx.status = e.status;
    ctx.body = { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
  }
};
