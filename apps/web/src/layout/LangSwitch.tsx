import { GlobalOutlined } from '@ant-design/icons';
import { Flex, Segmented } from 'antd';
import type { Lang } from '../contracts.ts';
import { useLang } from '../i18n/useLang.ts';

// Each language is named in itself, so the switch reads right in both.
const OPTIONS: { value: Lang; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en-US', label: 'English' },
];

/** Switches every string on screen, antd's own texts and the server's messages. */
export function LangSwitch() {
  const { lang, setLang, t } = useLang();
  return (
    <Flex align="center" gap={6} title={t('lang.label')}>
      <GlobalOutlined />
      <Segmented<Lang> size="small" value={lang} options={OPTIONS} onChange={setLang} data-testid="lang-switch" />
    </Flex>
  );
}
