import { MinusCircleOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import type { PlanDetail } from '../../../contracts.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inspectionApi } from '../api/inspectionApi.ts';

/**
 * A written inspection: the national office writes the questions and sends
 * them to the target region offices; each office answers for itself; the
 * offices that have not answered are listed.
 */
export function QuestionnaireTab({ plan, onChanged }: { plan: PlanDetail; onChanged: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const q = useRemote(() => inspectionApi.questionnaire(plan.id), [plan.id]);
  const [editor] = Form.useForm<{ questions: { text: string }[] }>();
  const [answerForm] = Form.useForm<{ answers: Record<string, string> }>();
  const data = q.data;
  const editable = plan.mayWrite && !data?.sentAt && plan.status !== 'closed';
  const office = plan.mayAnswer[0];

  useEffect(() => {
    if (!data) return;
    editor.setFieldsValue({ questions: data.questions.length ? data.questions.map((x) => ({ text: x.text })) : [{ text: '' }] });
    const mine = data.answers.find((a) => a.regionCode === office);
    answerForm.setFieldsValue({ answers: mine?.answers ?? {} });
  }, [data]);

  const run = async (fn: () => Promise<unknown>, form?: Parameters<typeof applyFieldErrors>[0]) => {
    try {
      await fn();
      message.success(t('common.saved'));
      q.reload();
      onChanged();
    } catch (e) {
      if (!form || !applyFieldErrors(form, e).length) message.error(errorText(e, t));
    }
  };

  if (!data) return q.error ? <Typography.Text type="danger">{errorText(q.error, t)}</Typography.Text> : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      {editable ? (
        <Form form={editor} layout="vertical" onFinish={(v) => run(() => inspectionApi.setQuestionnaire(plan.id, { questions: v.questions.map((x, i) => ({ id: `q${i + 1}`, text: x.text.trim() })) }), editor)}>
          <Form.List name="questions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <span>{`q${i + 1}`}</span>
                    <Form.Item name={[f.name, 'text']} rules={[{ required: true, whitespace: true }]} style={{ width: 640 }}>
                      <Input maxLength={1000} data-testid="question-text" />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: '' })}>{t('inspection.addQuestion')}</Button>
              </>
            )}
          </Form.List>
          <Space style={{ marginTop: 16 }}>
            <Button htmlType="submit" data-testid="questions-save">{t('common.save')}</Button>
            {data.questions.length > 0 && (
              <Popconfirm title={t('inspection.sendConfirm')} onConfirm={() => run(() => inspectionApi.sendQuestionnaire(plan.id))}>
                <Button type="primary" icon={<SendOutlined />} data-testid="questions-send">{t('inspection.send')}</Button>
              </Popconfirm>
            )}
          </Space>
        </Form>
      ) : (
        <Descriptions size="small" column={1} bordered title={data.sentAt ? t('inspection.sentAt', { at: formatDateTime(data.sentAt) }) : t('inspection.notSent')}>
          {data.questions.map((x) => (
            <Descriptions.Item key={x.id} label={x.id}>{x.text}</Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {office && (
        <Card size="small" title={t('inspection.myAnswers')}>
          <Form form={answerForm} layout="vertical" onFinish={(v) => run(() => inspectionApi.answer(plan.id, { regionCode: office, answers: Object.fromEntries(Object.entries(v.answers ?? {}).map(([k, x]) => [k, (x ?? '').trim()])) }), answerForm)}>
            {data.questions.map((x) => (
              <Form.Item key={x.id} name={['answers', x.id]} label={`${x.id}. ${x.text}`}>
                <Input.TextArea rows={2} maxLength={2000} data-testid="answer-text" />
              </Form.Item>
            ))}
            <Button type="primary" htmlType="submit" data-testid="answers-save">{t('inspection.saveAnswers')}</Button>
          </Form>
        </Card>
      )}
      {data.answers.map((a) => (
        <Descriptions key={a.regionCode} size="small" column={1} bordered title={`${a.regionName ?? a.regionCode}（${a.answeredBy ?? ''}，${formatDateTime(a.answeredAt)}）`}>
          {data.questions.map((x) => (
            <Descriptions.Item key={x.id} label={`${x.id}. ${x.text}`}>{a.answers[x.id] ?? '—'}</Descriptions.Item>
          ))}
        </Descriptions>
      ))}
      {data.sentAt && (
        <div>
          <Typography.Text>{t('inspection.missing')}：</Typography.Text>
          {data.missing.length ? data.missing.map((m) => <Tag key={m.regionCode} color="warning">{m.regionName ?? m.regionCode}</Tag>) : <Tag color="success">{t('inspection.allAnswered')}</Tag>}
        </div>
      )}
    </Space>
  );
}
