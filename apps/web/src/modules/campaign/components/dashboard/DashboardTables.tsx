import { Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import type { DashboardLevel, DashboardRegion, DashboardTrendPoint, OverdueItem } from '../../../../contracts.ts';
import { formatDate, formatNumber } from '../../../../i18n/format.ts';
import { useLang } from '../../../../i18n/useLang.ts';
import { ProgressTag, formatRate, levelLabel } from '../../campaignLabels.tsx';
import { useDeadlineText } from './LevelProgressChart.tsx';

const byNumber = <T,>(f: (r: T) => number | null) => (a: T, b: T) => (f(a) ?? -1) - (f(b) ?? -1);

/**
 * The regions of a node as a table: status counts, completion, agencies
 * behind their deadline and the legalization rates. `own` (agencies
 * registered at the node itself) and the node's total close the table.
 */
export function RegionTable({ regions, own, node, onOpen }: { regions: DashboardRegion[]; own: DashboardRegion | null; node: DashboardRegion; onOpen?: ((r: DashboardRegion) => void) | undefined }) {
  const { t, lang } = useLang();
  const n = (v: number) => formatNumber(v, lang);
  type Row = DashboardRegion & { key: string; kind: 'child' | 'own' | 'total' };
  const rows: Row[] = [
    ...regions.map((r) => ({ ...r, key: r.regionCode, kind: 'child' as const })),
    ...(own ? [{ ...own, key: 'own', kind: 'own' as const }] : []),
  ];
  const columns: TableColumnsType<Row> = [
    {
      key: 'region',
      title: t('campaignDash.region'),
      fixed: 'left',
      render: (_: unknown, r) =>
        r.kind === 'own' ? t('campaignDash.own', { name: r.regionName }) : onOpen ? <Typography.Link onClick={() => onOpen(r)} data-testid="dashboard-region-open">{r.regionName}</Typography.Link> : r.regionName,
      sorter: (a, b) => a.regionCode.localeCompare(b.regionCode),
    },
    { key: 'inScope', title: t('campaignDash.inScope'), align: 'right', render: (_: unknown, r) => n(r.inScope), sorter: byNumber((r) => r.inScope) },
    { key: 'notStarted', title: t('campaignDash.status.notStarted'), align: 'right', render: (_: unknown, r) => n(r.notStarted) },
    { key: 'selfCheck', title: t('campaignDash.status.selfCheck'), align: 'right', render: (_: unknown, r) => n(r.selfCheck) },
    { key: 'rectifying', title: t('campaignDash.status.rectifying'), align: 'right', render: (_: unknown, r) => n(r.rectifying) },
    { key: 'completed', title: t('campaignDash.status.completed'), align: 'right', render: (_: unknown, r) => n(r.completed) },
    { key: 'verified', title: t('campaignDash.status.verified'), align: 'right', render: (_: unknown, r) => n(r.verified) },
    { key: 'completionRate', title: t('campaignDash.completionRate'), align: 'right', render: (_: unknown, r) => <span data-testid="cell-completion">{formatRate(r.completionRate, lang)}</span>, sorter: byNumber((r) => r.completionRate) },
    { key: 'behind', title: t('campaignDash.behind'), align: 'right', render: (_: unknown, r) => (r.behindDeadline ? <Typography.Text type="danger">{n(r.behindDeadline)}</Typography.Text> : '0'), sorter: byNumber((r) => r.behindDeadline) },
    { key: 'programme', title: t('campaignDash.programmeRate'), align: 'right', render: (_: unknown, r) => formatRate(r.programme.rate, lang), sorter: byNumber((r) => r.programme.rate) },
    { key: 'os', title: t('compliance.cat.os'), align: 'right', render: (_: unknown, r) => formatRate(r.os.rate, lang) },
    { key: 'office', title: t('compliance.cat.office'), align: 'right', render: (_: unknown, r) => formatRate(r.office.rate, lang) },
    { key: 'security', title: t('compliance.cat.security'), align: 'right', render: (_: unknown, r) => formatRate(r.security.rate, lang) },
  ];
  return (
    <Table<Row>
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 40 ? { pageSize: 40, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      onRow={(r) => ({ 'data-region': r.kind === 'child' ? r.regionCode : r.kind } as HTMLAttributes<HTMLElement>)}
      data-testid="dashboard-region-table"
      summary={() => (
        <Table.Summary.Row data-region="total">
          <Table.Summary.Cell index={0}>{t('campaignDash.total')}</Table.Summary.Cell>
          {[node.inScope, node.notStarted, node.selfCheck, node.rectifying, node.completed, node.verified].map((v, i) => (
            <Table.Summary.Cell key={i} index={i + 1} align="right">
              {n(v)}
            </Table.Summary.Cell>
          ))}
          <Table.Summary.Cell index={7} align="right">{formatRate(node.completionRate, lang)}</Table.Summary.Cell>
          <Table.Summary.Cell index={8} align="right">{n(node.behindDeadline)}</Table.Summary.Cell>
          <Table.Summary.Cell index={9} align="right">{formatRate(node.programme.rate, lang)}</Table.Summary.Cell>
          <Table.Summary.Cell index={10} align="right">{formatRate(node.os.rate, lang)}</Table.Summary.Cell>
          <Table.Summary.Cell index={11} align="right">{formatRate(node.office.rate, lang)}</Table.Summary.Cell>
          <Table.Summary.Cell index={12} align="right">{formatRate(node.security.rate, lang)}</Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** Progress by level as a table: deadline, days left or overdue, completion. */
export function LevelTable({ levels }: { levels: DashboardLevel[] }) {
  const { t, lang } = useLang();
  const deadlineText = useDeadlineText();
  const n = (v: number) => formatNumber(v, lang);
  const columns: TableColumnsType<DashboardLevel> = [
    { key: 'level', title: t('campaignDash.level'), render: (_: unknown, l) => levelLabel(lang, l.level) },
    { key: 'deadline', title: t('campaignDash.deadline'), render: (_: unknown, l) => formatDate(l.deadline) },
    { key: 'left', title: t('campaignDash.deadlineState'), render: (_: unknown, l) => <Typography.Text type={l.daysLeft < 0 ? 'danger' : undefined}>{deadlineText(l)}</Typography.Text> },
    { key: 'inScope', title: t('campaignDash.inScope'), align: 'right', render: (_: unknown, l) => n(l.inScope) },
    { key: 'done', title: t('campaignDash.done'), align: 'right', render: (_: unknown, l) => n(l.done) },
    { key: 'verified', title: t('campaignDash.status.verified'), align: 'right', render: (_: unknown, l) => n(l.verified) },
    { key: 'rate', title: t('campaignDash.completionRate'), align: 'right', render: (_: unknown, l) => formatRate(l.completionRate, lang) },
    { key: 'behind', title: t('campaignDash.behind'), align: 'right', render: (_: unknown, l) => n(l.behindDeadline) },
  ];
  return <Table<DashboardLevel> size="small" rowKey="level" columns={columns} dataSource={levels} pagination={false} data-testid="dashboard-level-table" />;
}

/** Agencies behind their deadline, most overdue first. */
export function OverdueTable({ items, total }: { items: OverdueItem[]; total: number }) {
  const { t, lang } = useLang();
  const columns: TableColumnsType<OverdueItem> = [
    { key: 'org', title: t('campaignDash.org'), dataIndex: 'orgName' },
    { key: 'region', title: t('campaignDash.region'), render: (_: unknown, o) => o.regionName ?? o.regionCode },
    { key: 'level', title: t('campaignDash.level'), render: (_: unknown, o) => levelLabel(lang, o.level) },
    { key: 'deadline', title: t('campaignDash.deadline'), render: (_: unknown, o) => formatDate(o.deadline) },
    { key: 'days', title: t('campaignDash.daysOverdueCol'), align: 'right', render: (_: unknown, o) => <Typography.Text type="danger">{formatNumber(o.daysOverdue, lang)}</Typography.Text>, sorter: (a, b) => a.daysOverdue - b.daysOverdue },
    { key: 'status', title: t('campaignDash.status'), render: (_: unknown, o) => <ProgressTag status={o.status} /> },
  ];
  return (
    <>
      {total > items.length && (
        <Typography.Paragraph type="secondary">{t('campaignDash.overdueTruncated', { shown: formatNumber(items.length, lang), total: formatNumber(total, lang) })}</Typography.Paragraph>
      )}
      <Table<OverdueItem> size="small" rowKey="orgId" columns={columns} dataSource={items} pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }} data-testid="dashboard-overdue-table" />
    </>
  );
}

/** The trend points as a table. */
export function TrendTable({ points }: { points: DashboardTrendPoint[] }) {
  const { t, lang } = useLang();
  const n = (v: number) => formatNumber(v, lang);
  const columns: TableColumnsType<DashboardTrendPoint> = [
    { key: 'day', title: t('campaignDash.day'), render: (_: unknown, p) => (p.live ? t('campaignDash.live', { day: formatDate(p.day) }) : formatDate(p.day)) },
    { key: 'inScope', title: t('campaignDash.inScope'), align: 'right', render: (_: unknown, p) => n(p.inScope) },
    { key: 'done', title: t('campaignDash.done'), align: 'right', render: (_: unknown, p) => n(p.done) },
    { key: 'rate', title: t('campaignDash.completionRate'), align: 'right', render: (_: unknown, p) => formatRate(p.completionRate, lang) },
    { key: 'programme', title: t('campaignDash.programmeRate'), align: 'right', render: (_: unknown, p) => formatRate(p.programme.rate, lang) },
  ];
  return <Table<DashboardTrendPoint> size="small" rowKey={(p) => `${p.day}-${p.live}`} columns={columns} dataSource={points} pagination={false} data-testid="dashboard-trend-table" />;
}
