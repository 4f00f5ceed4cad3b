import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useLang } from '../i18n/useLang.ts';
import { applyFieldErrors } from './applyFieldErrors.ts';
import { errorText } from './errorText.ts';

/**
 * The state of a "create, then show the secret once" dialog: submits the
 * form, keeps what the server returned until the dialog closes, puts server
 * errors on their fields (or in `error` when none matches).
 */
export function useCreateOnce<V, R>(form: FormInstance<V>, create: (values: V) => Promise<R>, hooks: { onCreated: () => void; onClose: () => void }) {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      setCreated(await create(values));
      hooks.onCreated();
    } catch (e) {
      if (applyFieldErrors(form, e).length || !form.getFieldsError().some((f) => f.errors.length)) setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setCreated(null);
    setError(null);
    hooks.onClose();
  };

  return { busy, created, error, submit, close };
}
