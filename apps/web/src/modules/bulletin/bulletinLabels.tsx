import { Tag } from 'antd';
import { BULLETIN_KIND_LABELS, BULLETIN_STATUS_LABELS } from '../../contracts.ts';
import type { BulletinKind, BulletinStatus } from '../../contracts.ts';
import { useLang } from '../../i18n/useLang.ts';

const KIND_COLORS: Record<BulletinKind, string> = { monthly: 'blue', special: 'volcano', 'info-report': 'purple' };

/** A bulletin kind (月度汇总通报 / 专项通报 / 信息专报) as a tag. */
export function KindTag({ kind }: { kind: BulletinKind }) {
  const { lang } = useLang();
  return <Tag color={KIND_COLORS[kind]}>{BULLETIN_KIND_LABELS[kind][lang]}</Tag>;
}

/** Draft or published, as a tag. */
export function StatusTag({ status }: { status: BulletinStatus }) {
  const { lang } = useLang();
  return (
    <Tag color={status === 'published' ? 'success' : 'default'} data-testid="bulletin-status">
      {BULLETIN_STATUS_LABELS[status][lang]}
    </Tag>
  );
}

/** The province a region-scoped user may write bulletins for (its own province, when its region is one), or the nation. */
export function writableScope(role: string, regionCode: string | null): string | null {
  if (role === 'national_admin') return '000000';
  if (role === 'region_admin' && regionCode?.endsWith('0000')) return regionCode;
  return null;
}
