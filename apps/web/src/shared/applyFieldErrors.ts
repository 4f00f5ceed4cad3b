import type { FormInstance } from 'antd';
import { ApiError } from '../api/ApiError.ts';
import type { FieldError } from '../contracts.ts';

/**
 * Puts the server's field errors (`error.fields[]`) on the matching form
 * items. Returns the errors that match no item, for a general alert.
 */
export function applyFieldErrors(form: FormInstance, error: unknown): FieldError[] {
  if (!(error instanceof ApiError) || error.fields.length === 0) return [];
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const byPath = new Map<string, string[]>();
  const unmatched: FieldError[] = [];
  for (const field of error.fields) {
    if (!registered.has(field.path)) {
      unmatched.push(field);
      continue;
    }
    byPath.set(field.path, [...(byPath.get(field.path) ?? []), field.message]);
  }
  form.setFields([...byPath].map(([path, errors]) => ({ name: path.split('.'), errors })));
  return unmatched;
}
