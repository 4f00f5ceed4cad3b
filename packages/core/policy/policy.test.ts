import { describe, expect, it } from 'vitest';
import { ROLES } from '../../contracts/index.ts';
import { ACTIONS, can, inScope, regionPrefix, scopeOf, type Actor } from './policy.ts';

const actor = (over: Partial<Actor>): Actor => ({ userId: 'u', username: 'u', displayName: 'u', role: 'national_admin', regionCode: null, orgId: null, orgPath: null, ...over });
const hangzhouOrg = { orgPath: '/a/b/', regionCode: '330106' };
const beijingOrg = { orgPath: '/x/', regionCode: '110101' };

describe('policy', () => {
  it('derives the region subtree prefix from GB/T 2260 codes', () => {
    expect(regionPrefix('330000')).toBe('33');
    expect(regionPrefix('330100')).toBe('3301');
    expect(regionPrefix('330106')).toBe('330106');
  });

  it('scopes each role', () => {
    expect(scopeOf(actor({}))).toEqual({ kind: 'all' });
    expect(scopeOf(actor({ role: 'region_admin', regionCode: '330100' }))).toEqual({ kind: 'region', prefix: '3301' });
    expect(scopeOf(actor({ role: 'org_admin', orgId: 'a', orgPath: '/a/' }))).toEqual({ kind: 'org', path: '/a/' });
    expect(scopeOf(actor({ role: 'auditor' }))).toEqual({ kind: 'all' });
    expect(scopeOf(actor({ role: 'auditor', regionCode: '330000' }))).toEqual({ kind: 'region', prefix: '33' });
    expect(scopeOf(actor({ role: 'inspector' }))).toEqual({ kind: 'none' });
    // A region admin without a region sees nothing rather than everything.
    expect(scopeOf(actor({ role: 'region_admin' }))).toEqual({ kind: 'none' });
  });

  it('keeps region admins inside their subtree', () => {
    const a = actor({ role: 'region_admin', regionCode: '330100' });
    expect(can(a, 'org.write', hangzhouOrg)).toBe(true);
    expect(can(a, 'org.write', beijingOrg)).toBe(false);
    expect(can(a, 'org.read', { orgPath: '/q/', regionCode: '330200' })).toBe(false);
    expect(can(a, 'audit.read')).toBe(false);
  });

  it('keeps organization admins inside their organization and children', () => {
    const a = actor({ role: 'org_admin', orgId: 'a', orgPath: '/a/' });
    expect(can(a, 'org.write', hangzhouOrg)).toBe(true);
    expect(can(a, 'org.write', { orgPath: '/ab/', regionCode: '330106' })).toBe(false);
    expect(can(a, 'user.write', { orgPath: null, regionCode: '330106' })).toBe(false);
  });

  it('makes auditors read-only and inspectors see no organizations', () => {
    const auditor = actor({ role: 'auditor' });
    expect(can(auditor, 'org.read', beijingOrg)).toBe(true);
    expect(can(auditor, 'audit.read')).toBe(true);
    expect(can(auditor, 'org.write', beijingOrg)).toBe(false);
    expect(can(auditor, 'user.write')).toBe(false);
    const inspector = actor({ role: 'inspector' });
    expect(can(inspector, 'org.read', hangzhouOrg)).toBe(false);
    expect(can(inspector, 'region.read')).toBe(true);
  });

  it('lets the national admin do everything everywhere', () => {
    for (const action of ACTIONS) expect(can(actor({}), action, beijingOrg)).toBe(true);
  });

  it('never puts a null target inside a region or org scope', () => {
    for (const role of ROLES) {
      const s = scopeOf(actor({ role, regionCode: '330000', orgId: 'a', orgPath: '/a/' }));
      if (s.kind !== 'all') expect(inScope(s, { orgPath: null, regionCode: null })).toBe(false);
    }
  });
});
