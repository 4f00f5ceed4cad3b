import { CheckOutlined, EditOutlined, FilePdfOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Popconfirm, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inspectionApi } from '../api/inspectionApi.ts';
import { FindingsTab } from '../components/FindingsTab.tsx';
import { PlanFormDrawer } from '../components/PlanFormDrawer.tsx';
import { ProposalTab } from '../components/ProposalTab.tsx';
import { QuestionnaireTab } from '../components/QuestionnaireTab.tsx';
import { SampleTab } from '../components/SampleTab.tsx';
import { PlanStatusTag, TypeTag } from '../inspectionLabels.tsx';

/** One inspection plan: what it is, and by type its sample and findings, its questionnaire, or its proposal of provinces. */
export function InspectionPlanPage() {
  const { planId = '' } = useParams();
  const { t } = useLang();
  const { message } = App.useApp();
  const plan = useRemote(() => inspectionApi.get(planId), [planId]);
  const [editing, setEditing] = useState(false);
  const [version, setVersion] = useState(0);
  const p = plan.data;
  const refresh = () => {
    plan.reload();
    setVersion((v) => v + 1);
  };
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      message.success(t('common.saved'));
      refresh();
    } catch (e) {
      message.error(errorText(e, t));
    }
  };

  if (plan.error) return <Card><Typography.Text type="danger">{errorText(plan.error, t)}</Typography.Text></Card>;
  if (!p) return <Card loading />;

  const tabs = [];
  if (p.type === 'on-site') {
    tabs.push({ key: 'sample', label: t('inspection.sampleTab'), children: <SampleTab plan={p} version={version} onChanged={refresh} /> });
    tabs.push({ key: 'findings', label: t('inspection.findingsTab'), children: <FindingsTab plan={p} version={version} onChanged={refresh} /> });
  } else if (p.type === 'written') tabs.push({ key: 'questionnaire', label: t('inspection.questionnaireTab'), children: <QuestionnaireTab plan={p} onChanged={refresh} /> });
  else tabs.push({ key: 'proposal', label: t('inspection.proposalTab'), children: <ProposalTab plan={p} onChanged={refresh} /> });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            <Link to="/inspection/plans">{t('menu.inspectionPlans')}</Link>/<span data-testid="plan-title">{p.title}</span>
          </Space>
        }
        extra={
          <Space>
            <Button icon={<FilePdfOutlined />} onClick={() => inspectionApi.report(p.id).catch((e: unknown) => message.error(errorText(e, t)))} data-testid="plan-report">
              {t('inspection.report')}
            </Button>
            {p.mayWrite && p.status !== 'closed' && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
            {p.mayWrite && p.status === 'draft' && (
              <Button type="primary" icon={<CheckOutlined />} onClick={() => act(() => inspectionApi.confirm(p.id))} data-testid="plan-confirm">
                {t('inspection.confirm')}
              </Button>
            )}
            {p.mayWrite && p.status !== 'closed' && (
              <Popconfirm title={t('inspection.closeConfirm')} onConfirm={() => act(() => inspectionApi.close(p.id))}>
                <Button icon={<StopOutlined />}>{t('inspection.close')}</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('inspection.type')}><TypeTag type={p.type} /></Descriptions.Item>
          <Descriptions.Item label={t('inspection.month')}>{`${p.year}-${String(p.month).padStart(2, '0')}`}</Descriptions.Item>
          <Descriptions.Item label={t('inspection.status')}><PlanStatusTag status={p.status} /></Descriptions.Item>
          <Descriptions.Item label={t('inspection.targets')}>{p.targetRegions.map((r) => r.name ?? r.code).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('inspection.inspectors')}>{p.inspectors.map((i) => i.name).join('、') || '—'}</Descriptions.Item>
          {p.type === 'on-site' && <Descriptions.Item label={t('inspection.seed')}>{p.seed ?? '—'}{p.sampledAt ? `（${formatDateTime(p.sampledAt)}）` : ''}</Descriptions.Item>}
          {p.note && <Descriptions.Item label={t('inspection.note')}>{p.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card>
        <Tabs items={tabs} />
      </Card>
      <PlanFormDrawer
        plan={editing ? p : null}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          refresh();
        }}
      />
    </Space>
  );
}
