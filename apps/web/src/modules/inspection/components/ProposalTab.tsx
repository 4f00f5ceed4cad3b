import { App, Button, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { InspectionProposalRow, PlanDetail } from '../../../contracts.ts';
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inspectionApi } from '../api/inspectionApi.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * A special inspection: the system ranks the provinces of the active
 * campaign by how far their completion lags behind the time gone to their
 * deadlines; the national office confirms the ones to visit.
 */
export function ProposalTab({ plan, onChanged }: { plan: PlanDetail; onChanged: () => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const proposal = useRemote(() => inspectionApi.proposal(plan.id), [plan.id]);
  const [count, setCount] = useState(5);
  const [selected, setSelected] = useState<string[]>([]);
  const data = proposal.data;
  const open = plan.mayWrite && plan.status !== 'closed' && !data?.confirmedAt;

  useEffect(() => setSelected((data?.rows ?? []).filter((r) => r.confirmed).map((r) => r.regionCode)), [data]);

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('common.saved'));
      proposal.reload();
      onChanged();
    } catch (e) {
      message.error(errorText(e, t));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {open && (
        <Space>
          <span>{t('inspection.proposeCount')}</span>
          <InputNumber min={1} max={34} value={count} onChange={(v) => setCount(v ?? 5)} />
          <Button onClick={() => run(() => inspectionApi.propose(plan.id, count))} data-testid="proposal-make">{t('inspection.propose')}</Button>
          <Button type="primary" disabled={!selected.length} onClick={() => run(() => inspectionApi.confirmProposal(plan.id, selected))} data-testid="proposal-confirm">
            {t('inspection.confirmProposal', { n: selected.length })}
          </Button>
        </Space>
      )}
      <Typography.Text type="secondary">
        {data?.day ? t('inspection.proposalLine', { day: data.day }) : t('inspection.noProposal')}
        {data?.confirmedAt ? ` ${t('inspection.proposalConfirmed', { by: data.confirmedBy ?? '', at: formatDateTime(data.confirmedAt) })}` : ''}
      </Typography.Text>
      {proposal.error && <Typography.Text type="danger">{errorText(proposal.error, t)}</Typography.Text>}
      <Table<InspectionProposalRow>
        rowKey="regionCode"
        size="small"
        loading={proposal.loading}
        pagination={false}
        dataSource={data?.rows ?? []}
        rowSelection={open ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
        data-testid="proposal-table"
        columns={[
          { key: 'rank', title: t('inspection.rank'), width: 70, render: (_: unknown, r) => r.rank },
          { key: 'province', title: t('inspection.province'), render: (_: unknown, r) => r.regionName ?? r.regionCode },
          { key: 'done', title: t('inspection.done'), align: 'right', render: (_: unknown, r) => `${formatNumber(r.done, lang)} / ${formatNumber(r.inScope, lang)}` },
          { key: 'completion', title: t('inspection.completionShare'), align: 'right', render: (_: unknown, r) => pct(r.completionShare) },
          { key: 'elapsed', title: t('inspection.elapsedShare'), align: 'right', render: (_: unknown, r) => pct(r.elapsedShare) },
          { key: 'gap', title: t('inspection.gap'), align: 'right', render: (_: unknown, r) => <Typography.Text type={r.gap > 0 ? 'danger' : undefined}>{pct(r.gap)}</Typography.Text> },
          { key: 'confirmed', title: t('inspection.confirmed'), render: (_: unknown, r) => (r.confirmed ? <Tag color="success">{t('common.yes')}</Tag> : '—') },
        ]}
      />
    </Space>
  );
}
