import type { Bilingual, ErrorCode, FieldMessageKey } from '../contracts/index.ts';

/** A field-level problem found by a service (not by the zod contract). */
export interface ServiceFieldError {
  path: string;
  key: FieldMessageKey;
  /** values of the message's `{placeholders}` (a bilingual value follows the caller's language) */
  params?: Record<string, string | Bilingual>;
}

/** A business error: a code that the server maps to HTTP, with optional field errors and details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly options: { fields?: ServiceFieldError[]; details?: unknown; message?: string } = {},
  ) {
    super(options.message ?? code);
    this.name = 'AppError';
  }
}

export const forbidden = () => new AppError('FORBIDDEN');
export const notFound = (what?: string) => new AppError('NOT_FOUND', { message: what ? `${what} not found` : 'not found' });
