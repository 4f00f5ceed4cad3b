import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useCallback, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { setApiLang } from '../api/client.ts';
import type { Lang } from '../contracts.ts';
import { LangContext } from './LangContext.ts';
import type { LangState, MessageParams } from './LangContext.ts';
import { readStoredLang, storeLang } from './storedLang.ts';
import { translate } from './translate.ts';
import type { MessageKey } from './zhCN.ts';

/** Applies a language everywhere outside React: API header, dayjs, <html lang>. */
function applyLang(lang: Lang): void {
  setApiLang(lang);
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang;
}

/** Holds the UI language (zh-CN first) and persists the user's choice. */
export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const initial = readStoredLang();
    applyLang(initial);
    return initial;
  });

  const setLang = useCallback((next: Lang) => {
    applyLang(next);
    storeLang(next);
    setLangState(next);
  }, []);

  const value = useMemo<LangState>(
    () => ({ lang, setLang, t: (key: MessageKey, params?: MessageParams) => translate(lang, key, params) }),
    [lang, setLang],
  );
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}
