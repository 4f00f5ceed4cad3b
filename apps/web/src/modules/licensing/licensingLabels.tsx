import { Tag } from 'antd';
import {
  COVERAGE_LABELS,
  COVERAGE_STATUSES,
  LICENCE_METRICS,
  METRIC_LABELS,
  REASON_LABELS,
  SCOPE_KINDS,
  SCOPE_LABELS,
  TASK_ACTIONS,
  TASK_ACTION_LABELS,
  TASK_STATUSES,
  TASK_STATUS_LABELS,
  UNCOVERED_REASONS,
} from '../../contracts.ts';
import type { CoverageStatus, EntitlementView, Lang, TaskStatus } from '../../contracts.ts';
import type { Translate } from '../../i18n/LangContext.ts';
import { useLang } from '../../i18n/useLang.ts';

type Labels<K extends string> = Record<K, { 'zh-CN': string; 'en-US': string }>;

/** The label of a coded value from one of the contract's label tables; the code itself when unknown, '—' when none. */
function labelOf<K extends string>(labels: Labels<K>, lang: Lang, value: string | null | undefined): string {
  if (!value) return '—';
  return labels[value as K]?.[lang] ?? value;
}

function optionsOf<K extends string>(labels: Labels<K>, values: readonly K[], lang: Lang): { value: K; label: string }[] {
  return values.map((value) => ({ value, label: labels[value][lang] }));
}

export const metricLabel = (lang: Lang, v: string | null | undefined) => labelOf(METRIC_LABELS, lang, v);
export const scopeLabel = (lang: Lang, v: string | null | undefined) => labelOf(SCOPE_LABELS, lang, v);
export const coverageLabel = (lang: Lang, v: string | null | undefined) => labelOf(COVERAGE_LABELS, lang, v);
export const reasonLabel = (lang: Lang, v: string | null | undefined) => labelOf(REASON_LABELS, lang, v);
export const actionLabel = (lang: Lang, v: string | null | undefined) => labelOf(TASK_ACTION_LABELS, lang, v);
export const taskStatusLabel = (lang: Lang, v: string | null | undefined) => labelOf(TASK_STATUS_LABELS, lang, v);

export const metricOptions = (lang: Lang) => optionsOf(METRIC_LABELS, LICENCE_METRICS, lang);
export const scopeOptions = (lang: Lang) => optionsOf(SCOPE_LABELS, SCOPE_KINDS, lang);
export const coverageOptions = (lang: Lang) => optionsOf(COVERAGE_LABELS, COVERAGE_STATUSES, lang);
export const reasonOptions = (lang: Lang) => optionsOf(REASON_LABELS, UNCOVERED_REASONS, lang);
export const actionOptions = (lang: Lang) => optionsOf(TASK_ACTION_LABELS, TASK_ACTIONS, lang);
export const taskStatusOptions = (lang: Lang) => optionsOf(TASK_STATUS_LABELS, TASK_STATUSES, lang);

export const VALIDITIES = ['valid', 'expired', 'not-yet-valid'] as const;
export type Validity = EntitlementView['validity'];

export function validityOptions(t: Translate): { value: Validity; label: string }[] {
  return VALIDITIES.map((value) => ({ value, label: t(`licensing.validity.${value}`) }));
}

const VALIDITY_COLORS: Record<Validity, string> = { valid: 'success', expired: 'error', 'not-yet-valid': 'warning' };

/** Whether an entitlement counts today: valid, expired, or not yet started. */
export function ValidityTag({ validity }: { validity: Validity }) {
  const { t } = useLang();
  return (
    <Tag color={VALIDITY_COLORS[validity]} data-validity={validity}>
      {t(`licensing.validity.${validity}`)}
    </Tag>
  );
}

const COVERAGE_COLORS: Record<CoverageStatus, string> = { covered: 'success', uncovered: 'error', 'not-required': 'default' };

/** An install's verdict: covered, not covered, no licence needed. */
export function CoverageTag({ status }: { status: CoverageStatus }) {
  const { lang } = useLang();
  return (
    <Tag color={COVERAGE_COLORS[status]} data-status={status}>
      {coverageLabel(lang, status)}
    </Tag>
  );
}

const STATUS_COLORS: Record<TaskStatus, string> = { open: 'processing', verified: 'success', cancelled: 'default' };

/** A task's status: open, closed (verified by a later computation), cancelled. */
export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { lang } = useLang();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {taskStatusLabel(lang, status)}
    </Tag>
  );
}

/** A rate (0…1) as a percentage with one decimal: 87.5%; '—' when nothing needs a licence. */
export function formatRate(rate: number | null | undefined, lang: Lang): string {
  if (rate === null || rate === undefined) return '—';
  return new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

/** An amount of money with its currency (¥12,000.00); without a currency, just the number; '—' when unknown. */
export function formatMoney(value: number | null | undefined, currency: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  if (!currency) return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value);
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(value);
  } catch {
    return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value)} ${currency}`;
  }
}

/** The colour of a legalization rate: green from 95%, orange from 80%, red below. */
export function rateColor(rate: number | null | undefined): string | undefined {
  if (rate === null || rate === undefined) return undefined;
  return rate >= 0.95 ? '#389e0d' : rate >= 0.8 ? '#d48806' : '#cf1322';
}

/** What a later computation saw when it closed a task, as the server records it. */
export interface TaskVerification {
  day?: string;
  installs?: number;
  covered?: number;
  shortfall?: number;
}

/** The verification JSON of a task; null when absent or unreadable. */
export function parseVerification(raw: string | null): TaskVerification | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' ? (v as TaskVerification) : null;
  } catch {
    return null;
  }
}
