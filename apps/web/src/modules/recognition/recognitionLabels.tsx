import { Tag } from 'antd';
import { CATEGORY_LABELS, INSTALL_SOURCES, LICENCE_CLASSES, LICENCE_CLASS_LABELS, SOFTWARE_CATEGORIES } from '../../contracts.ts';
import type { InstallSource, Lang, LicenceClass, SoftwareCategory } from '../../contracts.ts';
import type { Translate } from '../../i18n/LangContext.ts';
import { useLang } from '../../i18n/useLang.ts';

/** The label of a software category (软件类别) in a language; '—' when none. */
export function categoryLabel(lang: Lang, category: string | null | undefined): string {
  if (!category) return '—';
  return CATEGORY_LABELS[category as SoftwareCategory]?.[lang] ?? category;
}

/** The label of a licence class (许可类别) in a language; '—' when none. */
export function licenceLabel(lang: Lang, licence: string | null | undefined): string {
  if (!licence) return '—';
  return LICENCE_CLASS_LABELS[licence as LicenceClass]?.[lang] ?? licence;
}

export function categoryOptions(lang: Lang): { value: SoftwareCategory; label: string }[] {
  return SOFTWARE_CATEGORIES.map((value) => ({ value, label: categoryLabel(lang, value) }));
}

export function licenceOptions(lang: Lang): { value: LicenceClass; label: string }[] {
  return LICENCE_CLASSES.map((value) => ({ value, label: licenceLabel(lang, value) }));
}

/** Where a raw name comes from (Add/Remove Programs, dpkg, rpm, macOS applications); '—' when unknown. */
export function installSourceLabel(t: Translate, source: string | null | undefined): string {
  if (!source) return '—';
  return (INSTALL_SOURCES as readonly string[]).includes(source) ? t(`recognition.source.${source as InstallSource}`) : source;
}

/** Select options of a rule's sources. */
export function installSourceOptions(t: Translate): { value: InstallSource; label: string }[] {
  return INSTALL_SOURCES.map((value) => ({ value, label: installSourceLabel(t, value) }));
}

/**
 * Tag colours of the licence classes: what needs a licence stands out (red,
 * trial orange), free software is green, open source blue, components gray.
 */
const LICENCE_COLORS: Record<LicenceClass, string | undefined> = {
  commercial: 'red',
  trial: 'orange',
  freeware: 'green',
  'open-source': 'blue',
  'os-component': '#8c8c8c',
  unknown: undefined,
};

/** A licence class as a coloured tag; '—' when there is none. */
export function LicenceTag({ licence }: { licence: LicenceClass | null | undefined }) {
  const { lang } = useLang();
  if (!licence) return <>—</>;
  return (
    <Tag color={LICENCE_COLORS[licence]} data-licence={licence}>
      {licenceLabel(lang, licence)}
    </Tag>
  );
}

/** 国产: the product is made in China. */
export function DomesticTag() {
  const { t } = useLang();
  return <Tag color="volcano">{t('recognition.domestic')}</Tag>;
}

/** A confidence (0…1) as a percentage; '—' when unknown. */
export function formatConfidence(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;
}
