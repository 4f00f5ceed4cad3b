import { Tag } from 'antd';
import { ORG_LABELS, ORG_LABELS_EN, PROGRESS_LABELS } from '../../contracts.ts';
import type { CampaignLevel, Lang, ProgressStatus } from '../../contracts.ts';
import { useLang } from '../../i18n/useLang.ts';

const STATUS_COLORS: Record<ProgressStatus, string> = { 'not-started': 'default', 'self-check': 'processing', rectifying: 'warning', completed: 'cyan', verified: 'success' };

/** A progress state as a coloured tag. */
export function ProgressTag({ status }: { status: ProgressStatus }) {
  const { lang } = useLang();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="progress-status">
      {PROGRESS_LABELS[status][lang]}
    </Tag>
  );
}

export const statusLabel = (lang: Lang, s: ProgressStatus) => PROGRESS_LABELS[s][lang];

/** An organization level (省级 / 地市级 / 县级, or a region node level). */
export function levelLabel(lang: Lang, level: string): string {
  const labels = (lang === 'zh-CN' ? ORG_LABELS : ORG_LABELS_EN).level as Record<string, string>;
  const region: Record<string, [string, string]> = { national: ['全国', 'National'], province: ['省', 'Province'], prefecture: ['地市', 'Prefecture'], county: ['县区', 'County'] };
  return labels[level as CampaignLevel] ?? region[level]?.[lang === 'zh-CN' ? 0 : 1] ?? level;
}

/** A rate 0…1 as a percentage with one decimal; '—' when nothing needs a licence. */
export function formatRate(rate: number | null | undefined, lang: Lang): string {
  if (rate === null || rate === undefined) return '—';
  return new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.floor(rate * 1000) / 1000);
}

/** Money in yuan with separators. */
export function formatYuan(v: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY', maximumFractionDigits: 2 }).format(v);
}
