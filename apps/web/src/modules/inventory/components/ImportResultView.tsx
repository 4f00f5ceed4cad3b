import { Alert, Button, Col, Row, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { InventoryImportResult } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';

type ImportError = InventoryImportResult['errors'][number];

export interface ImportResultViewProps {
  result: InventoryImportResult;
  /** The import was refused as a whole (IMPORT_REJECTED): nothing was written. */
  rejected?: boolean;
  orgId: string;
}

/** The outcome of an inventory import: figures, then one row per problem (file, row, field). */
export function ImportResultView({ result, rejected, orgId }: ImportResultViewProps) {
  const { t, lang } = useLang();
  const n = (value: number) => formatNumber(value, lang);
  const problems = result.errors.length;
  const type = rejected ? 'error' : problems ? 'warning' : result.dryRun ? 'info' : 'success';
  const title = rejected
    ? t('inventoryImport.rejected')
    : result.dryRun
      ? problems
        ? t('inventoryImport.dryRunWithErrors', { n: n(problems) })
        : t('inventoryImport.dryRunDone')
      : problems
        ? t('inventoryImport.doneWithErrors', { n: n(problems) })
        : t('inventoryImport.done');
  const wrote = !rejected && !result.dryRun && result.devicesCreated + result.devicesUpdated > 0;

  return (
    <div data-testid="inventory-import-result">
      <Alert
        type={type}
        showIcon
        title={title}
        style={{ marginBottom: 16 }}
        action={
          wrote && (
            <Link to={`/devices?orgId=${encodeURIComponent(orgId)}`}>
              <Button size="small">{t('inventoryImport.viewDevices')}</Button>
            </Link>
          )
        }
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={4}><Statistic title={t('inventoryImport.files')} value={n(result.files)} /></Col>
        <Col xs={12} md={4}><Statistic title={t('inventoryImport.inventories')} value={n(result.inventories)} /></Col>
        <Col xs={12} md={4}><Statistic title={t('inventoryImport.softwareRows')} value={n(result.softwareRows)} /></Col>
        {/* A dry run stops before matching devices: it cannot tell new computers from known ones. */}
        {!result.dryRun && !rejected && (
          <>
            <Col xs={12} md={4}><Statistic title={t('inventoryImport.devicesCreated')} value={n(result.devicesCreated)} /></Col>
            <Col xs={12} md={4}><Statistic title={t('inventoryImport.devicesUpdated')} value={n(result.devicesUpdated)} /></Col>
          </>
        )}
        <Col xs={12} md={4}>
          <Statistic title={t('inventoryImport.errors')} value={n(problems)} styles={{ content: problems ? { color: '#cf1322' } : undefined }} />
        </Col>
      </Row>
      {problems > 0 && (
        <Table<ImportError>
          size="small"
          rowKey={(e) => `${e.file}:${e.row ?? ''}:${e.field ?? ''}:${e.code}:${e.message}`}
          dataSource={result.errors}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          // The message is what a person reads: it wraps; the file name may be cut (full name on hover).
          columns={[
            { key: 'file', title: t('inventoryImport.file'), dataIndex: 'file', width: 200, ellipsis: { showTitle: true } },
            { key: 'row', title: t('import.row'), dataIndex: 'row', width: 70, render: (v: number | null) => (v === null ? '—' : n(v)) },
            { key: 'field', title: t('import.field'), dataIndex: 'field', width: 110, render: (v: string | null) => v ?? '—' },
            { key: 'code', title: t('import.code'), dataIndex: 'code', width: 150, render: (v: string) => <Typography.Text code style={{ fontSize: 12 }}>{v}</Typography.Text> },
            { key: 'message', title: t('import.message'), dataIndex: 'message' },
          ]}
          data-testid="inventory-import-errors"
        />
      )}
    </div>
  );
}
