import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, FileExcelOutlined, FilePdfOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Modal, Popconfirm, Space, Spin, Switch, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { can } from '../../../auth/permissions.ts';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import type { BulletinSection, BulletinUpdateBody, BulletinView } from '../../../contracts.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { bulletinApi } from '../api/bulletinApi.ts';
import { KindTag, StatusTag, writableScope } from '../bulletinLabels.tsx';
import { BulletinTablesPreview } from '../components/BulletinTablesPreview.tsx';

interface Values {
  title: string;
  docNumber?: string;
  issuingOrgan: string;
  recipients: string;
  cc?: string;
  includeTables: boolean;
  sections: BulletinSection[];
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const ordinal = (i: number) => (i < 10 ? NUMERALS[i] : String(i + 1));

const toBody = (v: Values): BulletinUpdateBody => ({
  title: v.title.trim(),
  docNumber: v.docNumber?.trim() || null,
  issuingOrgan: v.issuingOrgan.trim(),
  recipients: v.recipients.trim(),
  cc: v.cc?.trim() || null,
  includeTables: v.includeTables,
  sections: v.sections.map((s) => ({ heading: (s.heading ?? '').trim(), text: (s.text ?? '').trim() })),
});

/** The text of a published bulletin, read-only, as it was frozen. */
function PublishedText({ b }: { b: BulletinView }) {
  const { t } = useLang();
  return (
    <Card title={b.title} data-testid="bulletin-published-text">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'doc', label: t('bulletins.docNumber'), children: b.docNumber },
          { key: 'organ', label: t('bulletins.issuingOrgan'), children: b.issuingOrgan },
          { key: 'date', label: t('bulletins.publishDate'), children: `${b.publishDate} · ${b.publishedBy ?? ''}` },
          { key: 'recipients', label: t('bulletins.recipients'), children: b.recipients },
          { key: 'cc', label: t('bulletins.cc'), children: b.cc ?? '—' },
          { key: 'checksum', label: t('bulletins.checksum'), children: <Typography.Text code>{b.checksum?.slice(0, 16)}…</Typography.Text> },
        ]}
      />
      {b.sections.map((s, i) => (
        <div key={i}>
          {s.heading && <Typography.Title level={5}>{`${ordinal(i)}、${s.heading}`}</Typography.Title>}
          {s.text.split(/\n+/).filter(Boolean).map((p, j) => (
            <Typography.Paragraph key={j} style={{ textIndent: '2em' }}>
              {p}
            </Typography.Paragraph>
          ))}
        </div>
      ))}
    </Card>
  );
}

/**
 * One bulletin: a draft is edited here — title, 文号, recipients, sections
 * (add, remove, reorder), cc — with a preview of its figure tables, then
 * numbered and published after a confirmation; a published bulletin is shown
 * as frozen. PDF and XLSX download either.
 */
export function BulletinEditorPage() {
  const { bulletinId = '' } = useParams();
  const { t } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const remote = useRemote(() => bulletinApi.get(bulletinId), [bulletinId]);
  const b = remote.data;
  const [form] = Form.useForm<Values>();
  const [publishForm] = Form.useForm<{ docNumber: string; publishDate: Dayjs }>();
  const [saving, setSaving] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scope = writableScope(user.role, user.regionCode);
  const editable = !!b && b.status === 'draft' && can(user.role, 'bulletins.write') && (scope === '000000' || scope === b.regionCode);

  useEffect(() => {
    if (!b) return;
    form.setFieldsValue({ title: b.title, docNumber: b.docNumber ?? '', issuingOrgan: b.issuingOrgan, recipients: b.recipients, cc: b.cc ?? '', includeTables: b.includeTables, sections: b.sections });
  }, [b]);

  const fail = (e: unknown, f: FormInstance = form) => {
    const unmatched = applyFieldErrors(f, e);
    if (unmatched.length) setError(unmatched.map((x) => `${x.path}: ${x.message}`).join('；'));
    else if (!f.getFieldsError().some((x) => x.errors.length)) setError(errorText(e, t));
  };

  const save = async (): Promise<boolean> => {
    setError(null);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return false;
    }
    setSaving(true);
    try {
      await bulletinApi.update(bulletinId, toBody(values));
      remote.reload();
      return true;
    } catch (e) {
      fail(e);
      return false;
    } finally {
      setSaving(false);
    }
  };

  const publish = async (v: { docNumber: string; publishDate: Dayjs }) => {
    setPublishing(true);
    setError(null);
    try {
      // The text on screen is what gets published: save it first.
      await bulletinApi.update(bulletinId, { ...toBody(form.getFieldsValue(true) as Values), docNumber: v.docNumber.trim() });
      await bulletinApi.publish(bulletinId, { docNumber: v.docNumber.trim(), publishDate: v.publishDate.format('YYYY-MM-DD') });
      message.success(t('bulletins.publishedOk'));
      setPublishOpen(false);
      remote.reload();
    } catch (e) {
      fail(e, publishForm);
    } finally {
      setPublishing(false);
    }
  };

  const download = (f: () => Promise<void>) => f().catch((e: unknown) => message.error(errorText(e, t)));

  if (remote.loading && !b) return <Spin />;
  if (remote.error || !b) return <Alert type="error" showIcon title={remote.error ? errorText(remote.error, t) : t('error.notFound')} />;

  return (
    <Flex vertical gap={16}>
      <Breadcrumb items={[{ key: 'list', title: <Link to="/campaign/bulletins">{t('menu.bulletins')}</Link> }, { key: 'this', title: b.title }]} />
      <Card
        title={
          <Space wrap>
            <KindTag kind={b.kind} />
            <StatusTag status={b.status} />
            <span>{b.regionName}</span>
            {b.month && <span>{b.month}</span>}
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<FilePdfOutlined />} onClick={() => download(() => bulletinApi.downloadPdf(b))} data-testid="bulletin-pdf">
              PDF
            </Button>
            <Button icon={<FileExcelOutlined />} onClick={() => download(() => bulletinApi.downloadXlsx(b))} data-testid="bulletin-xlsx">
              XLSX
            </Button>
            {editable && (
              <>
                <Popconfirm title={t('bulletins.deleteConfirm')} onConfirm={() => bulletinApi.remove(b.id).then(() => navigate('/campaign/bulletins'), (e: unknown) => message.error(errorText(e, t)))}>
                  <Button danger icon={<DeleteOutlined />}>{t('bulletins.deleteDraft')}</Button>
                </Popconfirm>
                <Button loading={saving} onClick={() => save().then((ok) => ok && message.success(t('common.saved')))} data-testid="bulletin-save">
                  {t('common.save')}
                </Button>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  onClick={() => {
                    publishForm.setFieldsValue({ docNumber: form.getFieldValue('docNumber') ?? '', publishDate: dayjs() });
                    setPublishOpen(true);
                  }}
                  data-testid="bulletin-publish"
                >
                  {t('bulletins.publish')}
                </Button>
              </>
            )}
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'snapshot', label: t('bulletins.snapshotDay'), children: b.snapshotDay ?? t('bulletins.noSnapshot') },
            { key: 'created', label: t('bulletins.createdAt'), children: `${formatDateTime(b.createdAt)} · ${b.createdBy ?? '—'}` },
            { key: 'updated', label: t('bulletins.updatedAt'), children: formatDateTime(b.updatedAt) },
          ]}
        />
        {b.status === 'published' && b.checksumOk === false && <Alert type="error" showIcon title={t('bulletins.altered')} style={{ marginTop: 12 }} />}
        {b.status === 'draft' && !editable && <Alert type="info" showIcon title={t('bulletins.readOnlyDraft')} style={{ marginTop: 12 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="bulletin-error" />}
      </Card>

      {b.status === 'published' ? (
        <PublishedText b={b} />
      ) : (
        <Card title={t('bulletins.text')}>
          <Form form={form} layout="vertical" disabled={!editable} data-testid="bulletin-form">
            <Form.Item name="title" label={t('bulletins.title')} rules={[{ required: true, message: t('bulletins.titleRequired') }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Space wrap align="start" style={{ width: '100%' }}>
              <Form.Item name="docNumber" label={t('bulletins.docNumber')} extra={t('bulletins.docNumberHelp')} style={{ minWidth: 260 }}>
                <Input maxLength={60} placeholder="国软正办〔2026〕12号" />
              </Form.Item>
              <Form.Item name="issuingOrgan" label={t('bulletins.issuingOrgan')} rules={[{ required: true, message: t('bulletins.organRequired') }]} style={{ minWidth: 420 }}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="includeTables" label={t('bulletins.includeTables')} valuePropName="checked">
                <Switch disabled={!editable || b.kind === 'monthly' || !b.tables} />
              </Form.Item>
            </Space>
            <Form.Item name="recipients" label={t('bulletins.recipients')}>
              <Input maxLength={500} />
            </Form.Item>
            <Form.List name="sections">
              {(fields, { add, remove, move }) => (
                <Flex vertical gap={12}>
                  {fields.map((field, i) => (
                    <Card
                      key={field.key}
                      size="small"
                      title={`${ordinal(i)}、`}
                      data-testid="bulletin-section"
                      extra={
                        <Space size={4}>
                          <Button size="small" icon={<ArrowUpOutlined />} aria-label={t('bulletins.moveUp')} disabled={i === 0} onClick={() => move(i, i - 1)} />
                          <Button size="small" icon={<ArrowDownOutlined />} aria-label={t('bulletins.moveDown')} disabled={i === fields.length - 1} onClick={() => move(i, i + 1)} />
                          <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} disabled={fields.length === 1} onClick={() => remove(i)} />
                        </Space>
                      }
                    >
                      <Form.Item name={[field.name, 'heading']} label={t('bulletins.sectionHeading')}>
                        <Input maxLength={100} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'text']} label={t('bulletins.sectionText')} extra={t('bulletins.sectionTextHelp')}>
                        <Input.TextArea autoSize={{ minRows: 3, maxRows: 16 }} maxLength={8000} />
                      </Form.Item>
                    </Card>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= 30} onClick={() => add({ heading: '', text: '' })} data-testid="bulletin-add-section">
                    {t('bulletins.addSection')}
                  </Button>
                </Flex>
              )}
            </Form.List>
            <Form.Item name="cc" label={t('bulletins.cc')} style={{ marginTop: 16 }}>
              <Input maxLength={500} />
            </Form.Item>
          </Form>
        </Card>
      )}

      {b.tables ? <BulletinTablesPreview tables={b.tables} /> : <Alert type="info" showIcon title={t('bulletins.noSnapshot')} />}

      <Modal open={publishOpen} title={t('bulletins.publishTitle')} onCancel={() => setPublishOpen(false)} onOk={() => publishForm.submit()} confirmLoading={publishing} okText={t('bulletins.publish')} destroyOnHidden okButtonProps={{ 'data-testid': 'bulletin-publish-confirm' } as Record<`data-${string}`, string>}>
        <Alert type="warning" showIcon title={t('bulletins.publishWarning')} style={{ marginBottom: 12 }} />
        <Form form={publishForm} layout="vertical" onFinish={publish}>
          <Form.Item name="docNumber" label={t('bulletins.docNumber')} rules={[{ required: true, message: t('bulletins.docNumberRequired') }]} extra={t('bulletins.docNumberHelp')}>
            <Input maxLength={60} placeholder="国软正办〔2026〕12号" data-testid="bulletin-doc-number" />
          </Form.Item>
          <Form.Item name="publishDate" label={t('bulletins.publishDate')} rules={[{ required: true }]}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
