import type { FormInstance } from 'antd';
import { ApiError } from '../api/ApiError.ts';
import type { FieldError } from '../contracts.ts';
import type { Translate } from '../i18n/LangContext.ts';
import { errorText } from './errorText.ts';

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

/**
 * What a form shows above its fields after a failed save: the server's field
 * errors go on their items; the rest (errors of no item, or an error without
 * fields) becomes one message. Null when every problem sits on a field.
 */
export function formErrorMessage(form: FormInstance, error: unknown, t: Translate): string | null {
  const unmatched = applyFieldErrors(form, error);
  if (unmatched.length) return unmatched.map((f) => f.message).join('；');
  return form.getFieldsError().some((f) => f.errors.length) ? null : errorText(error, t);
}
