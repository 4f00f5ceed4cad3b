import { DEVICE_SOURCES } from '../../contracts.ts';
import type { Translate } from '../../i18n/LangContext.ts';
import type { MessageKey } from '../../i18n/zhCN.ts';

/** Kinds of change between two inventories of a device. */
export const CHANGE_KINDS = ['added', 'removed', 'upgraded', 'downgraded'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Tag colours of the change kinds: green in, red out, blue up, orange down. */
export const CHANGE_COLORS: Record<ChangeKind, string> = { added: 'green', removed: 'red', upgraded: 'blue', downgraded: 'orange' };

/** Tag colours of a submission's processing status. */
export const SUBMISSION_COLORS: Record<string, string> = { received: 'processing', processed: 'success', failed: 'error' };

const SUBMISSION_STATUSES = ['received', 'processed', 'failed'] as const;
const CHANNELS = ['agent', 'enroll', 'import', 'scan'] as const;

function known(values: readonly string[], value: string): boolean {
  return values.includes(value);
}

/** The label of where an inventory came from (`ocs-xml` → OCS/Fusion 代理 XML); unknown values as they are. */
export function sourceLabel(t: Translate, source: string | null | undefined): string {
  if (!source) return '—';
  return known(DEVICE_SOURCES, source) ? t(`inventory.source.${source}` as MessageKey) : source;
}

/** Formats of a submission's stored record beyond the sources: an imported computer's record points into its kept file. */
const RECORD_FORMATS = ['upload-ref', 'normalized'] as const;

/** The label of a submission's stored format (a source, or an import's record); unknown values as they are. */
export function submissionFormatLabel(t: Translate, format: string): string {
  return known(RECORD_FORMATS, format) ? t(`inventory.submission.format.${format}` as MessageKey) : sourceLabel(t, format);
}

export function changeLabel(t: Translate, change: string): string {
  return known(CHANGE_KINDS, change) ? t(`inventory.change.${change}` as MessageKey) : change;
}

export function submissionStatusLabel(t: Translate, status: string): string {
  return known(SUBMISSION_STATUSES, status) ? t(`inventory.submission.status.${status}` as MessageKey) : status;
}

export function channelLabel(t: Translate, channel: string): string {
  return known(CHANNELS, channel) ? t(`inventory.channel.${channel}` as MessageKey) : channel;
}

/** Select options of the source filter. */
export function sourceOptions(t: Translate): { value: (typeof DEVICE_SOURCES)[number]; label: string }[] {
  return DEVICE_SOURCES.map((value) => ({ value, label: sourceLabel(t, value) }));
}
