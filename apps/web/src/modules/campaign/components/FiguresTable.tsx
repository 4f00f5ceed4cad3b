import { Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { FigureView } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { formatRate, formatYuan, levelLabel } from '../campaignLabels.tsx';

/** The "revised" note of a row: which figures of the previous snapshot the records now give differently. */
export function RevisedTag({ figure }: { figure: FigureView }) {
  const { t } = useLang();
  if (!figure.revised) return null;
  const changes = Object.entries(figure.revised.changes).map(([field, [published, corrected]]) => `${field}: ${published ?? '—'} → ${corrected ?? '—'}`);
  return (
    <Tooltip title={<div>{t('snapshots.revisedOf', { day: figure.revised.previousDay })}<br />{changes.map((c) => <div key={c}>{c}</div>)}</div>}>
      <Tag color="orange" data-testid="revised">
        {t('snapshots.revised')}
      </Tag>
    </Tooltip>
  );
}

export interface FiguresTableProps {
  rows: FigureView[];
  /** a region row was clicked: open it */
  onOpen?: (f: FigureView) => void;
  testId: string;
}

/** Frozen figures of region nodes or agencies: progress counts, legalization rates, computers and money spent. */
export function FiguresTable({ rows, onOpen, testId }: FiguresTableProps) {
  const { t, lang } = useLang();
  const n = (v: number) => formatNumber(v, lang);
  const columns: TableColumnsType<FigureView> = [
    {
      key: 'name',
      title: t('snapshots.subject'),
      fixed: 'left',
      render: (_: unknown, f) => (
        <>
          {f.kind === 'region' && onOpen ? <Typography.Link onClick={() => onOpen(f)} data-testid="figure-open">{f.name}</Typography.Link> : f.name} <RevisedTag figure={f} />
        </>
      ),
    },
    { key: 'level', title: t('orgs.level'), render: (_: unknown, f) => levelLabel(lang, f.level) },
    { key: 'inScope', title: t('campaign.inScope'), align: 'right', render: (_: unknown, f) => n(f.inScope) },
    { key: 'progress', title: t('snapshots.progressCounts'), render: (_: unknown, f) => `${n(f.notStarted)} / ${n(f.selfCheck)} / ${n(f.rectifying)} / ${n(f.completed)} / ${n(f.verified)}` },
    { key: 'behind', title: t('campaign.behindCount'), align: 'right', render: (_: unknown, f) => (f.behindDeadline ? <Typography.Text type="danger">{n(f.behindDeadline)}</Typography.Text> : '0') },
    { key: 'devices', title: t('snapshots.devices'), align: 'right', render: (_: unknown, f) => `${n(f.compliantDevices)} / ${n(f.devices)}` },
    { key: 'programme', title: t('campaign.programmeRate'), align: 'right', render: (_: unknown, f) => formatRate(f.programme.rate, lang) },
    { key: 'os', title: t('snapshots.os'), align: 'right', render: (_: unknown, f) => formatRate(f.os.rate, lang) },
    { key: 'office', title: t('snapshots.office'), align: 'right', render: (_: unknown, f) => formatRate(f.office.rate, lang) },
    { key: 'security', title: t('snapshots.security'), align: 'right', render: (_: unknown, f) => formatRate(f.security.rate, lang) },
    { key: 'spent', title: t('snapshots.spent'), align: 'right', render: (_: unknown, f) => formatYuan(f.spent, lang) },
  ];
  return <Table size="small" rowKey="subject" dataSource={rows} columns={columns} scroll={{ x: 'max-content' }} pagination={rows.length > 50 ? { defaultPageSize: 50, showSizeChanger: true, showTotal: (x) => t('common.total', { n: x }) } : false} data-testid={testId} />;
}
