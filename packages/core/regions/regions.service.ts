import type { Region } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type RegionRow } from '../../storage/repositories/index.ts';
import { notFound } from '../errors.ts';

const toRegion = (r: RegionRow): Region => ({
  code: r.code,
  name: r.name,
  level: r.level as Region['level'],
  parentCode: r.parent_code,
  hasChildren: Number(r.has_children) === 1,
});

/** The codes of a region's ancestors, from its own code (GB/T 2260 nesting). */
export function ancestorCodes(code: string): string[] {
  const out: string[] = [];
  if (!code.endsWith('0000')) out.push(`${code.slice(0, 2)}0000`);
  if (!code.endsWith('00')) out.push(`${code.slice(0, 4)}00`);
  return out;
}

/** GB/T 2260 regions (行政区划): reference data every signed-in user may read. */
export class RegionsService {
  constructor(private readonly database: Database) {}

  private get repo() {
    return repositories(this.database.db).regions;
  }

  async children(parentCode: string | null): Promise<Region[]> {
    return (await this.repo.findChildren(parentCode)).map(toRegion);
  }

  /** Matches of q with their ancestors, so a client can build the visible part of the tree. */
  async search(q: string): Promise<Region[]> {
    const matches = await this.repo.search(q, 200);
    const codes = new Set(matches.map((m) => m.code));
    const missing = new Set<string>();
    for (const m of matches) for (const a of ancestorCodes(m.code)) if (!codes.has(a)) missing.add(a);
    const ancestors = await this.repo.findByCodes([...missing]);
    return [...ancestors, ...matches].map(toRegion).sort((a, b) => a.code.localeCompare(b.code));
  }

  async get(code: string): Promise<{ region: Region; ancestors: Region[] }> {
    const r = await this.repo.findByCode(code);
    if (!r) throw notFound('region');
    const ancestors = (await this.repo.findByCodes(ancestorCodes(code))).map(toRegion);
    return { region: toRegion(r), ancestors };
  }

  async exists(code: string): Promise<boolean> {
    return (await this.repo.findByCode(code)) !== undefined;
  }
}
