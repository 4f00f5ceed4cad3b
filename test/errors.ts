import { AppError } from '../packages/core/errors.ts';

export interface Failure {
  code: string;
  /** the field-level problems: path, message key and its parameters */
  fields: { path: string; key: string; params?: Record<string, unknown> }[];
  /** the same as `path:key` strings, for compact assertions */
  keys: string[];
}

/** The application error a promise rejects with; any other outcome fails the test. */
export async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const fields = (e.options.fields ?? []).map((f) => ({ path: f.path, key: f.key, ...(f.params ? { params: f.params as Record<string, unknown> } : {}) }));
    return { code: e.code, fields, keys: fields.map((f) => `${f.path}:${f.key}`) };
  }
  throw new Error('expected a rejection');
}
