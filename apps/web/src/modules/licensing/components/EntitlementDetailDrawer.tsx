import { DeleteOutlined, DownloadOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Divider, Drawer, Flex, Popconfirm, Space, Spin, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ProofDocument, TransferView } from '../../../contracts.ts';
import { formatBytes, formatDate, formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { licensingApi, metricHasQuantity } from '../api/licensingApi.ts';
import type { EntitlementDetail } from '../api/licensingApi.ts';
import { orgCompliancePath } from '../complianceLinks.ts';
import { formatMoney, metricLabel, scopeLabel, ValidityTag } from '../licensingLabels.tsx';
import { TransferForm } from './TransferForm.tsx';

export interface EntitlementDetailDrawerProps {
  /** The entitlement to show; null: closed. */
  target: { orgId: string; id: string } | null;
  /** Whether the user may edit, transfer, upload and delete (licence.write). */
  writable: boolean;
  onEdit: (entitlement: EntitlementDetail) => void;
  /** Something changed that the list shows (a transfer, a document, a deletion). */
  onChanged: () => void;
  onClose: () => void;
  /** Changes after an edit elsewhere, to load the entitlement again. */
  version: number;
}

/**
 * One entitlement: what it covers, how it counts, its use (consumed,
 * remaining, covered installs), its proof documents and its transfers to
 * other organizations.
 */
export function EntitlementDetailDrawer({ target, writable, onEdit, onChanged, onClose, version }: EntitlementDetailDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const detail = useRemote(() => (target ? licensingApi.entitlement(target.orgId, target.id) : Promise.resolve(undefined)), [target?.orgId, target?.id, version]);
  const [uploading, setUploading] = useState(false);
  const e = detail.data && target && detail.data.id === target.id ? detail.data : undefined;
  const n = (v: number | null) => formatNumber(v, lang);

  const changed = () => {
    detail.reload();
    onChanged();
  };
  const upload = (file: File) => {
    if (!e) return;
    setUploading(true);
    licensingApi
      .uploadDocument(e.orgId, e.id, file)
      .then((doc) => {
        message.success(t('entitlements.uploaded', { name: doc.filename }));
        changed();
      })
      .catch((err: unknown) => message.error(errorText(err, t)))
      .finally(() => setUploading(false));
  };
  const remove = () => {
    if (!e) return;
    licensingApi
      .removeEntitlement(e.orgId, e.id)
      .then(() => {
        message.success(t('common.deleted'));
        onChanged();
        onClose();
      })
      .catch((err: unknown) => message.error(errorText(err, t)));
  };

  const versions = e ? [e.versionRange.min, e.versionRange.minRelease && `(${e.versionRange.minRelease})`].filter(Boolean).join(' ') : '';
  const upTo = e ? [e.versionRange.max, e.versionRange.maxRelease && `(${e.versionRange.maxRelease})`].filter(Boolean).join(' ') : '';

  return (
    <Drawer
      open={target !== null}
      title={e?.name ?? t('entitlements.detail')}
      size={800}
      onClose={onClose}
      destroyOnHidden
      extra={
        writable &&
        e && (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => onEdit(e)} data-testid="entitlement-edit">
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('entitlements.confirmDelete', { name: e.name })}
              description={e.transfers.length ? t('entitlements.deleteTransferred') : undefined}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={remove}
            >
              <Button danger icon={<DeleteOutlined />} data-testid="entitlement-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        )
      }
      data-testid="entitlement-drawer"
    >
      {detail.error && <Alert type="error" showIcon title={errorText(detail.error, t)} />}
      {!e && detail.loading && <Spin style={{ display: 'block', margin: '40px auto' }} />}
      {e && (
        <Flex vertical gap={8}>
          <Flex gap={32} wrap data-testid="entitlement-use">
            <Statistic title={t('entitlements.effectiveQuantity')} value={metricHasQuantity(e.metric) ? n(e.effectiveQuantity) : t('compliance.unlimited')} />
            <Statistic title={t('compliance.consumed')} value={n(e.consumed)} />
            <Statistic title={t('entitlements.remaining')} value={metricHasQuantity(e.metric) ? n(e.remaining) : '—'} />
            <Statistic title={t('entitlements.coveredInstalls')} value={n(e.coveredInstalls)} />
          </Flex>
          {e.consumed === null && <Typography.Text type="secondary">{t('entitlements.notComputedYet')}</Typography.Text>}
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'org', label: t('entitlements.org'), children: <Link to={orgCompliancePath(e.orgId)}>{e.orgName}</Link> },
              { key: 'validity', label: t('entitlements.validity'), children: <ValidityTag validity={e.validity} /> },
              {
                key: 'products',
                label: t('entitlements.productKeys'),
                span: 2,
                children: (
                  <Flex wrap gap={4}>
                    {e.productKeys.map((k) => (
                      <Link key={k} to={orgCompliancePath(e.orgId, 'installs', { productKey: k })}>
                        <Tag style={{ fontFamily: 'monospace' }}>{k}</Tag>
                      </Link>
                    ))}
                  </Flex>
                ),
              },
              { key: 'editions', label: t('entitlements.editions'), children: e.editions?.join('、') ?? t('entitlements.anyEdition') },
              { key: 'versions', label: t('entitlements.versions'), children: versions || upTo ? `${versions || '—'} ~ ${upTo || '—'}` : t('entitlements.anyVersion') },
              { key: 'downgrade', label: t('entitlements.downgradeRights'), children: e.downgradeRights ? t('common.yes') : t('common.no') },
              { key: 'upgrade', label: t('entitlements.upgradeRightsUntil'), children: formatDate(e.upgradeRightsUntil) },
              { key: 'metric', label: t('entitlements.metric'), children: metricLabel(lang, e.metric) },
              {
                key: 'quantity',
                label: t('entitlements.quantity'),
                children: metricHasQuantity(e.metric) ? (e.transferredOut ? t('entitlements.quantityTransferred', { q: n(e.quantity), out: n(e.transferredOut) }) : n(e.quantity)) : '—',
              },
              ...(e.metric === 'oem' ? [{ key: 'oem', label: t('entitlements.oemSerial'), children: <Typography.Text code>{e.oemSerial}</Typography.Text> }] : []),
              ...(e.agreementNo ? [{ key: 'agreement', label: t('entitlements.agreementNo'), children: e.agreementNo }] : []),
              { key: 'period', label: t('entitlements.period'), children: `${formatDate(e.start)} ~ ${formatDate(e.end)}` },
              { key: 'scope', label: t('entitlements.scope'), children: `${scopeLabel(lang, e.scope.kind)}${e.scope.regionCode ? `（${e.scope.regionCode}）` : ''}` },
              { key: 'order', label: t('entitlements.orderNo'), children: e.orderNo ?? '—' },
              { key: 'vendor', label: t('entitlements.vendor'), children: e.vendor ?? '—' },
              { key: 'price', label: t('entitlements.unitPrice'), children: formatMoney(e.unitPrice, e.currency, lang) },
              { key: 'purchased', label: t('entitlements.purchasedAt'), children: formatDate(e.purchasedAt) },
              ...(e.transferredFromId ? [{ key: 'from', label: t('entitlements.transferredFrom'), children: t('entitlements.transferredFromHint') }] : []),
              { key: 'notes', label: t('entitlements.notes'), span: 2, children: e.notes ?? '—' },
              { key: 'updated', label: t('orgs.updatedAt'), span: 2, children: formatDateTime(e.updatedAt) },
            ]}
            data-testid="entitlement-descriptions"
          />

          <Divider titlePlacement="start" plain>
            {t('entitlements.documents', { n: e.documentList.length })}
          </Divider>
          {writable && (
            <Upload
              accept=".pdf,image/*"
              showUploadList={false}
              beforeUpload={(file) => {
                upload(file);
                // Sent by our client (CSRF header, language), not by antd's uploader.
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={uploading} data-testid="document-upload">
                {t('entitlements.uploadDocument')}
              </Button>
            </Upload>
          )}
          <Table<ProofDocument>
            size="small"
            rowKey="id"
            dataSource={e.documentList}
            pagination={false}
            locale={{ emptyText: t('entitlements.noDocuments') }}
            columns={[
              {
                key: 'name',
                title: t('entitlements.documentName'),
                render: (_: unknown, d) => (
                  <Typography.Link onClick={() => licensingApi.downloadDocument(e.orgId, e.id, d).catch((err: unknown) => message.error(errorText(err, t)))}>
                    <DownloadOutlined /> {d.filename}
                  </Typography.Link>
                ),
              },
              { key: 'size', title: t('software.size'), dataIndex: 'size', align: 'right', render: (v: number) => formatBytes(v, lang) },
              { key: 'sha', title: 'SHA-256', dataIndex: 'sha256', render: (v: string) => <Typography.Text code copyable={{ text: v }}>{v.slice(0, 12)}…</Typography.Text> },
              { key: 'at', title: t('entitlements.uploadedAt'), dataIndex: 'uploadedAt', render: (v: string) => formatDateTime(v) },
            ]}
            data-testid="document-table"
          />

          <Divider titlePlacement="start" plain>
            {t('entitlements.transfers')}
          </Divider>
          <Table<TransferView>
            size="small"
            rowKey="id"
            dataSource={e.transfers}
            pagination={false}
            locale={{ emptyText: t('entitlements.noTransfers') }}
            columns={[
              { key: 'at', title: t('history.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
              { key: 'to', title: t('entitlements.transferTo'), render: (_: unknown, tr) => <Link to={orgCompliancePath(tr.toOrgId)}>{tr.toOrgName}</Link> },
              { key: 'quantity', title: t('entitlements.quantity'), dataIndex: 'quantity', align: 'right', render: (v: number) => n(v) },
              { key: 'reason', title: t('entitlements.transferReason'), dataIndex: 'reason' },
            ]}
            data-testid="transfer-table"
          />
          {writable && e.metric !== 'oem' && metricHasQuantity(e.metric) && e.effectiveQuantity > 0 && (
            <TransferForm entitlement={e} onDone={changed} />
          )}
        </Flex>
      )}
    </Drawer>
  );
}
