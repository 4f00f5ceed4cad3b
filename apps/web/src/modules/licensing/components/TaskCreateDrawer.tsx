import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Flex, Form, Input, InputNumber, Radio, Select, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { PositionView, Proposal, TaskAction } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { DomesticTag, LicenceTag } from '../../recognition/recognitionLabels.tsx';
import { licensingApi } from '../api/licensingApi.ts';
import { actionLabel, formatMoney } from '../licensingLabels.tsx';
import { UserSelect } from './UserSelect.tsx';

interface TaskFormValues {
  action: TaskAction;
  replacementKey?: string | null;
  assigneeId?: string | null;
  dueDate: Dayjs;
  quantity?: number | null;
  note?: string;
}

/** Days given to fix a gap unless the user chooses otherwise. */
const DEFAULT_DAYS = 30;

/** One proposed way out: what it takes and what it costs. */
function ActionCard({ option, lang }: { option: Proposal['actions'][number]; lang: 'zh-CN' | 'en-US' }) {
  const { t } = useLang();
  return (
    <Flex vertical gap={4} data-testid={`task-action-${option.action}`}>
      <Typography.Text strong>{actionLabel(lang, option.action)}</Typography.Text>
      <Typography.Text type="secondary">
        {option.action === 'buy'
          ? t('tasks.proposal.buy', { n: formatNumber(option.quantity, lang), cost: formatMoney(option.estimatedCost, option.currency, lang) })
          : option.action === 'replace'
            ? option.alternatives.length
              ? t('tasks.proposal.replace', { n: formatNumber(option.quantity, lang), k: option.alternatives.length })
              : t('tasks.proposal.noAlternatives')
            : t('tasks.proposal.uninstall', { n: formatNumber(option.quantity, lang) })}
      </Typography.Text>
    </Flex>
  );
}

export interface TaskCreateDrawerProps {
  orgId: string;
  /** The position with the shortfall; null: closed. */
  position: PositionView | null;
  onClose: () => void;
  onCreated: () => void;
}

/**
 * 创建整改任务: shows what the system proposes for a shortfall (uninstall,
 * replace with a free or domestic alternative, or buy, priced), and records
 * the chosen action with its assignee and due date.
 */
export function TaskCreateDrawer({ orgId, position, onClose, onCreated }: TaskCreateDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<TaskFormValues>();
  const action = Form.useWatch('action', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const productKey = position?.productKey;
  const proposal = useRemote(() => (productKey ? licensingApi.proposal(orgId, productKey) : Promise.resolve(undefined)), [orgId, productKey]);
  const p = proposal.data?.productKey === productKey ? proposal.data : undefined;
  const alternatives = p?.actions.find((a) => a.action === 'replace')?.alternatives ?? [];
  const buy = p?.actions.find((a) => a.action === 'buy');

  const submit = async (values: TaskFormValues) => {
    if (!productKey) return;
    setSaving(true);
    setError(null);
    try {
      await licensingApi.createTask(orgId, {
        productKey,
        action: values.action,
        replacementKey: values.action === 'replace' ? (values.replacementKey ?? null) : null,
        assigneeId: values.assigneeId ?? null,
        dueDate: values.dueDate.format('YYYY-MM-DD'),
        quantity: values.action === 'buy' ? (values.quantity ?? null) : null,
        note: values.note?.trim() || null,
      });
      message.success(t('tasks.created'));
      onCreated();
    } catch (e) {
      // Field errors on their fields; anything else (no shortfall any more, say) above the form.
      const unmatched = applyFieldErrors(form, e);
      if (unmatched.length || !form.getFieldsError().some((f) => f.errors.length)) setError(errorText(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={position !== null}
      title={t('tasks.createFor', { product: position?.product ?? position?.productKey ?? '' })}
      size={640}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="task-form-submit">
            {t('tasks.submit')}
          </Button>
        </Space>
      }
      data-testid="task-create-drawer"
    >
      {position && (
        <Flex vertical gap={16}>
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'product', label: t('rules.product'), children: position.product ?? position.productKey },
              { key: 'key', label: t('catalogue.productKey'), children: <Typography.Text code>{position.productKey}</Typography.Text> },
              { key: 'installs', label: t('compliance.installs'), children: formatNumber(position.installs, lang) },
              { key: 'entitled', label: t('compliance.entitled'), children: position.unlimited ? t('compliance.unlimited') : formatNumber(position.entitled ?? 0, lang) },
              {
                key: 'shortfall',
                label: t('compliance.shortfall'),
                children: (
                  <Typography.Text type="danger" strong data-testid="proposal-shortfall">
                    {formatNumber(p?.shortfall ?? position.shortfall, lang)}
                  </Typography.Text>
                ),
              },
              { key: 'cost', label: t('compliance.estimatedCost'), children: formatMoney(buy?.estimatedCost ?? position.estimatedShortfallCost, buy?.currency ?? position.currency, lang) },
            ]}
          />
          {proposal.error && <Alert type="error" showIcon title={errorText(proposal.error, t)} />}
          {proposal.loading && !p ? (
            <Spin />
          ) : (
            p &&
            p.devices.length > 0 && (
              <Card size="small" title={t('tasks.proposal.devices', { n: formatNumber(p.devices.length, lang) })}>
                <Flex wrap gap={4} data-testid="proposal-devices">
                  {p.devices.map((d) => (
                    <Tag key={d.deviceId}>{d.name ?? d.deviceId}</Tag>
                  ))}
                </Flex>
              </Card>
            )
          )}
          {error && <Alert type="error" showIcon title={error} data-testid="task-form-error" />}
          <Form<TaskFormValues>
            form={form}
            name="task"
            layout="vertical"
            initialValues={{ action: 'buy', dueDate: dayjs().add(DEFAULT_DAYS, 'day'), quantity: position.shortfall }}
            onFinish={submit}
          >
            <Form.Item name="action" label={t('tasks.action')} rules={[{ required: true, message: t('rules.chooseOne') }]}>
              <Radio.Group style={{ width: '100%' }} data-testid="task-action">
                <Flex vertical gap={8}>
                  {(p?.actions ?? []).map((option) => (
                    <Radio key={option.action} value={option.action}>
                      <ActionCard option={option} lang={lang} />
                    </Radio>
                  ))}
                </Flex>
              </Radio.Group>
            </Form.Item>
            {action === 'replace' && (
              <Form.Item name="replacementKey" label={t('tasks.replacement')} extra={t('tasks.replacementHelp')}>
                <Select
                  allowClear
                  placeholder={t('tasks.replacementPlaceholder')}
                  options={alternatives.map((a) => ({
                    value: a.productKey,
                    label: (
                      <Flex gap={4} align="center">
                        <span>{a.product ?? a.productKey}</span>
                        <LicenceTag licence={a.licenceClass} />
                        {a.domestic && <DomesticTag />}
                        <Typography.Text type="secondary">{t('tasks.alternativeDevices', { n: formatNumber(a.devices, lang) })}</Typography.Text>
                      </Flex>
                    ),
                  }))}
                />
              </Form.Item>
            )}
            {action === 'buy' && (
              <Form.Item name="quantity" label={t('tasks.quantity')} extra={t('tasks.quantityHelp')}>
                <InputNumber min={0} max={100_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            )}
            <Form.Item name="assigneeId" label={t('tasks.assignee')} extra={t('tasks.assigneeHelp')}>
              <UserSelect orgId={orgId} />
            </Form.Item>
            <Form.Item name="dueDate" label={t('tasks.dueDate')} rules={[{ required: true, message: t('tasks.dueDateRequired') }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="note" label={t('tasks.note')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Form>
        </Flex>
      )}
    </Drawer>
  );
}
