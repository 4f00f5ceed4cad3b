import { Tag } from 'antd';
import { FINDING_STATUS_LABELS, INSPECTION_TYPE_LABELS, PLAN_STATUS_LABELS, SEVERITY_LABELS } from '../../contracts.ts';
import type { FindingSeverity, FindingStatus, InspectionType, PlanStatus } from '../../contracts.ts';
import { useLang } from '../../i18n/useLang.ts';

const PLAN_COLORS: Record<PlanStatus, string> = { draft: 'default', confirmed: 'blue', 'in-progress': 'processing', closed: 'success' };
const SEVERITY_COLORS: Record<FindingSeverity, string> = { high: 'red', medium: 'orange', low: 'gold' };
const FINDING_COLORS: Record<FindingStatus, string> = { open: 'error', rectifying: 'warning', verified: 'success' };
const TYPE_COLORS: Record<InspectionType, string> = { 'on-site': 'geekblue', written: 'cyan', special: 'purple' };

/** A plan's state as a coloured tag. */
export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { lang } = useLang();
  return <Tag color={PLAN_COLORS[status]} data-testid="plan-status">{PLAN_STATUS_LABELS[status][lang]}</Tag>;
}

export function TypeTag({ type }: { type: InspectionType }) {
  const { lang } = useLang();
  return <Tag color={TYPE_COLORS[type]}>{INSPECTION_TYPE_LABELS[type][lang]}</Tag>;
}

export function SeverityTag({ severity }: { severity: FindingSeverity }) {
  const { lang } = useLang();
  return <Tag color={SEVERITY_COLORS[severity]}>{SEVERITY_LABELS[severity][lang]}</Tag>;
}

export function FindingStatusTag({ status }: { status: FindingStatus }) {
  const { lang } = useLang();
  return <Tag color={FINDING_COLORS[status]} data-testid="finding-status">{FINDING_STATUS_LABELS[status][lang]}</Tag>;
}
