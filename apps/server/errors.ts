import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { errorMessage, fieldMessage, pickLang, translateIssue, type ErrorBody, type ErrorCode, type FieldError } from '../../packages/contracts/index.ts';
import { AppError } from '../../packages/core/errors.ts';

/** The one place that maps business error codes to HTTP statuses. */
export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'REGION_UNKNOWN':
    case 'UNSUPPORTED_FILE':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
      return 401;
    case 'CSRF_FAILED':
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'USCC_TAKEN':
    case 'USERNAME_TAKEN':
    case 'ORG_PARENT_CYCLE':
    case 'ORG_HAS_CHILDREN':
    case 'SNAPSHOT_EXISTS':
    case 'BULLETIN_PUBLISHED':
    case 'DOC_NUMBER_TAKEN':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'IMPORT_REJECTED':
      return 422;
    case 'ACCOUNT_LOCKED':
      return 423;
    case 'RATE_LIMITED':
      return 429;
    case 'INTERNAL':
      return 500;
    default: {
      const never: never = code;
      return never;
    }
  }
}

export function errorBody(req: FastifyRequest, code: ErrorCode, fields?: FieldError[], details?: unknown): ErrorBody {
  const lang = pickLang(req.headers['accept-language']);
  return { error: { code, message: errorMessage(code, lang), ...(fields?.length ? { fields } : {}), ...(details !== undefined ? { details } : {}) } };
}

/** Fastify error handler: zod validation, business errors, Fastify's own errors, the rest. */
export function handleError(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  const lang = pickLang(req.headers['accept-language']);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = (err as FastifyError).validationContext;
    const source: unknown = context === 'body' ? req.body : context === 'querystring' ? req.query : context === 'params' ? req.params : undefined;
    const fields = err.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean);
      // zod 4 does not report the input; a field absent from the request is "required".
      const input = path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), source);
      return translateIssue({ ...(v.params as object), code: v.keyword, message: v.message ?? '', path, input }, lang);
    });
    return reply.code(400).send(errorBody(req, 'VALIDATION_FAILED', fields, { in: context }));
  }
  if (err instanceof AppError) {
    const fields = err.options.fields?.map((f) => ({ path: f.path, code: f.key, message: fieldMessage(f.key, lang, f.params) }));
    return reply.code(httpStatus(err.code)).send(errorBody(req, err.code, fields, err.options.details));
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err, issues: err.cause.issues }, 'response does not match its contract');
    return reply.code(500).send(errorBody(req, 'INTERNAL'));
  }
  const fe = err as FastifyError;
  if (fe.statusCode === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_PARTS_LIMIT' || fe.code === 'FST_FILES_LIMIT') {
    return reply.code(413).send(errorBody(req, 'PAYLOAD_TOO_LARGE'));
  }
  if (fe.statusCode === 429) return reply.code(429).send(errorBody(req, 'RATE_LIMITED'));
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.code(fe.statusCode).send(errorBody(req, fe.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', undefined, { reason: fe.message }));
  }
  req.log.error({ err }, 'unhandled error');
  return reply.code(500).send(errorBody(req, 'INTERNAL'));
}
