import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { can } from '../../../auth/permissions.ts';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import { FORM_LEVEL_LABELS } from '../../../contracts.ts';
import type { FormRow, RoundView } from '../../../contracts.ts';
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { statusFormApi } from '../api/statusFormApi.ts';
import { FormStatusTag } from '../components/FormStatusTag.tsx';
import { RoundFormDrawer } from '../components/RoundFormDrawer.tsx';

const formPath = (f: Pick<FormRow, 'roundId' | 'regionCode'>) => `/campaign/status-forms/${f.roundId}/${f.regionCode}`;

/** The forms of one round in my subtree, with the missing and late ones named. */
function RoundForms({ roundId }: { roundId: string }) {
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const forms = useRemote(() => statusFormApi.forms(roundId), [roundId]);
  const mine = forms.data?.items.find((f) => user.role === 'region_admin' && f.regionCode === user.regionCode);
  const names = (rows: FormRow[]) => rows.map((f) => f.regionName ?? f.regionCode).join('、');
  const columns: TableColumnsType<FormRow> = [
    {
      key: 'region',
      title: t('statusForms.office'),
      render: (_: unknown, f) => (
        <Link to={formPath(f)} data-testid="form-link">
          {f.regionName ?? f.regionCode}
        </Link>
      ),
    },
    { key: 'code', title: t('statusForms.regionCode'), dataIndex: 'regionCode' },
    { key: 'level', title: t('statusForms.level'), render: (_: unknown, f) => FORM_LEVEL_LABELS[f.level][lang] },
    { key: 'status', title: t('statusForms.status'), render: (_: unknown, f) => <FormStatusTag form={f} /> },
    { key: 'version', title: t('statusForms.version'), align: 'right', render: (_: unknown, f) => (f.version ? `v${f.version}` : '—') },
    { key: 'submitted', title: t('statusForms.firstSubmitted'), render: (_: unknown, f) => (f.firstSubmittedAt ? formatDateTime(f.firstSubmittedAt) : '—') },
    { key: 'reviewer', title: t('statusForms.reviewer'), render: (_: unknown, f) => (f.reviewerCode === '000000' ? t('statusForms.nationalOffice') : (forms.data?.items.find((x) => x.regionCode === f.reviewerCode)?.regionName ?? f.reviewerCode)) },
  ];
  return (
    <Card
      title={forms.data ? t('statusForms.formsOf', { label: forms.data.round.periodLabel }) : t('statusForms.forms')}
      extra={
        <Space>
          {mine && (
            <Link to={formPath(mine)}>
              <Button type="primary" icon={<EditOutlined />} data-testid="my-form">
                {t('statusForms.myForm')}
              </Button>
            </Link>
          )}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={forms.reload} />
          </Tooltip>
        </Space>
      }
      data-testid="round-forms"
    >
      {forms.error && <Typography.Text type="danger">{errorText(forms.error, t)}</Typography.Text>}
      {forms.data && (
        <Flex vertical gap={8} style={{ marginBottom: 16 }}>
          {forms.data.missing.length > 0 && <Alert type="error" showIcon title={t('statusForms.missingList', { n: formatNumber(forms.data.missing.length, lang), names: names(forms.data.missing) })} data-testid="missing-list" />}
          {forms.data.late.length > 0 && <Alert type="warning" showIcon title={t('statusForms.lateList', { n: formatNumber(forms.data.late.length, lang), names: names(forms.data.late) })} data-testid="late-list" />}
          {!forms.data.round.overdue && forms.data.round.counts.draft > 0 && <Alert type="info" showIcon title={t('statusForms.pendingList', { n: formatNumber(forms.data.round.counts.draft, lang), day: forms.data.round.dueDay })} />}
        </Flex>
      )}
      <Table rowKey="id" size="small" loading={forms.loading} dataSource={forms.data?.items ?? []} columns={columns} pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid="form-table" />
    </Card>
  );
}

/**
 * 落实情况表: the reporting rounds set by the national office; for the
 * selected round, the forms of my subtree with their state and who is late
 * or missing. The national office sets new rounds here.
 */
export function StatusFormsPage() {
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const writable = can(user.role, 'campaign.write');
  const rounds = useRemote(() => statusFormApi.rounds(), []);
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const selected = params.get('round') ?? rounds.data?.items[0]?.id ?? null;
  const n = (v: number) => formatNumber(v, lang);

  const columns: TableColumnsType<RoundView> = [
    {
      key: 'label',
      title: t('statusForms.periodLabel'),
      render: (_: unknown, r) => (
        <Flex vertical>
          <Typography.Link onClick={() => setParams({ round: r.id })} data-testid="round-open">
            {r.periodLabel}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.campaignName ?? '—'} · {r.periodStart} ~ {r.periodEnd}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'levels', title: t('statusForms.levels'), render: (_: unknown, r) => r.levels.map((l) => <Tag key={l}>{FORM_LEVEL_LABELS[l][lang]}</Tag>) },
    { key: 'due', title: t('statusForms.dueDay'), render: (_: unknown, r) => <Typography.Text type={r.overdue ? 'danger' : undefined}>{r.dueDay}</Typography.Text> },
    { key: 'expected', title: t('statusForms.expected'), align: 'right', render: (_: unknown, r) => n(r.counts.expected) },
    { key: 'submitted', title: t('statusForms.submittedCount'), align: 'right', render: (_: unknown, r) => n(r.counts.submitted + r.counts.returned + r.counts.accepted) },
    { key: 'accepted', title: t('statusForms.acceptedCount'), align: 'right', render: (_: unknown, r) => n(r.counts.accepted) },
    { key: 'late', title: t('statusForms.late'), align: 'right', render: (_: unknown, r) => (r.counts.late ? <Tag color="orange">{n(r.counts.late)}</Tag> : '0') },
    { key: 'missing', title: t('statusForms.missing'), align: 'right', render: (_: unknown, r) => (r.counts.missing ? <Tag color="red">{n(r.counts.missing)}</Tag> : '0') },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('statusForms.rounds')}
        extra={
          <Space>
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={rounds.reload} />
            </Tooltip>
            {writable && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="round-create">
                {t('statusForms.createRound')}
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('statusForms.help')}</Typography.Paragraph>
        {rounds.error && <Typography.Text type="danger">{errorText(rounds.error, t)}</Typography.Text>}
        <Table
          rowKey="id"
          size="small"
          loading={rounds.loading}
          dataSource={rounds.data?.items ?? []}
          columns={columns}
          pagination={false}
          locale={{ emptyText: <Empty description={t('statusForms.noRounds')} /> }}
          rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
          data-testid="round-table"
        />
      </Card>
      {selected && <RoundForms key={selected} roundId={selected} />}
      <RoundFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(r) => {
          setCreating(false);
          rounds.reload();
          setParams({ round: r.id });
        }}
      />
    </Flex>
  );
}
