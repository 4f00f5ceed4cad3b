import type { FieldError } from '../contracts.ts';

/**
 * A failed API call. `code` is one of the contract's ERROR_CODES (or
 * NETWORK when the server could not be reached); `message` is already in
 * the language sent as Accept-Language.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly details: unknown;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}
