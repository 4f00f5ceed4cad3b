import { CopyOutlined, DeleteOutlined, DownloadOutlined, DownOutlined, EditOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Flex, Input, Popconfirm, Space, Switch, Table, Tabs, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import type { RuleOrigin, RuleView } from '../contracts.ts';
import { formatDate, formatMinute, formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { recognitionApi } from '../modules/recognition/api/recognitionApi.ts';
import { RerunButton } from '../modules/recognition/components/RerunButton.tsx';
import { ruleColumns } from '../modules/recognition/components/ruleColumns.tsx';
import { RuleEditorDrawer } from '../modules/recognition/components/RuleEditorDrawer.tsx';
import type { RuleEditorTarget } from '../modules/recognition/components/RuleEditorDrawer.tsx';
import { RuleImportModal } from '../modules/recognition/components/RuleImportModal.tsx';
import { mayChangeRule } from '../modules/recognition/ruleAccess.ts';
import { emptyValues, valuesFromRule } from '../modules/recognition/ruleDraft.ts';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';

interface RuleTableProps {
  origin: RuleOrigin;
  /** Bumped after a write, so the table loads again. */
  version: number;
  /** Extra columns (actions, state) for this origin. */
  extraColumns: TableColumnsType<RuleView>;
}

/** One searchable, paged table of rules (local or shipped). */
function RuleTable({ origin, version, extraColumns }: RuleTableProps) {
  const { t, lang } = useLang();
  const [q, setQ] = useState<string | undefined>(undefined);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useRemote(() => recognitionApi.rules({ origin, q, ...paging }), [origin, q, paging.page, paging.pageSize, version]);
  const columns = [...ruleColumns(t, lang), ...extraColumns];
  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder={t('rules.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          onSearch={(value) => {
            setQ(value.trim() || undefined);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          style={{ width: 360 }}
          aria-label={t('rules.searchPlaceholder')}
          data-testid={`${origin}-rules-search`}
        />
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
        </Tooltip>
      </Flex>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<RuleView>
        rowKey={(v) => `${v.origin}:${v.rule.id}`}
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: q ? t('rules.noMatch') : origin === 'local' ? t('rules.noLocal') : t('rules.noMatch') }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: ['10', '20', '50', '100'],
          showTotal: (total) => t('rules.total', { n: formatNumber(total, lang) }),
          onChange: (page, pageSize) => setPaging((p) => ({ page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
        data-testid={`${origin}-rules-table`}
      />
    </>
  );
}

const TABS = ['local', 'shipped'] as const;

/**
 * 识别规则: the local rules of this installation (kept apart from the
 * shipped library, editable, shareable as a file) and the shipped library
 * (read-only; a local rule with the same id replaces a shipped one).
 */
export function RulesPage() {
  const { t } = useLang();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const writable = can(user.role, 'recognition.write');
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((k) => k === params.get('tab')) ?? 'local';
  const [target, setTarget] = useState<RuleEditorTarget | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);

  const run = (work: () => Promise<unknown>) => {
    work().catch((e: unknown) => message.error(errorText(e, t)));
  };
  const setEnabled = (view: RuleView, enabled: boolean) =>
    run(async () => {
      await recognitionApi.updateRule(view.rule.id, { rule: view.rule, enabled });
      message.success(enabled ? t('rules.enabledOn', { id: view.rule.id }) : t('rules.enabledOff', { id: view.rule.id }));
      reload();
    });
  const remove = (view: RuleView) =>
    run(async () => {
      await recognitionApi.deleteRule(view.rule.id);
      message.success(t('common.deleted'));
      reload();
    });

  const localColumns: TableColumnsType<RuleView> = [
    {
      key: 'enabled',
      title: t('rules.enabled'),
      render: (_: unknown, v) => (
        <Switch size="small" checked={v.enabled} disabled={!mayChangeRule(user, v)} onChange={(on) => setEnabled(v, on)} aria-label={t('rules.enabled')} data-testid="rule-enabled" />
      ),
    },
    {
      key: 'updatedAt',
      title: t('rules.updated'),
      render: (_: unknown, v) => (
        <Flex vertical>
          <span title={formatMinute(v.updatedAt)}>{formatDate(v.updatedAt)}</span>
          {v.updatedBy && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {v.updatedBy}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
  ];
  if (writable) {
    localColumns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, v) =>
        mayChangeRule(user, v) ? (
          <Space size={0}>
            <Tooltip title={t('common.edit')}>
              <Button type="link" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setTarget({ kind: 'edit', view: v })} data-testid="rule-edit" />
            </Tooltip>
            <Popconfirm
              title={t('rules.confirmDelete', { id: v.rule.id })}
              description={v.replacesShipped ? t('rules.confirmDeleteShipped') : undefined}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(v)}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid="rule-delete" />
            </Popconfirm>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('rules.otherRegion')}</Typography.Text>
        ),
    });
  }

  const shippedColumns: TableColumnsType<RuleView> = [{ key: 'file', title: t('rules.file'), render: (_: unknown, v) => (v.file ? <Typography.Text type="secondary">{v.file}</Typography.Text> : '—') }];
  if (writable) {
    shippedColumns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, v) => (
        <Tooltip title={t('rules.copyShippedHelp')}>
          <Button type="link" size="small" icon={<CopyOutlined />} onClick={() => setTarget({ kind: 'create', values: valuesFromRule(v.rule, true), base: v.rule })}>
            {t('rules.copyShippedShort')}
          </Button>
        </Tooltip>
      ),
    });
  }

  return (
    <Card
      title={t('rules.title')}
      extra={
        <Space wrap>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'create', values: emptyValues() })} data-testid="rule-create">
              {t('rules.create')}
            </Button>
          )}
          {writable && (
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="rule-import">
              {t('rules.import')}
            </Button>
          )}
          <Dropdown
            menu={{
              items: [
                { key: 'yaml', label: t('rules.exportYaml') },
                { key: 'json', label: t('rules.exportJson') },
              ],
              onClick: ({ key }) => run(() => recognitionApi.exportRules(key === 'json' ? 'json' : 'yaml')),
            }}
          >
            <Button icon={<DownloadOutlined />} data-testid="rule-export">
              {t('rules.export')} <DownOutlined />
            </Button>
          </Dropdown>
          {writable && <RerunButton />}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('rules.help')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'local' ? {} : { tab: key })}
        destroyOnHidden
        items={[
          { key: 'local', label: t('rules.tabLocal'), children: <RuleTable origin="local" version={version} extraColumns={localColumns} /> },
          { key: 'shipped', label: t('rules.tabShipped'), children: <RuleTable origin="shipped" version={version} extraColumns={shippedColumns} /> },
        ]}
        data-testid="rule-tabs"
      />
      <RuleEditorDrawer
        target={target}
        onClose={() => setTarget(null)}
        onSaved={() => {
          setTarget(null);
          reload();
          if (tab !== 'local') setParams({});
        }}
      />
      <RuleImportModal open={importOpen} onClose={() => setImportOpen(false)} onImported={reload} />
    </Card>
  );
}
