import type { FormInstance } from 'antd';
import { ApiError } from '../../../api/ApiError.ts';
import type { Translate } from '../../../i18n/LangContext.ts';
import { errorText } from '../../../shared/errorText.ts';
import { formFieldOf } from '../ruleDraft.ts';
import type { RuleFormValues } from '../ruleDraft.ts';

/**
 * Puts the server's field errors on the rule editor's form; returns what
 * matched no field, for the alert. (An untyped form: server paths reach
 * into lists, which the typed name paths do not allow.)
 */
export function applyServerErrors(form: FormInstance, e: unknown, t: Translate): string[] {
  if (!(e instanceof ApiError)) return [errorText(e, t)];
  const details = (e.details ?? {}) as { reason?: string; issues?: { path: string; message: string }[] };
  if (details.reason === 'rule id taken') {
    form.setFields([{ name: 'id', errors: [t('rules.idTaken')] }]);
    form.scrollToField('id');
    return [];
  }
  // Contract errors come as fields (`rule.match.0`); the service's own check as details.issues (`match.0`).
  const problems = e.fields.length > 0 ? e.fields.map((f) => ({ path: f.path, message: f.message, code: f.code })) : (details.issues ?? []).map((i) => ({ path: i.path, message: i.message, code: i.message }));
  if (problems.length === 0) return [errorText(e, t)];
  const values = form.getFieldsValue(true) as RuleFormValues;
  const unmatched: string[] = [];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const p of problems) {
    const name = formFieldOf(p.path, values);
    if (!name) {
      unmatched.push(`${p.path}: ${p.message}`);
      continue;
    }
    const patternField = ['match', 'exclude', 'publisherMatch', 'editions'].includes(String(name[0]));
    const message =
      p.code === 'recognition.pattern' || (patternField && p.code === 'zod.custom')
        ? t('rules.patternInvalid')
        : p.code === 'recognition.ruleId'
          ? t('rules.idInvalid')
          : p.message;
    const key = name.join('.');
    byField.set(key, { name, errors: [...(byField.get(key)?.errors ?? []), message] });
  }
  form.setFields([...byField.values()]);
  const first = [...byField.values()][0];
  if (first) form.scrollToField(first.name);
  return unmatched.length > 0 ? [errorText(e, t), ...unmatched] : [];
}
