import { CheckOutlined, CloudUploadOutlined, PlusOutlined, RollbackOutlined, SaveOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Checkbox, Collapse, Descriptions, Empty, Flex, Input, InputNumber, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ButtonProps, TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { FORM_FIGURE_LABELS, FORM_LEVEL_LABELS } from '../../../contracts.ts';
import type { CompletionEntry, FigureEntry, FormContent, FormDetail, FormDraftBody, FormFigure, FormVersionView, Lang } from '../../../contracts.ts';
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { ApiError } from '../../../api/ApiError.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { statusFormApi } from '../api/statusFormApi.ts';
import { formatYuan, levelLabel } from '../campaignLabels.tsx';
import { FormStatusTag } from '../components/FormStatusTag.tsx';

const show = (key: FormFigure, v: number, lang: Lang) => (key === 'spent' ? formatYuan(v, lang) : formatNumber(v, lang));

/** What the office has on screen: the content being edited. */
function bodyOf(c: FormContent): FormDraftBody {
  return {
    figures: c.figures.map((f) => ({ key: f.key, value: f.value, note: f.note })),
    completions: c.completions.map((e) => ({ subject: e.subject, removed: e.removed, note: e.note })),
    remarks: c.remarks,
  };
}

/** The figures: prefilled beside reported, edits marked. */
function FiguresEditor({ content, editing, onChange }: { content: FormContent; editing: boolean; onChange?: (c: FormContent) => void }) {
  const { t, lang } = useLang();
  const set = (key: FormFigure, patch: Partial<FigureEntry>) => onChange?.({ ...content, figures: content.figures.map((f) => (f.key === key ? { ...f, ...patch } : f)) });
  const columns: TableColumnsType<FigureEntry> = [
    { key: 'label', title: t('statusForms.figure'), render: (_: unknown, f) => FORM_FIGURE_LABELS[f.key][lang] },
    { key: 'prefilled', title: t('statusForms.prefilled'), align: 'right', render: (_: unknown, f) => show(f.key, f.prefilled, lang) },
    {
      key: 'value',
      title: t('statusForms.reported'),
      align: 'right',
      render: (_: unknown, f) =>
        editing ? (
          <InputNumber min={0} precision={f.key === 'spent' ? 2 : 0} value={f.value} onChange={(v) => set(f.key, { value: Number(v ?? 0) })} style={{ width: 160 }} data-testid={`figure-${f.key}`} />
        ) : (
          <Space>
            {show(f.key, f.value, lang)}
            {f.value !== f.prefilled && <Tag color="orange">{t('statusForms.edited')}</Tag>}
          </Space>
        ),
    },
    {
      key: 'note',
      title: t('statusForms.figureNote'),
      render: (_: unknown, f) => (editing ? <Input value={f.note ?? ''} maxLength={500} onChange={(e) => set(f.key, { note: e.target.value || null })} placeholder={f.value !== f.prefilled ? t('statusForms.editNoteHint') : ''} /> : (f.note ?? '')),
    },
  ];
  return <Table rowKey="key" size="small" pagination={false} dataSource={content.figures} columns={columns} rowClassName={(f) => (f.value !== f.prefilled ? 'zb-row-edited' : '')} data-testid="figures-table" />;
}

const kindLabel = (t: ReturnType<typeof useLang>['t'], e: Pick<CompletionEntry, 'kind' | 'level'>) => (e.kind === 'agency' ? t('statusForms.kindAgency') : e.level === 'prefecture' ? t('statusForms.kindPrefectureGov') : t('statusForms.kindCountyGov'));

/** The completion list (新完成检查整改的名单): prefilled entries, taken out or kept, and entries added by hand, each with a note. */
function CompletionsEditor({ content, editing, candidates, onChange }: { content: FormContent; editing: boolean; candidates: CompletionEntry[]; onChange?: (c: FormContent) => void }) {
  const { t } = useLang();
  const [adding, setAdding] = useState<string | undefined>(undefined);
  const [addNote, setAddNote] = useState('');
  const set = (subject: string, patch: Partial<CompletionEntry>) => onChange?.({ ...content, completions: content.completions.map((e) => (e.subject === subject ? { ...e, ...patch } : e)) });
  const available = candidates.filter((c) => !content.completions.some((e) => e.subject === c.subject));
  const add = () => {
    const c = available.find((x) => x.subject === adding);
    if (!c) return;
    onChange?.({ ...content, completions: [...content.completions, { ...c, source: 'added', removed: false, note: addNote.trim() || null }] });
    setAdding(undefined);
    setAddNote('');
  };
  const columns: TableColumnsType<CompletionEntry> = [
    { key: 'name', title: t('statusForms.entryName'), render: (_: unknown, e) => (e.removed ? <Typography.Text delete>{e.name}</Typography.Text> : e.name) },
    { key: 'kind', title: t('statusForms.entryKind'), render: (_: unknown, e) => kindLabel(t, e) },
    { key: 'source', title: t('statusForms.entrySource'), render: (_: unknown, e) => (e.source === 'added' ? <Tag color="blue">{t('statusForms.added')}</Tag> : e.removed ? <Tag color="red">{t('statusForms.removed')}</Tag> : <Tag>{t('statusForms.prefilledTag')}</Tag>) },
    {
      key: 'note',
      title: t('statusForms.figureNote'),
      render: (_: unknown, e) => (editing ? <Input value={e.note ?? ''} maxLength={500} onChange={(ev) => set(e.subject, { note: ev.target.value || null })} placeholder={e.removed || e.source === 'added' ? t('statusForms.noteRequired') : ''} status={(e.removed || e.source === 'added') && !e.note ? 'warning' : undefined} /> : (e.note ?? '')),
    },
  ];
  if (editing)
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 110,
      render: (_: unknown, e) =>
        e.source === 'added' ? (
          <Button size="small" type="link" danger onClick={() => onChange?.({ ...content, completions: content.completions.filter((x) => x.subject !== e.subject) })}>
            {t('statusForms.takeOut')}
          </Button>
        ) : (
          <Checkbox checked={e.removed} onChange={(ev) => set(e.subject, { removed: ev.target.checked })} data-testid="entry-remove">
            {t('statusForms.takeOut')}
          </Checkbox>
        ),
    });
  return (
    <Flex vertical gap={8}>
      <Table rowKey="subject" size="small" pagination={false} dataSource={content.completions} columns={columns} locale={{ emptyText: <Empty description={t('statusForms.noCompletions')} /> }} data-testid="completions-table" />
      {editing && (
        <Space wrap>
          <Select
            style={{ minWidth: 260 }}
            placeholder={t('statusForms.addHint')}
            value={adding}
            onChange={setAdding}
            options={available.map((c) => ({ value: c.subject, label: `${c.name}（${kindLabel(t, c)}）` }))}
            notFoundContent={t('statusForms.noCandidates')}
            data-testid="entry-add-select"
          />
          <Input style={{ width: 260 }} value={addNote} onChange={(e) => setAddNote(e.target.value)} placeholder={t('statusForms.noteRequired')} maxLength={500} />
          <Button icon={<PlusOutlined />} disabled={!adding || !addNote.trim()} onClick={add} data-testid="entry-add">
            {t('statusForms.addEntry')}
          </Button>
        </Space>
      )}
    </Flex>
  );
}

/** The submitted versions, newest first, with the review of each and whether it still matches its checksum. */
function History({ history }: { history: FormVersionView[] }) {
  const { t } = useLang();
  if (!history.length) return <Typography.Text type="secondary">{t('statusForms.noHistory')}</Typography.Text>;
  return (
    <Collapse
      data-testid="form-history"
      items={history.map((v) => ({
        key: String(v.version),
        label: (
          <Space wrap>
            <Typography.Text strong>{t('statusForms.versionN', { n: v.version })}</Typography.Text>
            <span>
              {formatDateTime(v.submittedAt)} · {v.submittedBy ?? '—'}
            </span>
            {v.late && <Tag color="orange">{t('statusForms.late')}</Tag>}
            {v.review?.decision === 'accepted' && <Tag color="success">{t('statusForms.acceptedTag')}</Tag>}
            {v.review?.decision === 'returned' && <Tag color="warning">{t('statusForms.returnedTag')}</Tag>}
            <Tooltip title={v.checksum}>
              <Tag color={v.checksumOk ? 'default' : 'red'}>{v.checksumOk ? `SHA-256 ${v.checksum.slice(0, 12)}…` : t('statusForms.checksumBad')}</Tag>
            </Tooltip>
          </Space>
        ),
        children: (
          <Flex vertical gap={12}>
            {v.review && (
              <Alert
                type={v.review.decision === 'accepted' ? 'success' : 'warning'}
                showIcon
                title={`${v.review.decision === 'accepted' ? t('statusForms.acceptedBy') : t('statusForms.returnedBy')} ${v.review.by ?? '—'} · ${formatDateTime(v.review.at)}`}
                description={v.review.comments ?? undefined}
              />
            )}
            <FiguresEditor content={v.content} editing={false} />
            <CompletionsEditor content={v.content} editing={false} candidates={[]} />
            {v.content.remarks && <Typography.Paragraph>{v.content.remarks}</Typography.Paragraph>}
          </Flex>
        ),
      }))}
    />
  );
}

/**
 * One region office's status form (落实情况表). Its own office fills it —
 * figures prefilled from live data with edits beside them, the completion
 * list, remarks — saves and submits; the office of the level above returns
 * it with comments or accepts it. An accepted form is read-only, with the
 * checksum of the frozen version; every submission stays in the history.
 */
export function StatusFormPage() {
  const { roundId = '', regionCode = '' } = useParams();
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const remote = useRemote(() => statusFormApi.form(roundId, regionCode), [roundId, regionCode]);
  const [form, setForm] = useState<FormDetail | null>(null);
  const [content, setContent] = useState<FormContent | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [review, setReview] = useState<'return' | 'accept' | null>(null);
  const [comments, setComments] = useState('');

  useEffect(() => {
    if (remote.data) {
      setForm(remote.data);
      setContent(remote.data.content);
    }
  }, [remote.data]);

  const run = async (what: string, call: () => Promise<FormDetail>, done: string) => {
    setBusy(what);
    setError(null);
    try {
      const d = await call();
      setForm(d);
      setContent(d.content);
      message.success(done);
      return true;
    } catch (e) {
      // Field problems (a note missing on the list, say) are named after the general message.
      const fields = e instanceof ApiError ? e.fields.map((f) => f.message) : [];
      setError([errorText(e, t), ...fields].join(' '));
      return false;
    } finally {
      setBusy(null);
    }
  };

  if (remote.error && !form) return <Alert type="error" showIcon title={errorText(remote.error, t)} />;
  if (!form) return <Card loading />;
  const editing = form.canEdit && content !== null;
  const title = t('statusForms.formTitle', { region: form.regionName ?? form.regionCode, label: form.round.periodLabel });

  return (
    <Flex vertical gap={16}>
      <Breadcrumb items={[{ key: 'list', title: <Link to={`/campaign/status-forms?round=${roundId}`}>{t('menu.statusForms')}</Link> }, { key: 'form', title: form.regionName ?? form.regionCode }]} />
      <Card
        title={
          <Space wrap>
            {title}
            <FormStatusTag form={form} />
          </Space>
        }
        extra={
          <Space wrap>
            {form.canEdit && (
              <>
                <Button icon={<SyncOutlined />} loading={busy === 'prefill'} onClick={() => run('prefill', () => statusFormApi.prefill(roundId, regionCode), t('statusForms.prefilledAgain'))} data-testid="sf-prefill">
                  {t('statusForms.prefillAgain')}
                </Button>
                <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={!content} onClick={() => content && run('save', () => statusFormApi.save(roundId, regionCode, bodyOf(content)), t('common.saved'))} data-testid="sf-save">
                  {t('statusForms.save')}
                </Button>
                <Button
                  type="primary"
                  icon={<CloudUploadOutlined />}
                  loading={busy === 'submit'}
                  disabled={!content}
                  onClick={() =>
                    Modal.confirm({
                      title: t('statusForms.submitConfirm'),
                      content: t('statusForms.submitConfirmText', { reviewer: form.reviewerName ?? form.reviewerCode }),
                      okText: t('statusForms.submit'),
                      cancelText: t('common.cancel'),
                      okButtonProps: { 'data-testid': 'sf-submit-confirm' } as ButtonProps,
                      onOk: () => content && run('submit', () => statusFormApi.submit(roundId, regionCode, bodyOf(content)), t('statusForms.submitted')),
                    })
                  }
                  data-testid="sf-submit"
                >
                  {t('statusForms.submit')}
                </Button>
              </>
            )}
            {form.canReview && (
              <>
                <Button danger icon={<RollbackOutlined />} onClick={() => { setComments(''); setReview('return'); }} data-testid="sf-return">
                  {t('statusForms.return')}
                </Button>
                <Button type="primary" icon={<CheckOutlined />} onClick={() => { setComments(''); setReview('accept'); }} data-testid="sf-accept">
                  {t('statusForms.accept')}
                </Button>
              </>
            )}
          </Space>
        }
        data-testid="status-form"
      >
        <Flex vertical gap={16}>
          {error && <Alert type="error" showIcon closable title={error} onClose={() => setError(null)} data-testid="sf-error" />}
          {form.status === 'returned' && form.comments && <Alert type="warning" showIcon title={t('statusForms.returnedWith')} description={form.comments} data-testid="sf-comments-shown" />}
          {form.status === 'accepted' && (
            <Alert type="success" showIcon title={t('statusForms.acceptedInfo', { n: form.acceptedVersion ?? 0 })} description={<Typography.Text code copyable>{form.acceptedChecksum}</Typography.Text>} data-testid="sf-accepted" />
          )}
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'office', label: t('statusForms.office'), children: `${form.regionName ?? ''}（${form.regionCode}）` },
              { key: 'level', label: t('statusForms.level'), children: FORM_LEVEL_LABELS[form.level][lang] },
              { key: 'reviewer', label: t('statusForms.reviewer'), children: form.reviewerName ?? form.reviewerCode },
              { key: 'period', label: t('statusForms.period'), children: `${form.round.periodStart} ~ ${form.round.periodEnd}` },
              { key: 'due', label: t('statusForms.dueDay'), children: <Typography.Text type={form.round.overdue ? 'danger' : undefined}>{form.round.dueDay}</Typography.Text> },
              { key: 'version', label: t('statusForms.version'), children: form.version ? `v${form.version}` : '—' },
              { key: 'prefilledAt', label: t('statusForms.prefilledAt'), children: content ? formatDateTime(content.prefilledAt) : '—' },
              { key: 'first', label: t('statusForms.firstSubmitted'), children: form.firstSubmittedAt ? formatDateTime(form.firstSubmittedAt) : '—' },
              { key: 'levels', label: t('statusForms.scopeLevels'), children: form.round.levels.map((l) => levelLabel(lang, l)).join('、') },
            ]}
          />
          {content ? (
            <>
              {editing && !form.started && <Alert type="info" showIcon title={t('statusForms.previewHint')} />}
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('statusForms.figures')}
              </Typography.Title>
              <FiguresEditor content={content} editing={editing} onChange={setContent} />
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('statusForms.completions')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('statusForms.completionsHelp')}</Typography.Text>
              <CompletionsEditor content={content} editing={editing} candidates={form.candidates} onChange={setContent} />
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('statusForms.remarks')}
              </Typography.Title>
              {editing ? (
                <Input.TextArea rows={4} maxLength={2000} value={content.remarks ?? ''} onChange={(e) => setContent({ ...content, remarks: e.target.value || null })} data-testid="sf-remarks" />
              ) : (
                <Typography.Paragraph>{content.remarks ?? '—'}</Typography.Paragraph>
              )}
            </>
          ) : (
            <Empty description={t('statusForms.notFilled')} />
          )}
        </Flex>
      </Card>
      <Card title={t('statusForms.history')}>
        <History history={form.history} />
      </Card>
      <Modal
        open={review !== null}
        title={review === 'return' ? t('statusForms.returnTitle') : t('statusForms.acceptTitle')}
        okText={review === 'return' ? t('statusForms.confirmReturn') : t('statusForms.confirmAccept')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: review === 'return', disabled: review === 'return' && !comments.trim(), loading: busy === 'review', 'data-testid': review === 'return' ? 'sf-return-confirm' : 'sf-accept-confirm' } as ButtonProps}
        onCancel={() => setReview(null)}
        onOk={async () => {
          const ok = await run('review', () => (review === 'return' ? statusFormApi.returnForm(roundId, regionCode, comments.trim()) : statusFormApi.accept(roundId, regionCode, comments.trim() || null)), review === 'return' ? t('statusForms.returnedDone') : t('statusForms.acceptedDone'));
          if (ok) setReview(null);
        }}
      >
        <Input.TextArea rows={4} maxLength={2000} value={comments} onChange={(e) => setComments(e.target.value)} placeholder={review === 'return' ? t('statusForms.commentsRequired') : t('statusForms.commentsOptional')} data-testid="sf-comments" />
      </Modal>
    </Flex>
  );
}
