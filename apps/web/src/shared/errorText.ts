import { ApiError } from '../api/ApiError.ts';
import type { Translate } from '../i18n/LangContext.ts';

/** What to tell the user about a failed call: the server's message, already translated. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) return error.code === 'NETWORK' ? t('common.networkError') : error.message;
  return error instanceof Error ? error.message : String(error);
}
