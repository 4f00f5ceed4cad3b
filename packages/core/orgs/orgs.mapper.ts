import type { Org } from '../../contracts/index.ts';
import type { OrgView } from '../../storage/repositories/index.ts';

/** A stored organization as the API shows it. */
export function toOrg(r: OrgView): Org {
  return {
    id: r.id,
    name: r.name,
    uscc: r.uscc,
    type: r.type as Org['type'],
    agencyKind: r.agency_kind as Org['agencyKind'],
    ownership: r.ownership as Org['ownership'],
    industry: r.industry as Org['industry'],
    level: r.level as Org['level'],
    regionCode: r.region_code,
    regionName: r.region_name,
    parentId: r.parent_id,
    parentName: r.parent_name,
    staffCount: Number(r.staff_count),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
