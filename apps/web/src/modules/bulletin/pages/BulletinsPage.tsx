import { FilePdfOutlined, FileExcelOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { can } from '../../../auth/permissions.ts';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import { BULLETIN_KINDS, BULLETIN_KIND_LABELS, BULLETIN_STATUSES, BULLETIN_STATUS_LABELS } from '../../../contracts.ts';
import type { BulletinKind, BulletinStatus, BulletinSummary } from '../../../contracts.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { bulletinApi } from '../api/bulletinApi.ts';
import { KindTag, StatusTag, writableScope } from '../bulletinLabels.tsx';
import { BulletinCreateModal } from '../components/BulletinCreateModal.tsx';

/**
 * 通报: the monthly bulletins (drafted on the 1st from the previous month's
 * snapshot), special bulletins and information reports, with the snapshot
 * each came from. The national office (and a province for its own) drafts,
 * edits, numbers and publishes them; readers download PDF and XLSX.
 */
export function BulletinsPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const writable = can(user.role, 'bulletins.write') && writableScope(user.role, user.regionCode) !== null;
  const [kind, setKind] = useState<BulletinKind | undefined>();
  const [status, setStatus] = useState<BulletinStatus | undefined>();
  const [creating, setCreating] = useState<BulletinKind | null>(null);
  const list = useRemote(() => bulletinApi.list({ kind, status }), [kind, status]);
  const download = (f: () => Promise<void>) => f().catch((e: unknown) => message.error(errorText(e, t)));

  const columns: TableColumnsType<BulletinSummary> = [
    { key: 'title', title: t('bulletins.title'), render: (_: unknown, b) => <Link to={`/campaign/bulletins/${b.id}`} data-testid="bulletin-open">{b.title}</Link> },
    { key: 'kind', title: t('bulletins.kind'), render: (_: unknown, b) => <KindTag kind={b.kind} /> },
    { key: 'scope', title: t('bulletins.scope'), render: (_: unknown, b) => b.regionName },
    { key: 'month', title: t('bulletins.month'), render: (_: unknown, b) => b.month ?? '—' },
    { key: 'snapshot', title: t('bulletins.snapshotDay'), render: (_: unknown, b) => b.snapshotDay ?? '—' },
    { key: 'status', title: t('campaign.status'), render: (_: unknown, b) => <StatusTag status={b.status} /> },
    { key: 'docNumber', title: t('bulletins.docNumber'), render: (_: unknown, b) => b.docNumber ?? '—' },
    { key: 'published', title: t('bulletins.publishDate'), render: (_: unknown, b) => (b.publishDate ? `${b.publishDate} · ${b.publishedBy ?? ''}` : '—') },
    { key: 'updated', title: t('bulletins.updatedAt'), render: (_: unknown, b) => formatDateTime(b.updatedAt) },
    {
      key: 'files',
      title: t('bulletins.downloads'),
      render: (_: unknown, b) => (
        <Space size={4}>
          <Tooltip title="PDF">
            <Button size="small" icon={<FilePdfOutlined />} aria-label="PDF" onClick={() => download(() => bulletinApi.downloadPdf(b))} />
          </Tooltip>
          <Tooltip title="XLSX">
            <Button size="small" icon={<FileExcelOutlined />} aria-label="XLSX" onClick={() => download(() => bulletinApi.downloadXlsx(b))} />
          </Tooltip>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('bulletins.list')}
      extra={
        <Space wrap>
          <Select allowClear placeholder={t('bulletins.kind')} style={{ width: 150 }} value={kind} onChange={setKind} options={BULLETIN_KINDS.map((k) => ({ value: k, label: BULLETIN_KIND_LABELS[k][lang] }))} data-testid="bulletin-kind-filter" />
          <Select allowClear placeholder={t('campaign.status')} style={{ width: 110 }} value={status} onChange={setStatus} options={BULLETIN_STATUSES.map((s) => ({ value: s, label: BULLETIN_STATUS_LABELS[s][lang] }))} />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
          {writable && (
            <>
              <Button icon={<PlusOutlined />} onClick={() => setCreating('special')} data-testid="bulletin-new-special">
                {t('bulletins.newSpecial')}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setCreating('info-report')} data-testid="bulletin-new-info">
                {t('bulletins.newInfoReport')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating('monthly')} data-testid="bulletin-new-monthly">
                {t('bulletins.newMonthly')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('bulletins.help')}</Typography.Paragraph>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} scroll={{ x: 'max-content' }} pagination={{ defaultPageSize: 20, showTotal: (x) => t('common.total', { n: x }) }} data-testid="bulletin-table" />
      <BulletinCreateModal kind={creating} onClose={() => setCreating(null)} onCreated={(b) => navigate(`/campaign/bulletins/${b.id}`)} />
    </Card>
  );
}
