import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useLang } from '../i18n/useLang.ts';

/** antd in the chosen language, with the message/modal context of <App>. */
export function AntdRoot({ children }: { children: ReactNode }) {
  const { lang } = useLang();
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1d5fbf', borderRadius: 4 } }}
    >
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}
