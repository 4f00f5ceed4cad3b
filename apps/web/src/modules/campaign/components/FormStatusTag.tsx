import { Space, Tag } from 'antd';
import { FORM_STATUS_LABELS } from '../../../contracts.ts';
import type { FormRow, FormStatus } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';

const COLORS: Record<FormStatus, string> = { draft: 'default', submitted: 'processing', returned: 'warning', accepted: 'success' };

/** A status form's state, with late / missing flags. */
export function FormStatusTag({ form }: { form: Pick<FormRow, 'status' | 'late' | 'missing' | 'started' | 'version'> }) {
  const { t, lang } = useLang();
  return (
    <Space size={4} wrap>
      <Tag color={COLORS[form.status]} data-testid="form-status">
        {form.status === 'draft' && !form.started && form.version === 0 ? t('statusForms.notStarted') : FORM_STATUS_LABELS[form.status][lang]}
      </Tag>
      {form.late && (
        <Tag color="orange" data-testid="form-late">
          {t('statusForms.late')}
        </Tag>
      )}
      {form.missing && (
        <Tag color="red" data-testid="form-missing">
          {t('statusForms.missing')}
        </Tag>
      )}
    </Space>
  );
}
