/** The two languages of the product: Chinese first, English one switch away. */
export const LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];

/** A text in both languages. */
export type Bilingual = Record<Lang, string>;

/**
 * Picks the language from an `Accept-Language` header: English when the
 * first language the client names is English, Chinese otherwise.
 */
export function pickLang(acceptLanguage: string | undefined | null): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}
