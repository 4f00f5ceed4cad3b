import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Space, Table, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { can } from '../../../auth/permissions.ts';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import { FINDING_SEVERITIES, FINDING_STATUS_LABELS, SEVERITY_LABELS } from '../../../contracts.ts';
import type { FindingSeverity, FindingStatus, FindingView, PlanDetail } from '../../../contracts.ts';
import { formatDate, formatDateTime } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inspectionApi } from '../api/inspectionApi.ts';
import { FindingStatusTag, SeverityTag } from '../inspectionLabels.tsx';

/** Moves the caller may make on a finding: organizations report a fix, the plan's inspectors verify it or send it back. */
function movesFor(f: FindingView, conduct: boolean, rectify: boolean): FindingStatus[] {
  const out: FindingStatus[] = [];
  if (f.status === 'open' && (conduct || rectify)) out.push('rectifying');
  if (conduct && f.status !== 'verified') out.push('verified');
  if (conduct && f.status === 'rectifying') out.push('open');
  return out;
}

/** Findings of an on-site plan, most severe first, with their fix deadline, state and follow-up. */
export function FindingsTab({ plan, version, onChanged }: { plan: PlanDetail; version: number; onChanged: () => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [severity, setSeverity] = useState<FindingSeverity | undefined>(undefined);
  const findings = useRemote(() => inspectionApi.findings(plan.id, { severity }), [plan.id, severity, version]);
  const sample = useRemote(() => (plan.mayConduct ? inspectionApi.sampleView(plan.id) : Promise.resolve(null)), [plan.id, plan.mayConduct, version]);
  const [following, setFollowing] = useState<FindingView | null>(null);
  const [adding, setAdding] = useState(false);
  const [followForm] = Form.useForm<{ status: FindingStatus; note: string }>();
  const [addForm] = Form.useForm<{ orgId: string; severity: FindingSeverity; description: string; deviceName?: string }>();
  const rectify = can(user.role, 'rectification.write') && plan.status !== 'closed';
  const conduct = plan.mayConduct;

  const follow = async (v: { status: FindingStatus; note: string }) => {
    if (!following) return;
    try {
      await inspectionApi.followUp(following.id, v);
      message.success(t('common.saved'));
      setFollowing(null);
      onChanged();
    } catch (e) {
      if (!applyFieldErrors(followForm, e).length && !followForm.getFieldsError().some((f) => f.errors.length)) message.error(errorText(e, t));
    }
  };
  const add = async (v: { orgId: string; severity: FindingSeverity; description: string; deviceName?: string }) => {
    try {
      await inspectionApi.addFinding(plan.id, { orgId: v.orgId, severity: v.severity, description: v.description, deviceName: v.deviceName || null, productKey: null });
      message.success(t('common.created'));
      setAdding(false);
      onChanged();
    } catch (e) {
      if (!applyFieldErrors(addForm, e).length && !addForm.getFieldsError().some((f) => f.errors.length)) message.error(errorText(e, t));
    }
  };

  const columns: TableColumnsType<FindingView> = [
    { key: 'severity', title: t('inspection.severity'), width: 90, render: (_: unknown, f) => <SeverityTag severity={f.severity} /> },
    { key: 'org', title: t('inspection.org'), render: (_: unknown, f) => f.orgName },
    {
      key: 'description',
      title: t('inspection.finding'),
      render: (_: unknown, f) => (
        <Space orientation="vertical" size={0}>
          <span data-testid="finding-description">{f.description}</span>
          {f.followUps.length > 0 && (
            <Timeline
              style={{ marginTop: 8, marginBottom: -16 }}
              items={f.followUps.map((u) => ({ content: <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${formatDateTime(u.at)} ${u.by ?? ''} → ${FINDING_STATUS_LABELS[u.status][lang]}：${u.note}`}</Typography.Text> }))}
            />
          )}
        </Space>
      ),
    },
    { key: 'deadline', title: t('inspection.fixDeadline'), width: 120, render: (_: unknown, f) => <Typography.Text type={f.overdue ? 'danger' : undefined}>{formatDate(f.fixDeadline)}{f.overdue ? ` ${t('inspection.overdue')}` : ''}</Typography.Text> },
    { key: 'status', title: t('inspection.status'), width: 110, render: (_: unknown, f) => <FindingStatusTag status={f.status} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 100,
      render: (_: unknown, f) =>
        movesFor(f, conduct, rectify).length > 0 && plan.status !== 'closed' ? (
          <Button
            size="small"
            onClick={() => {
              followForm.resetFields();
              followForm.setFieldsValue({ status: movesFor(f, conduct, rectify)[0]! });
              setFollowing(f);
            }}
            data-testid="finding-follow"
          >
            {t('inspection.followUp')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Select allowClear placeholder={t('inspection.severity')} style={{ width: 140 }} value={severity} onChange={setSeverity} options={FINDING_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s][lang] }))} />
        {conduct && (
          <Button icon={<PlusOutlined />} onClick={() => { addForm.resetFields(); setAdding(true); }} data-testid="finding-add">
            {t('inspection.addFinding')}
          </Button>
        )}
      </Space>
      {findings.error && <Typography.Text type="danger">{errorText(findings.error, t)}</Typography.Text>}
      <Table rowKey="id" loading={findings.loading} dataSource={findings.data?.items ?? []} columns={columns} pagination={{ pageSize: 50, hideOnSinglePage: true }} size="small" data-testid="finding-table" />
      <Modal open={following !== null} title={t('inspection.followUp')} onCancel={() => setFollowing(null)} onOk={() => followForm.submit()} destroyOnHidden>
        <Form form={followForm} layout="vertical" onFinish={follow}>
          <Form.Item name="status" label={t('inspection.newStatus')} rules={[{ required: true }]}>
            <Select options={(following ? movesFor(following, conduct, rectify) : []).map((s) => ({ value: s, label: FINDING_STATUS_LABELS[s][lang] }))} />
          </Form.Item>
          <Form.Item name="note" label={t('inspection.followUpNote')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="finding-note" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={adding} title={t('inspection.addFinding')} onCancel={() => setAdding(false)} onOk={() => addForm.submit()} destroyOnHidden>
        <Form form={addForm} layout="vertical" onFinish={add} initialValues={{ severity: 'medium' }}>
          <Form.Item name="orgId" label={t('inspection.org')} rules={[{ required: true }]}>
            <Select options={(sample.data?.orgs ?? []).map((o) => ({ value: o.orgId, label: o.orgName }))} />
          </Form.Item>
          <Form.Item name="severity" label={t('inspection.severity')} extra={t('inspection.deadlineHelp')} rules={[{ required: true }]}>
            <Select options={FINDING_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s][lang] }))} />
          </Form.Item>
          <Form.Item name="deviceName" label={t('inspection.device')}>
            <Input maxLength={255} />
          </Form.Item>
          <Form.Item name="description" label={t('inspection.finding')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
