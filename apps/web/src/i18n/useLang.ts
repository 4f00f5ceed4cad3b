import { useContext } from 'react';
import { LangContext } from './LangContext.ts';
import type { LangState } from './LangContext.ts';

/** The current language, its switch and the translate function. */
export function useLang(): LangState {
  const state = useContext(LangContext);
  if (!state) throw new Error('useLang must be used inside <LangProvider>');
  return state;
}
