import { Alert, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../../api/ApiError.ts';
import type { ProgressStatus } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { campaignApi } from '../api/campaignApi.ts';
import { transitionLabel } from './transitionLabel.ts';

export interface TransitionModalProps {
  campaignId: string;
  orgId: string;
  orgName: string;
  from: ProgressStatus;
  /** the state to move to; null: closed */
  to: ProgressStatus | null;
  onClose: () => void;
  onDone: () => void;
}

/** Asks for the reason of a move and sends it; a refused declaration lists why (each category below the target, or no computers). */
export function TransitionModal({ campaignId, orgId, orgName, from, to, onClose, onDone }: TransitionModalProps) {
  const { t, lang } = useLang();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => {
    setReason('');
    setProblems([]);
  }, [to]);

  const submit = async () => {
    if (!to) return;
    if (!reason.trim()) {
      setProblems([t('campaign.reasonRequired')]);
      return;
    }
    setSaving(true);
    setProblems([]);
    try {
      await campaignApi.transition(campaignId, orgId, { to, reason: reason.trim() });
      onDone();
    } catch (e) {
      setProblems(e instanceof ApiError && e.fields.length ? e.fields.map((f) => f.message) : [errorText(e, t)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={to !== null} title={to ? transitionLabel(lang, from, to) : ''} okText={t('common.ok')} cancelText={t('common.cancel')} confirmLoading={saving} onOk={submit} onCancel={onClose} destroyOnHidden okButtonProps={{ 'data-testid': 'transition-submit' } as Record<`data-${string}`, string>}>
      <Typography.Paragraph>{orgName}</Typography.Paragraph>
      {to === 'completed' && <Typography.Paragraph type="secondary">{t('campaign.declareHelp')}</Typography.Paragraph>}
      <Input.TextArea id="transition_reason" rows={3} maxLength={2000} placeholder={t('campaign.reasonPlaceholder')} value={reason} onChange={(e) => setReason(e.target.value)} />
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="transition-error"
          title={problems.length === 1 ? problems[0] : t('campaign.declareRefused')}
          description={problems.length > 1 ? <ul style={{ margin: 0, paddingLeft: 16 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul> : undefined}
        />
      )}
    </Modal>
  );
}
