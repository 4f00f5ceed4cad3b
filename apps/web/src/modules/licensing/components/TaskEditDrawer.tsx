import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, Popconfirm, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TaskView } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { licensingApi } from '../api/licensingApi.ts';
import type { TaskUpdateInput } from '../api/licensingApi.ts';
import { actionLabel, formatMoney, TaskStatusTag } from '../licensingLabels.tsx';
import { UserSelect } from './UserSelect.tsx';

interface TaskEditValues {
  assigneeId?: string | null;
  dueDate: Dayjs;
  note?: string;
}

export interface TaskEditDrawerProps {
  /** The task to edit; null: closed. */
  task: TaskView | null;
  onClose: () => void;
  onSaved: () => void;
}

/** Follows up a rectification task: reassign, reschedule, add a note, cancel or reopen it. */
export function TaskEditDrawer({ task, onClose, onSaved }: TaskEditDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<TaskEditValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (body: TaskUpdateInput, done: string) => {
    if (!task) return;
    setSaving(true);
    setError(null);
    try {
      await licensingApi.updateTask(task.orgId, task.id, body);
      message.success(done);
      onSaved();
    } catch (e) {
      if (applyFieldErrors(form, e).length || !form.getFieldsError().some((f) => f.errors.length)) setError(errorText(e, t));
    } finally {
      setSaving(false);
    }
  };
  const submit = (v: TaskEditValues) => save({ assigneeId: v.assigneeId ?? null, dueDate: v.dueDate.format('YYYY-MM-DD'), note: v.note?.trim() || null }, t('common.saved'));

  return (
    <Drawer
      open={task !== null}
      title={t('tasks.edit')}
      size={560}
      onClose={onClose}
      destroyOnHidden
      footer={
        task && (
          <Space style={{ display: 'flex', justifyContent: 'space-between' }}>
            {task.status === 'open' ? (
              <Popconfirm title={t('tasks.confirmCancel')} okText={t('common.ok')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => save({ status: 'cancelled' }, t('tasks.cancelled'))}>
                <Button danger loading={saving} data-testid="task-cancel">
                  {t('tasks.cancelTask')}
                </Button>
              </Popconfirm>
            ) : task.status === 'cancelled' ? (
              <Button loading={saving} onClick={() => save({ status: 'open' }, t('tasks.reopened'))} data-testid="task-reopen">
                {t('tasks.reopen')}
              </Button>
            ) : (
              <span />
            )}
            <Space>
              <Button onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="task-edit-submit">
                {t('common.save')}
              </Button>
            </Space>
          </Space>
        )
      }
      data-testid="task-edit-drawer"
    >
      {task && (
        <>
          <Descriptions
            size="small"
            bordered
            column={1}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'org', label: t('devices.org'), children: task.orgName },
              { key: 'product', label: t('catalogue.productKey'), children: <Typography.Text code>{task.productKey}</Typography.Text> },
              { key: 'action', label: t('tasks.action'), children: `${actionLabel(lang, task.action)}${task.replacementKey ? ` → ${task.replacementKey}` : ''}` },
              { key: 'shortfall', label: t('tasks.shortfall'), children: t('tasks.shortfallThenNow', { then: formatNumber(task.shortfallAtCreation, lang), now: formatNumber(task.shortfallNow, lang) }) },
              { key: 'cost', label: t('compliance.estimatedCost'), children: formatMoney(task.estimatedCost, task.currency, lang) },
              { key: 'status', label: t('tasks.status'), children: <TaskStatusTag status={task.status} /> },
            ]}
          />
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form<TaskEditValues>
            form={form}
            name="taskEdit"
            layout="vertical"
            disabled={task.status === 'verified'}
            initialValues={{ assigneeId: task.assigneeId, dueDate: dayjs(task.dueDate), note: task.note ?? '' }}
            onFinish={submit}
          >
            <Form.Item name="assigneeId" label={t('tasks.assignee')}>
              <UserSelect orgId={task.orgId} initialLabel={task.assigneeName} />
            </Form.Item>
            <Form.Item name="dueDate" label={t('tasks.dueDate')} rules={[{ required: true, message: t('tasks.dueDateRequired') }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="note" label={t('tasks.note')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Form>
        </>
      )}
    </Drawer>
  );
}
