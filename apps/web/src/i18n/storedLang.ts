import { LANGS } from '../contracts.ts';
import type { Lang } from '../contracts.ts';

/** localStorage key of the chosen language. */
export const LANG_STORAGE_KEY = 'zb.lang';

/** The language chosen earlier on this browser, Chinese by default. */
export function readStoredLang(): Lang {
  try {
    const stored = window.localStorage.getItem(LANG_STORAGE_KEY);
    if (stored && (LANGS as readonly string[]).includes(stored)) return stored as Lang;
  } catch {
    // Storage can be blocked (private mode, policies); Chinese is the default anyway.
  }
  return 'zh-CN';
}

/** Remembers the language for the next visit. */
export function storeLang(lang: Lang): void {
  try {
    window.localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not remembering is acceptable; the switch still works for this visit.
  }
}
