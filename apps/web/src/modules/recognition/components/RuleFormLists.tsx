import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Select } from 'antd';
import type { FormRule } from 'antd';
import type { Translate } from '../../../i18n/LangContext.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { licenceOptions } from '../recognitionLabels.tsx';
import { patternProblem } from '../ruleDraft.ts';

/*
 * The list fields of the rule editor (inside its Form): patterns, editions
 * (pattern → edition name) and licence classes by edition.
 */

/** Patterns read better in a monospace font. */
export const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } as const;

/** A pattern is required (or not) and must compile as the server compiles it. */
export function patternRules(t: Translate, required: boolean): FormRule[] {
  return [
    { required, whitespace: true, message: t('rules.patternRequired') },
    {
      validator: async (_rule, value: string | undefined) => {
        if (value?.trim() && patternProblem(value.trim())) throw new Error(t('rules.patternInvalid'));
      },
    },
  ];
}

/** A list of patterns (match / exclude), one input per pattern. */
export function PatternList({ name, required, placeholder }: { name: 'match' | 'exclude'; required: boolean; placeholder?: string }) {
  const { t } = useLang();
  return (
    <Form.List
      name={name}
      rules={required ? [{ validator: async (_rule, v: unknown[] | undefined) => { if (!v || v.length === 0) throw new Error(t('rules.matchRequired')); } }] : []}
    >
      {(fields, { add, remove }, { errors }) => (
        <Flex vertical gap={0} data-testid={`rule-${name}-list`}>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item name={field.name} rules={patternRules(t, true)} style={{ flex: 1, marginBottom: 8 }}>
                <Input style={MONO} placeholder={placeholder} maxLength={2000} />
              </Form.Item>
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                aria-label={t('common.delete')}
                disabled={required && fields.length <= 1}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} style={{ alignSelf: 'flex-start' }}>
            {t('rules.addPattern')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Flex>
      )}
    </Form.List>
  );
}

/** Edition patterns and the edition each one names, in order (the leftmost match wins). */
export function EditionList() {
  const { t } = useLang();
  return (
    <Form.List name="editions">
      {(fields, { add, remove }) => (
        <Flex vertical gap={0} data-testid="rule-editions">
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item name={[field.name, 'pattern']} rules={patternRules(t, true)} style={{ flex: 3, marginBottom: 8 }}>
                <Input style={MONO} placeholder={t('rules.editionPattern')} />
              </Form.Item>
              <Form.Item name={[field.name, 'edition']} rules={[{ required: true, whitespace: true, message: t('rules.required') }]} style={{ flex: 2, marginBottom: 8 }}>
                <Input placeholder={t('rules.editionName')} maxLength={100} />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ pattern: '', edition: '' })} style={{ alignSelf: 'flex-start', marginBottom: 16 }}>
            {t('rules.addEdition')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

/** Licence classes of editions (WPS personal: freeware; professional: commercial). */
export function LicenceByEditionList() {
  const { t, lang } = useLang();
  return (
    <Form.List name="licenceByEdition">
      {(fields, { add, remove }) => (
        <Flex vertical gap={0}>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item name={[field.name, 'edition']} rules={[{ required: true, whitespace: true, message: t('rules.required') }]} style={{ flex: 3, marginBottom: 8 }}>
                <Input placeholder={t('rules.editionName')} maxLength={100} />
              </Form.Item>
              <Form.Item name={[field.name, 'licence']} rules={[{ required: true, message: t('rules.chooseOne') }]} style={{ flex: 2, marginBottom: 8 }}>
                <Select options={licenceOptions(lang)} placeholder={t('recognition.licenceClass')} />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.delete')} onClick={() => remove(field.name)} />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ edition: '' })} style={{ alignSelf: 'flex-start' }}>
            {t('rules.addLicenceByEdition')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
