import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import type { Device } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { inventoryApi } from '../api/inventoryApi.ts';
import { deviceTitle } from './deviceColumns.tsx';

export interface QuarantineActionsProps {
  device: Device;
  /** After approval (the device now counts) or rejection (the device is gone). */
  onDone: (outcome: 'approved' | 'rejected') => void;
  size?: 'small' | 'middle';
}

/** Approve / reject of a device waiting in quarantine, each with a confirmation. */
export function QuarantineActions({ device, onDone, size = 'small' }: QuarantineActionsProps) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const name = deviceTitle(device);

  const run = (kind: 'approve' | 'reject') => {
    setBusy(kind);
    const work = kind === 'approve' ? inventoryApi.approve(device.orgId, device.id) : inventoryApi.reject(device.orgId, device.id);
    work
      .then(() => {
        message.success(kind === 'approve' ? t('quarantine.approved', { name }) : t('quarantine.rejected', { name }));
        onDone(kind === 'approve' ? 'approved' : 'rejected');
      })
      .catch((e: unknown) => message.error(errorText(e, t)))
      .finally(() => setBusy(null));
  };

  return (
    <Space size={size === 'small' ? 4 : 8}>
      <Popconfirm
        title={t('quarantine.confirmApprove', { name })}
        description={t('quarantine.confirmApproveHint')}
        okText={t('quarantine.approve')}
        cancelText={t('common.cancel')}
        onConfirm={() => run('approve')}
      >
        <Button type="primary" size={size} icon={<CheckOutlined />} loading={busy === 'approve'} disabled={busy !== null} data-testid="quarantine-approve">
          {t('quarantine.approve')}
        </Button>
      </Popconfirm>
      <Popconfirm
        title={t('quarantine.confirmReject', { name })}
        description={t('quarantine.confirmRejectHint')}
        okText={t('quarantine.reject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        onConfirm={() => run('reject')}
      >
        <Button danger size={size} icon={<CloseOutlined />} loading={busy === 'reject'} disabled={busy !== null} data-testid="quarantine-reject">
          {t('quarantine.reject')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
