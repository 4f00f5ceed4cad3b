import type { Lang } from '../contracts.ts';
import { enUS } from './enUS.ts';
import type { MessageParams } from './LangContext.ts';
import { zhCN } from './zhCN.ts';
import type { MessageKey } from './zhCN.ts';

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Looks a message up in one language and fills its `{placeholders}`. */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
