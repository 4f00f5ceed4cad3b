import { App, Button, Card, Descriptions, Drawer, Empty, Flex, Input, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { can } from '../../../auth/permissions.ts';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import { CATEGORY_LABELS } from '../../../contracts.ts';
import type { Evidence, ExceptionView, ProgressStatus } from '../../../contracts.ts';
import { formatDate, formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { campaignApi } from '../api/campaignApi.ts';
import { formatRate, levelLabel, ProgressTag } from '../campaignLabels.tsx';
import { TransitionModal } from './TransitionModal.tsx';
import { transitionLabel } from './transitionLabel.ts';

const EXCEPTION_KEYS = { requested: 'campaign.exception.requested', approved: 'campaign.exception.approved', rejected: 'campaign.exception.rejected' } as const;

/** The figures a declaration rests on, category by category. */
export function EvidenceTable({ evidence }: { evidence: Evidence }) {
  const { t, lang } = useLang();
  return (
    <Flex vertical gap={8} data-testid="evidence">
      <Space wrap>
        {evidence.kind === 'exception' ? <Tag color="purple">{t('campaign.evidenceException')}</Tag> : evidence.met ? <Tag color="success">{t('campaign.evidenceMet')}</Tag> : <Tag color="error">{t('campaign.evidenceNotMet')}</Tag>}
        <Typography.Text type="secondary">{t('campaign.evidenceDevices', { n: formatNumber(evidence.devices, lang), threshold: formatRate(evidence.threshold, lang) })}</Typography.Text>
      </Space>
      <Table
        size="small"
        rowKey="category"
        pagination={false}
        dataSource={evidence.categories}
        columns={[
          { key: 'category', title: t('campaign.category'), render: (_: unknown, c) => CATEGORY_LABELS[c.category][lang] },
          { key: 'covered', title: t('campaign.coveredOfRequired'), align: 'right', render: (_: unknown, c) => `${formatNumber(c.covered, lang)} / ${formatNumber(c.required, lang)}` },
          { key: 'rate', title: t('campaign.rate'), align: 'right', render: (_: unknown, c) => formatRate(c.rate, lang) },
          { key: 'met', title: t('campaign.met'), render: (_: unknown, c) => (c.met ? <Tag color="success">{t('common.yes')}</Tag> : <Tag color="error">{t('common.no')}</Tag>) },
        ]}
      />
    </Flex>
  );
}

export interface ProgressDrawerProps {
  campaignId: string;
  /** the organization shown; null: closed */
  orgId: string | null;
  onClose: () => void;
  /** something changed: the list reloads */
  onChanged: () => void;
}

/**
 * One agency in the campaign: its state and deadline, the evidence a
 * declaration would rest on, the moves the user may make (each with a
 * reason), exception requests and their decision, and the history.
 */
export function ProgressDrawer({ campaignId, orgId, onClose, onChanged }: ProgressDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const detail = useRemote(() => (orgId ? campaignApi.detail(campaignId, orgId) : Promise.resolve(undefined)), [campaignId, orgId]);
  const [moveTo, setMoveTo] = useState<ProgressStatus | null>(null);
  const [exceptionReason, setExceptionReason] = useState('');
  const [busy, setBusy] = useState(false);
  const d = detail.data;
  const writable = can(user.role, 'rectification.write');
  // Region offices see only their region's agencies: for every agency they see, they are the level above.
  const levelAbove = user.role === 'national_admin' || user.role === 'region_admin';

  const changed = () => {
    detail.reload();
    onChanged();
  };
  const requestException = async () => {
    if (!d || !exceptionReason.trim()) return;
    setBusy(true);
    try {
      await campaignApi.requestException(campaignId, d.orgId, exceptionReason.trim());
      message.success(t('campaign.exceptionRequested'));
      setExceptionReason('');
      changed();
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const decide = async (x: ExceptionView, decision: 'approved' | 'rejected') => {
    setBusy(true);
    try {
      await campaignApi.decideException(campaignId, x.id, { decision, note: null });
      message.success(decision === 'approved' ? t('campaign.exceptionApproved') : t('campaign.exceptionRejected'));
      changed();
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={orgId !== null} title={d?.orgName ?? t('campaign.progress')} size={720} onClose={onClose} destroyOnHidden>
      {detail.error && <Typography.Text type="danger">{errorText(detail.error, t)}</Typography.Text>}
      {d && (
        <Flex vertical gap={16} data-testid="progress-drawer">
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'status', label: t('campaign.status'), children: <ProgressTag status={d.status} /> },
              { key: 'level', label: t('orgs.level'), children: levelLabel(lang, d.level) },
              { key: 'deadline', label: t('campaign.deadline'), children: <Space>{formatDate(d.deadline)}{d.behindDeadline && <Tag color="error">{t('campaign.behind')}</Tag>}</Space> },
              { key: 'region', label: t('orgs.region'), children: d.regionName ?? d.regionCode },
            ]}
          />
          {d.allowed.length > 0 && (
            <Space wrap data-testid="progress-actions">
              {d.allowed.map((to) => (
                <Button key={to} type={to === 'completed' || to === 'verified' ? 'primary' : 'default'} danger={to === 'rectifying' && (d.status === 'completed' || d.status === 'verified')} onClick={() => setMoveTo(to)} data-testid={`move-${to}`}>
                  {transitionLabel(lang, d.status, to)}
                </Button>
              ))}
            </Space>
          )}
          <Card size="small" title={t('campaign.evidence')}>
            <EvidenceTable evidence={d.evidence} />
          </Card>
          <Card size="small" title={t('campaign.exceptions')}>
            {d.exceptions.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaign.noExceptions')} />}
            {d.exceptions.map((x) => (
              <Flex key={x.id} vertical gap={4} style={{ marginBottom: 12 }} data-testid="exception">
                <Space wrap>
                  <Tag color={x.status === 'approved' ? 'success' : x.status === 'rejected' ? 'error' : 'processing'}>{t(EXCEPTION_KEYS[x.status])}</Tag>
                  <Typography.Text>{x.reason}</Typography.Text>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('campaign.requestedBy', { by: x.requestedBy ?? '—', at: formatDateTime(x.requestedAt) })}
                  {x.decidedAt && ` · ${t('campaign.decidedBy', { by: x.decidedBy ?? '—', at: formatDateTime(x.decidedAt) })}`}
                  {x.note && ` · ${x.note}`}
                </Typography.Text>
                {x.status === 'requested' && levelAbove && (
                  <Space>
                    <Button size="small" type="primary" loading={busy} onClick={() => decide(x, 'approved')} data-testid="exception-approve">
                      {t('campaign.approve')}
                    </Button>
                    <Button size="small" danger loading={busy} onClick={() => decide(x, 'rejected')}>
                      {t('campaign.reject')}
                    </Button>
                  </Space>
                )}
              </Flex>
            ))}
            {writable && !d.pendingExceptionId && d.status !== 'completed' && d.status !== 'verified' && !d.evidence.met && d.evidence.kind !== 'exception' && (
              <Flex vertical gap={8}>
                <Input.TextArea rows={2} maxLength={2000} placeholder={t('campaign.exceptionPlaceholder')} value={exceptionReason} onChange={(e) => setExceptionReason(e.target.value)} data-testid="exception-reason" />
                <Button disabled={!exceptionReason.trim()} loading={busy} onClick={requestException} style={{ alignSelf: 'flex-start' }} data-testid="exception-request">
                  {t('campaign.requestException')}
                </Button>
              </Flex>
            )}
          </Card>
          <Card size="small" title={t('campaign.history')}>
            {d.transitions.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaign.noHistory')} />
            ) : (
              <Timeline
                items={d.transitions.map((tr) => ({
                  key: tr.id,
                  content: (
                    <Flex vertical>
                      <Space wrap>
                        <ProgressTag status={tr.from} />→<ProgressTag status={tr.to} />
                        <Typography.Text type="secondary">{formatDateTime(tr.at)} · {tr.by ?? '—'}</Typography.Text>
                      </Space>
                      <Typography.Text>{tr.reason}</Typography.Text>
                      {tr.evidence && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {tr.evidence.kind === 'exception'
                            ? t('campaign.evidenceException')
                            : tr.evidence.categories.map((c) => `${CATEGORY_LABELS[c.category][lang]} ${formatRate(c.rate, lang)}`).join(' · ')}
                        </Typography.Text>
                      )}
                    </Flex>
                  ),
                }))}
              />
            )}
          </Card>
          <TransitionModal
            campaignId={campaignId}
            orgId={d.orgId}
            orgName={d.orgName}
            from={d.status}
            to={moveTo}
            onClose={() => setMoveTo(null)}
            onDone={() => {
              message.success(t('campaign.moved'));
              setMoveTo(null);
              changed();
            }}
          />
        </Flex>
      )}
    </Drawer>
  );
}
