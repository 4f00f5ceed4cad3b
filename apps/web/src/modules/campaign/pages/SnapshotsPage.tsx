import { CameraOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { can } from '../../../auth/permissions.ts';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import type { FigureView, SnapshotVerify, SnapshotView } from '../../../contracts.ts';
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { campaignApi } from '../api/campaignApi.ts';
import { FiguresTable, RevisedTag } from '../components/FiguresTable.tsx';

/** The figures of one snapshot, from a region node down to its agencies. */
function SnapshotFigures({ day }: { day: string }) {
  const { t, lang } = useLang();
  const [path, setPath] = useState<{ code: string | undefined; name: string }[]>([{ code: undefined, name: t('snapshots.top') }]);
  const current = path[path.length - 1]!;
  const drill = useRemote(() => campaignApi.drill(day, current.code), [day, current.code]);
  const [verifying, setVerifying] = useState(false);
  const [verify, setVerify] = useState<SnapshotVerify | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const open = (f: FigureView) => setPath((p) => [...p, { code: f.regionCode, name: f.name }]);
  const runVerify = async () => {
    setVerifying(true);
    setVerify(null);
    setVerifyError(null);
    try {
      setVerify(await campaignApi.verify(day));
    } catch (e) {
      setVerifyError(errorText(e, t));
    } finally {
      setVerifying(false);
    }
  };
  const node = drill.data?.node;

  return (
    <Card
      title={t('snapshots.figuresOf', { day })}
      extra={
        <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={runVerify} data-testid="snapshot-verify">
          {t('snapshots.verify')}
        </Button>
      }
      data-testid="snapshot-figures"
    >
      {verify &&
        (verify.ok ? (
          <Alert type="success" showIcon title={t('snapshots.verifyOk', { rows: formatNumber(verify.checked, lang) })} style={{ marginBottom: 16 }} data-testid="verify-result" />
        ) : (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="verify-result"
            title={verify.checksumOk ? t('snapshots.verifyDiffers', { n: verify.differences.length + verify.hiddenDifferences }) : t('snapshots.verifyAltered')}
            description={
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {verify.differences.slice(0, 50).map((d) => (
                  <li key={`${d.subject}.${d.field}`}>
                    {d.name} · {d.field}: {d.frozen ?? '—'} → {d.recomputed ?? '—'}
                  </li>
                ))}
                {verify.hiddenDifferences > 0 && <li>{t('snapshots.hiddenDifferences', { n: verify.hiddenDifferences })}</li>}
              </ul>
            }
          />
        ))}
      {verifyError && <Alert type="error" showIcon title={verifyError} style={{ marginBottom: 16 }} />}
      <Breadcrumb style={{ marginBottom: 12 }} items={path.map((p, i) => ({ key: `${i}`, title: i < path.length - 1 ? <Typography.Link onClick={() => setPath(path.slice(0, i + 1))}>{p.name}</Typography.Link> : p.name }))} />
      {drill.error && <Typography.Text type="danger">{errorText(drill.error, t)}</Typography.Text>}
      {node && (
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 3 }}
          style={{ marginBottom: 16 }}
          data-testid="snapshot-node"
          items={[
            { key: 'name', label: t('snapshots.subject'), children: <Space>{node.name}<RevisedTag figure={node} /></Space> },
            { key: 'inScope', label: t('campaign.inScope'), children: formatNumber(node.inScope, lang) },
            { key: 'done', label: t('campaign.completedOrVerified'), children: `${formatNumber(node.completed + node.verified, lang)}（${formatNumber(node.verified, lang)}）` },
            { key: 'behind', label: t('campaign.behindCount'), children: formatNumber(node.behindDeadline, lang) },
            { key: 'devices', label: t('snapshots.devices'), children: `${formatNumber(node.compliantDevices, lang)} / ${formatNumber(node.devices, lang)}` },
            { key: 'spent', label: t('snapshots.spent'), children: new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY' }).format(node.spent) },
          ]}
        />
      )}
      {drill.data && drill.data.regions.length > 0 && (
        <>
          <Typography.Title level={5}>{t('snapshots.regions')}</Typography.Title>
          <FiguresTable rows={drill.data.regions} onOpen={open} testId="snapshot-regions" />
        </>
      )}
      {drill.data && (
        <>
          <Typography.Title level={5}>{t('snapshots.orgs')}</Typography.Title>
          <FiguresTable rows={drill.data.orgs} testId="snapshot-orgs" />
        </>
      )}
    </Card>
  );
}

/**
 * 数据快照: dated, frozen figures. The national office takes one on demand or
 * for the previous month's end; anyone who reads the campaign opens its
 * figures, drills down and verifies them against the stored records.
 */
export function SnapshotsPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const writable = can(user.role, 'campaign.write');
  const list = useRemote(() => campaignApi.snapshots(), []);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const create = async (body: { previousMonthEnd?: boolean }) => {
    setCreating(true);
    try {
      const s = await campaignApi.createSnapshot(body);
      message.success(t('snapshots.created', { day: s.day }));
      list.reload();
      setSelected(s.day);
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setCreating(false);
    }
  };
  const columns: TableColumnsType<SnapshotView> = [
    { key: 'day', title: t('snapshots.day'), render: (_: unknown, s) => <Typography.Link onClick={() => setSelected(s.day)} data-testid="snapshot-open">{s.day}</Typography.Link> },
    { key: 'kind', title: t('snapshots.kind'), render: (_: unknown, s) => <Tag color={s.kind === 'month-end' ? 'blue' : 'default'}>{s.kind === 'month-end' ? t('snapshots.monthEnd') : t('snapshots.onDemand')}</Tag> },
    { key: 'campaign', title: t('menu.campaigns'), render: (_: unknown, s) => s.campaignName ?? '—' },
    { key: 'rows', title: t('snapshots.rows'), align: 'right', render: (_: unknown, s) => formatNumber(s.rows, lang) },
    { key: 'revised', title: t('snapshots.revisedRows'), align: 'right', render: (_: unknown, s) => (s.revisedRows ? <Tag color="orange">{formatNumber(s.revisedRows, lang)}</Tag> : '0') },
    { key: 'createdAt', title: t('snapshots.createdAt'), render: (_: unknown, s) => `${formatDateTime(s.createdAt)} · ${s.createdBy ?? '—'}` },
    { key: 'checksum', title: 'SHA-256', render: (_: unknown, s) => <Tooltip title={s.checksum}><Typography.Text code>{s.checksum.slice(0, 12)}…</Typography.Text></Tooltip> },
  ];
  return (
    <Flex vertical gap={16}>
      <Card
        title={t('snapshots.list')}
        extra={
          <Space wrap>
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
            </Tooltip>
            {writable && (
              <>
                <Button icon={<CameraOutlined />} loading={creating} onClick={() => create({ previousMonthEnd: true })} data-testid="snapshot-month-end">
                  {t('snapshots.createMonthEnd')}
                </Button>
                <Button type="primary" icon={<CameraOutlined />} loading={creating} onClick={() => create({})} data-testid="snapshot-create">
                  {t('snapshots.createToday')}
                </Button>
              </>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('snapshots.help')}</Typography.Paragraph>
        {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
        <Table rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} data-testid="snapshot-table" rowClassName={(s) => (s.day === selected ? 'ant-table-row-selected' : '')} />
      </Card>
      {selected && <SnapshotFigures key={selected} day={selected} />}
    </Flex>
  );
}
