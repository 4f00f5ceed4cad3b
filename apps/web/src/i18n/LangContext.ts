import { createContext } from 'react';
import type { Lang } from '../contracts.ts';
import type { MessageKey } from './zhCN.ts';

/** Parameters substituted into `{name}` placeholders of a message. */
export type MessageParams = Record<string, string | number>;

/** Translates a message key in the current language. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

export const LangContext = createContext<LangState | null>(null);
