import { ORG_LABELS, ORG_LABELS_EN, ROLE_LABELS } from '../contracts.ts';
import type { Lang, Role } from '../contracts.ts';

/** The groups of coded organization values that have labels. */
export type OrgLabelGroup = keyof typeof ORG_LABELS;

/** The label of a coded organization value (type, level, …) in a language; the code itself when unknown. */
export function orgLabel(lang: Lang, group: OrgLabelGroup, value: string | null | undefined): string {
  if (!value) return '—';
  const labels = (lang === 'zh-CN' ? ORG_LABELS : ORG_LABELS_EN)[group] as Record<string, string>;
  return labels[value] ?? value;
}

/** Select options for a group of coded values, in the order of the contract's list. */
export function orgOptions(lang: Lang, group: OrgLabelGroup, values: readonly string[]): { value: string; label: string }[] {
  return values.map((value) => ({ value, label: orgLabel(lang, group, value) }));
}

/** The label of a role in a language. */
export function roleLabel(lang: Lang, role: Role): string {
  return ROLE_LABELS[role][lang];
}
