import { describe, expect, it } from 'vitest';
import type { FormContent } from '../../contracts/index.ts';
import type { Actor } from '../policy/policy.ts';
import { applyDraft, contentChecksum, expectedOffices, isLate, isMissing, isOwnOffice, isReviewerOf, newlyCompleted, officeLevel, prefillFigures, refreshContent, reminderStep, reviewerOf, freshContent, type PrefillAgency } from './status-form.rules.ts';

const actor = (role: Actor['role'], regionCode: string | null = null): Actor => ({ userId: 'u', username: 'u', displayName: 'u', role, regionCode, orgId: null, orgPath: null });
const agency = (id: string, level: string, region_code: string, status: string | null, f: Partial<PrefillAgency> = {}): PrefillAgency => ({ id, name: id, level, region_code, status, devices: 0, os_cov: 0, office_cov: 0, security_cov: 0, ...f });

describe('status form offices', () => {
  it('knows levels, reviewers and who reports', () => {
    expect([officeLevel('330000'), officeLevel('330100'), officeLevel('330106')]).toEqual(['province', 'prefecture', 'county']);
    expect([reviewerOf('330000'), reviewerOf('330100'), reviewerOf('330106'), reviewerOf('110101')]).toEqual(['000000', '330000', '330100', '110100']);
    expect(expectedOffices(['330106', '330100', '330000', '330200', '110101'], ['province', 'prefecture'])).toEqual(['110000', '110100', '330000', '330100', '330200']);
    expect(expectedOffices(['330106'], ['county'])).toEqual(['330106']);
  });

  it('the own office fills, the level above reviews, never the other way round', () => {
    expect(isOwnOffice(actor('region_admin', '330100'), '330100')).toBe(true);
    expect(isOwnOffice(actor('region_admin', '330000'), '330100')).toBe(false);
    expect(isOwnOffice(actor('national_admin'), '330000')).toBe(false);
    expect(isReviewerOf(actor('region_admin', '330000'), '330100')).toBe(true);
    expect(isReviewerOf(actor('region_admin', '330100'), '330100')).toBe(false);
    expect(isReviewerOf(actor('region_admin', '330000'), '330000')).toBe(false);
    expect(isReviewerOf(actor('national_admin'), '330000')).toBe(true);
    // The national office reviews provinces, not prefectures.
    expect(isReviewerOf(actor('national_admin'), '330100')).toBe(false);
    expect(isReviewerOf(actor('auditor'), '330000')).toBe(false);
  });
});

describe('late, missing, reminders', () => {
  it('the due day itself is in time (China Standard Time)', () => {
    expect(isLate('2026-11-30T15:59:59.000Z', '2026-11-30')).toBe(false);
    expect(isLate('2026-11-30T16:00:00.000Z', '2026-11-30')).toBe(true);
    expect(isMissing(0, '2026-11-30', '2026-11-30')).toBe(false);
    expect(isMissing(0, '2026-11-30', '2026-12-01')).toBe(true);
    expect(isMissing(1, '2026-11-30', '2026-12-01')).toBe(false);
  });

  it('reminds 3 days and 1 day before, once per step even after a missed day', () => {
    expect(reminderStep('2026-11-30', '2026-11-26')).toBeNull();
    expect(reminderStep('2026-11-30', '2026-11-27')).toBe(3);
    expect(reminderStep('2026-11-30', '2026-11-28')).toBe(3);
    expect(reminderStep('2026-11-30', '2026-11-29')).toBe(1);
    expect(reminderStep('2026-11-30', '2026-11-30')).toBe(1);
    expect(reminderStep('2026-11-30', '2026-12-01')).toBeNull();
  });
});

describe('prefill', () => {
  const agencies = [
    agency('prov-a', 'provincial', '330000', 'verified', { devices: 10, os_cov: 9, office_cov: 8, security_cov: 7 }),
    agency('prov-b', 'provincial', '330000', 'completed', { devices: 5, os_cov: 5, office_cov: 5, security_cov: 5 }),
    agency('prov-c', 'provincial', '330000', 'rectifying', { devices: 2 }),
    agency('hz-1', 'prefecture', '330100', 'completed', { devices: 3, os_cov: 3 }),
    agency('hz-2', 'prefecture', '330100', 'verified'),
    agency('nb-1', 'prefecture', '330200', 'self-check'),
    agency('xh-1', 'county', '330106', 'completed'),
  ];
  const names = new Map([['330100', '杭州市'], ['330200', '宁波市'], ['330106', '西湖区']]);

  it('adds up the subtree', () => {
    expect(prefillFigures(agencies, 1234.567)).toEqual({ agenciesInScope: 7, completed: 5, verified: 2, computers: 20, osLicensed: 17, officeLicensed: 13, securityLicensed: 12, spent: 1234.57 });
  });

  it('lists provincial agencies and governments that completed in the period', () => {
    const atStart = new Map([['prov-a', 'verified'], ['hz-1', 'completed']]);
    const atEnd = new Map(agencies.map((a) => [a.id, a.status ?? 'not-started']));
    const { list, candidates } = newlyCompleted(agencies, atStart, atEnd, names);
    // prov-a was done before the period; 杭州市 became done when hz-2 did; 宁波市 is not done; 西湖区 is.
    expect(list.map((e) => `${e.kind}:${e.name}`)).toEqual(['agency:prov-b', 'government:杭州市人民政府', 'government:西湖区人民政府']);
    expect(candidates.map((e) => e.subject)).toEqual(['prov-a']);
  });

  const content = (): FormContent => freshContent(prefillFigures(agencies, 0), newlyCompleted(agencies, new Map(), new Map(agencies.map((a) => [a.id, a.status ?? ''])), names).list, '2026-11-28T00:00:00.000Z');

  it('applies edits: removing or adding needs a note; only candidates may be added', () => {
    const c = content();
    const bad = applyDraft(c, { figures: [], completions: [{ subject: 'prov-b', removed: true, note: null }, { subject: 'nb-1', removed: false, note: 'x' }, { subject: 'prov-c', removed: false, note: null }], remarks: null }, [{ subject: 'prov-c', kind: 'agency', name: 'prov-c', level: 'provincial', regionCode: '330000' }]);
    expect(bad.errors).toEqual([
      { path: 'completions.0.note', key: 'statusform.note' },
      { path: 'completions.1.subject', key: 'statusform.subject' },
      { path: 'completions.2.note', key: 'statusform.note' },
    ]);
    const ok = applyDraft(c, { figures: [{ key: 'computers', value: 25.4, note: '含新购' }], completions: [{ subject: 'prov-b', removed: true, note: '重复' }], remarks: '说明' }, []);
    expect(ok.errors).toEqual([]);
    expect(ok.content.figures.find((f) => f.key === 'computers')).toEqual({ key: 'computers', prefilled: 20, value: 25, note: '含新购' });
    expect(ok.content.completions.find((e) => e.subject === 'prov-b')).toMatchObject({ removed: true, note: '重复', source: 'prefilled' });
    expect(c.completions.find((e) => e.subject === 'prov-b')!.removed).toBe(false);
  });

  it('prefilling again keeps edits beside the new values', () => {
    const edited = applyDraft(content(), { figures: [{ key: 'computers', value: 30, note: null }], completions: [{ subject: 'prov-b', removed: true, note: 'n' }], remarks: 'r' }, []).content;
    const fresh = freshContent({ ...prefillFigures(agencies, 0), computers: 21, osLicensed: 18 }, [], '2026-11-29T00:00:00.000Z');
    const again = refreshContent(edited, { ...fresh, completions: content().completions });
    expect(again.figures.find((f) => f.key === 'computers')).toMatchObject({ prefilled: 21, value: 30 });
    expect(again.figures.find((f) => f.key === 'osLicensed')).toMatchObject({ prefilled: 18, value: 18 });
    expect(again.completions.find((e) => e.subject === 'prov-b')).toMatchObject({ removed: true, note: 'n' });
    expect(again.remarks).toBe('r');
  });

  it('the checksum does not depend on list order and changes with any field', () => {
    const c = content();
    const reversed = { ...c, completions: [...c.completions].reverse() };
    expect(contentChecksum(reversed)).toBe(contentChecksum(c));
    expect(contentChecksum(c)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentChecksum({ ...c, remarks: 'x' })).not.toBe(contentChecksum(c));
    expect(contentChecksum({ ...c, figures: c.figures.map((f) => (f.key === 'spent' ? { ...f, value: 1 } : f)) })).not.toBe(contentChecksum(c));
  });
});
