import { EyeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { licenceNeeded } from '../../../contracts.ts';
import type { RecognitionRule, RuleView, StoredPreviewResult } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { recognitionApi } from '../api/recognitionApi.ts';
import { categoryOptions, installSourceOptions, licenceOptions } from '../recognitionLabels.tsx';
import { emptyValues, RULE_ID, ruleFromValues, valuesFromRule } from '../ruleDraft.ts';
import type { RuleFormValues } from '../ruleDraft.ts';
import { applyServerErrors } from './ruleFormErrors.ts';
import { EditionList, LicenceByEditionList, MONO, PatternList, patternRules } from './RuleFormLists.tsx';
import { RulePreviewView } from './RulePreviewView.tsx';

/** What the editor opens on: a new rule (from an example, a shipped rule, or nothing), or a local rule to change. */
export type RuleEditorTarget =
  | {
      kind: 'create';
      values: Partial<RuleFormValues>;
      /** a rule whose fields the form does not show are kept (copying a shipped rule) */
      base?: RecognitionRule;
      /** the raw name the rule is made for (review queue) */
      example?: string;
    }
  | { kind: 'edit'; view: RuleView };

export interface RuleEditorDrawerProps {
  /** null: closed */
  target: RuleEditorTarget | null;
  onClose: () => void;
  onSaved: (view: RuleView) => void;
}

function initialOf(target: RuleEditorTarget): RuleFormValues {
  if (target.kind === 'edit') return valuesFromRule(target.view.rule, target.view.enabled);
  return { ...emptyValues(), ...target.values };
}

/**
 * Creates or edits a local recognition rule (本地识别规则): identity and
 * facts of the product, the patterns that find it, editions and their
 * licence classes. "Preview" shows what the rule would match among every
 * stored title before it is saved; the server's field errors land on their
 * fields.
 */
export function RuleEditorDrawer({ target, onClose, onSaved }: RuleEditorDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleFormValues>();
  const [saving, setSaving] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const [preview, setPreview] = useState<{ result: StoredPreviewResult; stale: boolean } | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const previewRef = useRef<HTMLDivElement>(null);
  // While the drawer slides out (target already null) it keeps showing what it showed.
  const [kept, setKept] = useState(target);
  if (target && target !== kept) setKept(target);
  const shown = target ?? kept;
  const editing = shown?.kind === 'edit';
  const base = shown?.kind === 'edit' ? shown.view.rule : shown?.base;

  // A new target starts clean: no old preview or errors.
  useEffect(() => {
    setPreview(null);
    setGeneral([]);
  }, [target]);

  const draft = async () => ruleFromValues(await form.validateFields(), base);

  const runPreview = async () => {
    setGeneral([]);
    let rule;
    try {
      rule = await draft();
    } catch {
      return; // the form shows what is missing
    }
    setPreviewing(true);
    try {
      const result = await recognitionApi.previewStored(rule);
      setPreview({ result, stale: false });
      window.setTimeout(() => previewRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
    } catch (e) {
      setGeneral(applyServerErrors(form, e, t));
    } finally {
      setPreviewing(false);
    }
  };

  const save = async () => {
    if (!target) return;
    setGeneral([]);
    let rule;
    try {
      rule = await draft();
    } catch {
      return;
    }
    const enabled = form.getFieldValue('enabled') !== false;
    setSaving(true);
    try {
      const saved = target.kind === 'edit' ? await recognitionApi.updateRule(target.view.rule.id, { rule, enabled }) : await recognitionApi.createRule({ rule, enabled });
      message.success(t('rules.saved', { id: saved.rule.id }));
      onSaved(saved);
    } catch (e) {
      setGeneral(applyServerErrors(form, e, t));
    } finally {
      setSaving(false);
    }
  };

  const title = editing ? t('rules.edit') : shown?.kind === 'create' && shown.base ? t('rules.copyShipped') : t('rules.create');
  return (
    <Drawer
      open={target !== null}
      title={title}
      size={760}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button icon={<EyeOutlined />} loading={previewing} onClick={() => void runPreview()} data-testid="rule-preview-button">
            {t('rules.preview')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="rule-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {shown && (
        <>
          {shown.kind === 'create' && shown.example && (
            <Alert type="info" showIcon title={t('rules.fromExample', { name: shown.example })} style={{ marginBottom: 16 }} />
          )}
          {shown.kind === 'edit' && shown.view.replacesShipped && <Alert type="info" showIcon title={t('rules.replacesShipped')} style={{ marginBottom: 16 }} />}
          {general.length > 0 && <Alert type="error" showIcon title={general.join('；')} style={{ marginBottom: 16 }} data-testid="rule-form-error" />}
          <Form<RuleFormValues>
            form={form}
            name="rule"
            layout="vertical"
            initialValues={initialOf(shown)}
            onValuesChange={(changed: Partial<RuleFormValues>) => {
              // A new licence class brings its usual answer to "needs a licence"; the reviewer may still change it.
              if (changed.licence) form.setFieldValue('requiresLicence', licenceNeeded(changed.licence));
              setPreview((p) => (p && !p.stale ? { ...p, stale: true } : p));
            }}
            requiredMark
          >
            <Row gutter={16}>
              <Col span={16}>
                <Form.Item
                  name="id"
                  label={t('rules.id')}
                  tooltip={t('rules.idHelp')}
                  rules={[
                    { pattern: RULE_ID, message: t('rules.idInvalid') },
                    { min: 2, max: 100, message: t('rules.idInvalid') },
                  ]}
                >
                  <Input style={MONO} disabled={editing} placeholder={t('rules.idPlaceholder')} maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="enabled" label={t('rules.enabled')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="publisher" label={t('rules.publisher')} rules={[{ required: true, whitespace: true, message: t('rules.required') }]}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="product" label={t('rules.product')} rules={[{ required: true, whitespace: true, message: t('rules.required') }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="category" label={t('recognition.category')} rules={[{ required: true, message: t('rules.chooseOne') }]}>
                  <Select options={categoryOptions(lang)} showSearch={{ optionFilterProp: 'label' }} listHeight={400} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="licence" label={t('recognition.licenceClass')} rules={[{ required: true, message: t('rules.chooseOne') }]}>
                  <Select options={licenceOptions(lang)} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="requiresLicence" label={t('recognition.requiresLicence')} valuePropName="checked" tooltip={t('rules.requiresLicenceHelp')}>
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="domestic" label={t('recognition.domesticLong')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            </Row>

            <Divider titlePlacement="start" plain>
              {t('rules.matching')}
            </Divider>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('rules.matchingHelp')}
            </Typography.Paragraph>
            <Form.Item label={t('rules.match')} required>
              <PatternList name="match" required placeholder="^zhejiang internal tool" />
            </Form.Item>
            <Form.Item label={t('rules.exclude')} tooltip={t('rules.excludeHelp')}>
              <PatternList name="exclude" required={false} placeholder="\bupdate\b" />
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="publisherMatch" label={t('rules.publisherMatch')} tooltip={t('rules.publisherMatchHelp')} rules={patternRules(t, false)}>
                  <Input style={MONO} maxLength={2000} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="sources" label={t('rules.sources')} tooltip={t('rules.sourcesHelp')}>
                  <Select mode="multiple" allowClear options={installSourceOptions(t)} placeholder={t('rules.allSources')} />
                </Form.Item>
              </Col>
            </Row>

            <Divider titlePlacement="start" plain>
              {t('rules.editions')}
            </Divider>
            <EditionList />
            <Form.Item label={t('rules.licenceByEdition')} tooltip={t('rules.licenceByEditionHelp')}>
              <LicenceByEditionList />
            </Form.Item>

            <Divider titlePlacement="start" plain>
              {t('rules.other')}
            </Divider>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="priority" label={t('rules.priority')} tooltip={t('rules.priorityHelp')}>
                  <InputNumber min={-100} max={100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item name="note" label={t('rules.note')}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} placeholder={t('rules.notePlaceholder')} />
                </Form.Item>
              </Col>
            </Row>
          </Form>
          <div ref={previewRef}>
            {preview && (
              <>
                <Divider titlePlacement="start" plain>
                  {t('rules.preview')}
                </Divider>
                <RulePreviewView result={preview.result} stale={preview.stale} />
              </>
            )}
          </div>
        </>
      )}
    </Drawer>
  );
}
