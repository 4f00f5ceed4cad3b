import type { Kysely } from 'kysely';
import {
  FORM_STATUS_LABELS,
  type CompletionEntry,
  type FormContent,
  type FormDetail,
  type FormDraftBody,
  type FormLevel,
  type FormRow,
  type FormStatus,
  type FormVersionView,
  type RoundBody,
  type RoundForms,
  type RoundView,
} from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type StatusFormRow, type StatusFormView, type StatusRoundRow } from '../../storage/repositories/index.ts';
import type { DB } from '../../storage/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { dayEndUtc, dayStartUtc } from '../dates.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import type { InboxService } from '../inbox/inbox.service.ts';
import { NATIONAL_CODE } from '../licensing/legalization.rules.ts';
import { assertCan, regionPrefix, scopeOf, type Actor } from '../policy/policy.ts';
import type { CampaignService } from './campaign.service.ts';
import {
  addDays,
  applyDraft,
  contentChecksum,
  editable,
  editedFigures,
  expectedOffices,
  freshContent,
  isMissing,
  isOwnOffice,
  isReviewerOf,
  newlyCompleted,
  officeLevel,
  prefillFigures,
  refreshContent,
  reminderStep,
  reviewable,
  reviewerOf,
  REMINDER_DAYS,
} from './status-form.rules.ts';

type Round = StatusRoundRow & { campaign_name: string | null };
type Candidate = Omit<CompletionEntry, 'source' | 'removed' | 'note'>;

/** The national office's name as a reviewer. */
const NATIONAL_OFFICE_NAME = '推进使用正版软件工作部际联席会议办公室';

/**
 * Status forms (落实情况表) and completion lists (programme item 3): the
 * national office sets a reporting round; every region office of the chosen
 * levels fills its form (prefilled from the live data of its subtree, edits
 * kept beside the prefilled values), submits it by the due day, and the
 * office of the level above returns it with comments or accepts it. Every
 * submission is a numbered version that is never changed; the accepted one
 * is the frozen form, with its SHA-256. Every write is audited and the
 * offices concerned are told through the inbox, in the same transaction.
 */
export class StatusFormService {
  /** Today in China Standard Time (wired to the application's clock; tests set it). */
  clock: () => string;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly campaigns: CampaignService,
    private readonly inbox: Pick<InboxService, 'post'> | null = null,
  ) {
    this.clock = () => campaigns.clock();
  }

  // ——— rounds ———

  /** Sets a round (national office): a form for every region office of the levels above an agency in the campaign's scope; each office is told. */
  async createRound(actor: Actor, body: RoundBody): Promise<RoundView> {
    assertCan(actor, 'campaign.write');
    const def = await this.campaigns.definition(body.campaignId);
    const agencies = await repositories(this.database.db).campaign.agenciesOfLevels(def.levels);
    const offices = expectedOffices(
      agencies.map((a) => a.region_code),
      body.levels,
    );
    if (!offices.length) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'levels', key: 'statusform.offices' }] });
    const now = nowIso();
    const round: StatusRoundRow = { id: newId(), campaign_id: def.row.id, period_label: body.periodLabel, period_start: body.periodStart, period_end: body.periodEnd, levels_json: JSON.stringify(body.levels), due_day: body.dueDay, note: body.note, created_by: actor.displayName, created_at: now };
    const forms: StatusFormRow[] = offices.map((code) => ({ id: newId(), round_id: round.id, region_code: code, level: officeLevel(code), status: 'draft', content_json: null, version: 0, first_submitted_at: null, last_submitted_at: null, late: 0, comments: null, accepted_version: null, accepted_checksum: null, updated_at: now, updated_by: actor.displayName }));
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).statusForm;
      await repo.insertRound(round);
      await repo.insertForms(forms);
      await this.audit.append(trx, actor, { action: 'create', entityType: 'status-round', entityId: round.id, after: { ...round, offices } });
      for (const code of offices)
        await this.notify(trx, actor, {
          kind: 'statusform.round',
          to: code,
          subject: `请于 ${round.due_day} 前报送${round.period_label}软件正版化检查整改工作落实情况表`,
          body: `${def.row.name}：请报送本地区${round.period_label}（${round.period_start} 至 ${round.period_end}）的落实情况表及新完成检查整改的省级机关和地市级、县级政府名单。${round.note ?? ''}`,
          link: formLink(round.id, code),
          dueDay: round.due_day,
          dedupeKey: `statusform.round:${round.id}:${code}`,
        });
    });
    return (await this.listRounds(actor)).find((r) => r.id === round.id)!;
  }

  async listRounds(actor: Actor): Promise<RoundView[]> {
    assertCan(actor, 'statusform.read');
    const repo = repositories(this.database.db).statusForm;
    const [rounds, counts] = await Promise.all([repo.listRounds(), repo.countsByRound(this.prefixOf(actor))]);
    return rounds.map((r) => this.roundView(r, counts.filter((c) => c.round_id === r.id)));
  }

  private async round(id: string): Promise<Round> {
    const r = await repositories(this.database.db).statusForm.findRound(id);
    if (!r) throw notFound('round');
    return r;
  }

  /** The forms of a round in the caller's subtree, with the late and the missing ones listed apart. */
  async roundForms(actor: Actor, roundId: string): Promise<RoundForms> {
    assertCan(actor, 'statusform.read');
    const round = await this.round(roundId);
    const today = this.clock();
    const items = (await repositories(this.database.db).statusForm.formsOfRound(roundId, this.prefixOf(actor))).map((f) => toRow(f, round, today));
    const view = this.roundView(round, countsOfRows(roundId, items));
    return { round: view, items, late: items.filter((f) => f.late), missing: items.filter((f) => f.missing) };
  }

  // ——— one form ———

  /** A form the caller may see (its own office, or an office of its subtree). */
  private async form(actor: Actor, roundId: string, regionCode: string): Promise<{ round: Round; form: StatusFormView }> {
    assertCan(actor, 'statusform.read', { orgPath: null, regionCode });
    const round = await this.round(roundId);
    const form = await repositories(this.database.db).statusForm.findForm(roundId, regionCode);
    if (!form) throw notFound('status form');
    return { round, form };
  }

  async detail(actor: Actor, roundId: string, regionCode: string): Promise<FormDetail> {
    const { round, form } = await this.form(actor, roundId, regionCode);
    const repo = repositories(this.database.db).statusForm;
    const status = form.status as FormStatus;
    const canEdit = isOwnOffice(actor, regionCode) && editable(status);
    const canReview = isReviewerOf(actor, regionCode) && reviewable(status);
    let content = form.content_json ? (JSON.parse(form.content_json) as FormContent) : null;
    let candidates: Candidate[] = [];
    if (canEdit) {
      // The office sees its figures prefilled before it saves anything.
      const live = await this.live(round, regionCode);
      content ??= live.content;
      const listed = new Set(content.completions.map((c) => c.subject));
      candidates = [...live.candidates, ...live.list].filter((c) => !listed.has(c.subject));
    }
    const reviews = await repo.reviewsOf(form.id);
    const history: FormVersionView[] = (await repo.versionsOf(form.id)).map((v) => {
      const c = JSON.parse(v.content_json) as FormContent;
      const r = reviews.find((x) => x.version === v.version);
      return {
        version: v.version,
        submittedAt: v.submitted_at,
        submittedBy: v.submitted_by,
        late: v.late === 1,
        checksum: v.checksum,
        checksumOk: contentChecksum(c) === v.checksum,
        content: c,
        review: r ? { decision: r.decision as 'returned' | 'accepted', comments: r.comments, at: r.at, by: r.by_user } : null,
      };
    });
    const reviewer = reviewerOf(regionCode);
    const reviewerName = reviewer === NATIONAL_CODE ? NATIONAL_OFFICE_NAME : ((await repo.regionNames([reviewer])).get(reviewer) ?? null);
    return {
      ...toRow(form, round, this.clock()),
      round: this.roundView(round),
      reviewerName,
      content,
      comments: form.comments,
      acceptedChecksum: form.accepted_checksum,
      canEdit,
      canReview,
      candidates: candidates.map((c) => ({ ...c, source: 'added' as const, removed: false, note: null })),
      history,
    };
  }

  /** Saves the office's draft: reported figures, changes to the list, remarks. */
  async save(actor: Actor, roundId: string, regionCode: string, body: FormDraftBody): Promise<FormDetail> {
    const { round, form } = await this.editableForm(actor, roundId, regionCode);
    const content = await this.applied(round, form, body);
    await this.database.transaction(async (trx) => {
      await this.write(trx, form, form.status, { content_json: JSON.stringify(content), updated_at: nowIso(), updated_by: actor.displayName });
      await this.audit.append(trx, actor, { action: 'update', entityType: 'status-form', entityId: form.id, regionCode, before: { status: form.status }, after: { roundId, edited: editedFigures(content), remarks: content.remarks } });
    });
    return this.detail(actor, roundId, regionCode);
  }

  /** Prefills again from the live data: unedited figures follow, edits and list changes stay. */
  async prefill(actor: Actor, roundId: string, regionCode: string): Promise<FormDetail> {
    const { round, form } = await this.editableForm(actor, roundId, regionCode);
    const live = await this.live(round, regionCode);
    const content = form.content_json ? refreshContent(JSON.parse(form.content_json) as FormContent, live.content) : live.content;
    await this.database.transaction(async (trx) => {
      await this.write(trx, form, form.status, { content_json: JSON.stringify(content), updated_at: nowIso(), updated_by: actor.displayName });
      await this.audit.append(trx, actor, { action: 'prefill', entityType: 'status-form', entityId: form.id, regionCode, after: { roundId, prefilledAt: content.prefilledAt, figures: Object.fromEntries(content.figures.map((f) => [f.key, f.prefilled])) } });
    });
    return this.detail(actor, roundId, regionCode);
  }

  /** Submits what is on the form (with the edits sent along) as the next numbered version; the reviewing office is told. */
  async submit(actor: Actor, roundId: string, regionCode: string, body: FormDraftBody): Promise<FormDetail> {
    const { round, form } = await this.editableForm(actor, roundId, regionCode);
    const content = await this.applied(round, form, body);
    const now = nowIso();
    const version = form.version + 1;
    // Late is decided by the first submission; a resubmission after a return keeps it.
    const late = form.first_submitted_at ? form.late : this.clock() > round.due_day ? 1 : 0;
    const checksum = contentChecksum(content);
    await this.database.transaction(async (trx) => {
      await this.write(trx, form, form.status, { status: 'submitted', content_json: JSON.stringify(content), version, first_submitted_at: form.first_submitted_at ?? now, last_submitted_at: now, late, comments: null, updated_at: now, updated_by: actor.displayName });
      await repositories(trx).statusForm.insertVersion({ form_id: form.id, version, content_json: JSON.stringify(content), checksum, submitted_at: now, submitted_by: actor.displayName, late });
      await this.audit.append(trx, actor, { action: 'submit', entityType: 'status-form', entityId: form.id, regionCode, before: { status: form.status }, after: { roundId, version, checksum, late: late === 1, edited: editedFigures(content) } });
      const name = form.region_name ?? regionCode;
      await this.notify(trx, actor, {
        kind: 'statusform.submitted',
        to: reviewerOf(regionCode),
        subject: `${name}已报送${round.period_label}落实情况表（第 ${version} 版${late ? '，逾期' : ''}），请审核`,
        body: `${name}于 ${now.slice(0, 10)} 报送${round.period_label}落实情况表第 ${version} 版，请审核后接受或退回。`,
        link: formLink(roundId, regionCode),
        dedupeKey: `statusform.submitted:${form.id}:${version}`,
      });
    });
    return this.detail(actor, roundId, regionCode);
  }

  /** Returns the submitted version with comments (the level above); the office edits and resubmits. */
  async returnForm(actor: Actor, roundId: string, regionCode: string, comments: string): Promise<FormDetail> {
    const { round, form } = await this.reviewableForm(actor, roundId, regionCode);
    const now = nowIso();
    await this.database.transaction(async (trx) => {
      await this.write(trx, form, 'submitted', { status: 'returned', comments, updated_at: now, updated_by: actor.displayName });
      await repositories(trx).statusForm.insertReview({ id: newId(), form_id: form.id, version: form.version, decision: 'returned', comments, at: now, by_user: actor.displayName });
      await this.audit.append(trx, actor, { action: 'return', entityType: 'status-form', entityId: form.id, regionCode, before: { status: 'submitted' }, after: { roundId, version: form.version, comments } });
      await this.notify(trx, actor, {
        kind: 'statusform.returned',
        to: regionCode,
        subject: `${round.period_label}落实情况表第 ${form.version} 版已被退回，请修改后重新报送`,
        body: `审核意见：${comments}`,
        link: formLink(roundId, regionCode),
        dueDay: round.due_day,
        dedupeKey: `statusform.returned:${form.id}:${form.version}`,
      });
    });
    return this.detail(actor, roundId, regionCode);
  }

  /** Accepts the submitted version (the level above): it becomes the frozen form, its checksum recorded; nothing changes it after. */
  async accept(actor: Actor, roundId: string, regionCode: string, comments: string | null): Promise<FormDetail> {
    const { round, form } = await this.reviewableForm(actor, roundId, regionCode);
    const version = (await repositories(this.database.db).statusForm.versionsOf(form.id)).find((v) => v.version === form.version);
    if (!version) throw notFound('status form version');
    const now = nowIso();
    await this.database.transaction(async (trx) => {
      await this.write(trx, form, 'submitted', { status: 'accepted', accepted_version: version.version, accepted_checksum: version.checksum, comments, updated_at: now, updated_by: actor.displayName });
      await repositories(trx).statusForm.insertReview({ id: newId(), form_id: form.id, version: version.version, decision: 'accepted', comments, at: now, by_user: actor.displayName });
      await this.audit.append(trx, actor, { action: 'accept', entityType: 'status-form', entityId: form.id, regionCode, before: { status: 'submitted' }, after: { roundId, version: version.version, checksum: version.checksum, comments } });
      await this.notify(trx, actor, {
        kind: 'statusform.accepted',
        to: regionCode,
        subject: `${round.period_label}落实情况表第 ${version.version} 版已接受`,
        body: comments ? `审核意见：${comments}` : '落实情况表已接受并归档。',
        link: formLink(roundId, regionCode),
        dedupeKey: `statusform.accepted:${form.id}:${version.version}`,
      });
    });
    return this.detail(actor, roundId, regionCode);
  }

  /**
   * Reminders before the due day (3 days and 1 day before) for every form
   * not yet submitted; `zb serve` calls it when the day turns. Posting twice
   * does nothing (one dedupe key per form and step). Returns how many were posted.
   */
  async remindDue(today: string = this.clock()): Promise<number> {
    const repo = repositories(this.database.db).statusForm;
    const horizon = Math.max(...REMINDER_DAYS);
    const rounds = await repo.roundsDueOn(Array.from({ length: horizon + 1 }, (_, i) => addDays(today, i)));
    const forms = await repo.unsubmittedForms(rounds.map((r) => r.id));
    if (!this.inbox || !forms.length) return 0;
    let posted = 0;
    await this.database.transaction(async (trx) => {
      for (const f of forms) {
        const round = rounds.find((r) => r.id === f.round_id)!;
        const step = reminderStep(round.due_day, today);
        if (step === null) continue;
        const ok = await this.inbox!.post(trx, {
          kind: 'statusform.reminder',
          to: { regionOffice: f.region_code },
          subject: `提醒：${round.period_label}落实情况表将于 ${round.due_day} 截止${step === 1 ? '（明天）' : `（${step} 天内）`}，尚未报送`,
          body: `${f.region_name ?? f.region_code}的${round.period_label}落实情况表尚未报送，请在 ${round.due_day} 前完成填报和提交。`,
          link: formLink(round.id, f.region_code),
          dueDay: round.due_day,
          dedupeKey: `statusform.reminder:${f.id}:${step}`,
        });
        if (ok) posted++;
      }
    });
    return posted;
  }

  // ——— helpers ———

  /** The caller's subtree as a region-code prefix ('' = all), or null when it sees no region office. */
  private prefixOf(actor: Actor): string | null {
    const scope = scopeOf(actor);
    return scope.kind === 'all' ? '' : scope.kind === 'region' ? scope.prefix : null;
  }

  private async editableForm(actor: Actor, roundId: string, regionCode: string) {
    assertCan(actor, 'statusform.submit', { orgPath: null, regionCode });
    const found = await this.form(actor, roundId, regionCode);
    if (!isOwnOffice(actor, regionCode)) throw new AppError('FORBIDDEN', { fields: [{ path: 'regionCode', key: 'statusform.own' }] });
    assertState(found.form.status as FormStatus, editable);
    return found;
  }

  private async reviewableForm(actor: Actor, roundId: string, regionCode: string) {
    assertCan(actor, 'statusform.review', { orgPath: null, regionCode });
    const found = await this.form(actor, roundId, regionCode);
    if (!isReviewerOf(actor, regionCode)) throw new AppError('FORBIDDEN', { fields: [{ path: 'regionCode', key: 'statusform.reviewer' }] });
    assertState(found.form.status as FormStatus, reviewable);
    return found;
  }

  /** The stored content (or a fresh prefill) with the office's edits applied; field errors refuse it. */
  private async applied(round: Round, form: StatusFormView, body: FormDraftBody): Promise<FormContent> {
    const live = await this.live(round, form.region_code);
    const base = form.content_json ? (JSON.parse(form.content_json) as FormContent) : live.content;
    const { content, errors } = applyDraft(base, body, [...live.candidates, ...live.list]);
    if (errors.length) throw new AppError('VALIDATION_FAILED', { fields: errors });
    return content;
  }

  /** Updates a form only if it is still in the state it was read in (two people at once: the second is refused). */
  private async write(trx: Kysely<DB>, form: StatusFormView, from: string, patch: Parameters<ReturnType<typeof repositories>['statusForm']['updateForm']>[2]) {
    if (!(await repositories(trx).statusForm.updateForm(form.id, from, patch))) {
      const now = await repositories(trx).statusForm.findForm(form.round_id, form.region_code);
      throw stateError((now?.status ?? from) as FormStatus);
    }
  }

  /**
   * The live data of a region's subtree: the figures (agencies in scope,
   * completed, verified, computers, covered installs, spent in the period),
   * the newly completed of the period, and the others done by its end.
   */
  private async live(round: Round, regionCode: string): Promise<{ content: FormContent; list: Candidate[]; candidates: Candidate[] }> {
    const def = await this.campaigns.definition(round.campaign_id);
    const repos = repositories(this.database.db);
    const agencies = await repos.statusForm.subtreeAgencies(def.row.id, def.levels, regionPrefix(regionCode));
    const spent = await repos.statusForm.spentWithin(
      agencies.map((a) => a.id),
      round.period_start,
      round.period_end,
    );
    const now = nowIso();
    const end = dayEndUtc(round.period_end) < now ? dayEndUtc(round.period_end) : now;
    const [atStart, atEnd] = await Promise.all([repos.campaign.statusesAsOf(def.row.id, dayStartUtc(round.period_start)), repos.campaign.statusesAsOf(def.row.id, end)]);
    const names = await repos.statusForm.regionNames([...new Set(agencies.map((a) => a.region_code))]);
    const { list, candidates } = newlyCompleted(agencies, atStart, atEnd, names);
    return { content: freshContent(prefillFigures(agencies, spent), list, now), list, candidates };
  }

  private async notify(trx: Kysely<DB>, actor: Actor, m: { kind: 'statusform.round' | 'statusform.submitted' | 'statusform.returned' | 'statusform.accepted'; to: string; subject: string; body: string; link: string; dueDay?: string; dedupeKey: string }) {
    if (!this.inbox) return;
    await this.inbox.post(trx, { kind: m.kind, to: { regionOffice: m.to }, subject: m.subject, body: m.body, link: m.link, dueDay: m.dueDay ?? null, dedupeKey: m.dedupeKey }, actor.displayName);
  }

  private roundView(r: Round, counts?: { round_id: string; status: string; late: number; unsubmitted: number; n: number }[]): RoundView {
    const today = this.clock();
    const c = { expected: 0, draft: 0, submitted: 0, returned: 0, accepted: 0, late: 0, missing: 0 };
    for (const x of counts ?? []) {
      c.expected += x.n;
      c[x.status as FormStatus] += x.n;
      if (x.late) c.late += x.n;
      if (x.unsubmitted && isMissing(0, r.due_day, today)) c.missing += x.n;
    }
    return {
      id: r.id,
      campaignId: r.campaign_id,
      campaignName: r.campaign_name,
      periodLabel: r.period_label,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      levels: JSON.parse(r.levels_json) as FormLevel[],
      dueDay: r.due_day,
      note: r.note,
      createdBy: r.created_by,
      createdAt: r.created_at,
      overdue: today > r.due_day,
      counts: c,
    };
  }
}

const formLink = (roundId: string, regionCode: string) => `/campaign/status-forms/${roundId}/${regionCode}`;

function stateError(status: FormStatus) {
  return new AppError('VALIDATION_FAILED', { fields: [{ path: 'status', key: 'statusform.state', params: { status: FORM_STATUS_LABELS[status] } }] });
}

function assertState(status: FormStatus, ok: (s: FormStatus) => boolean) {
  if (!ok(status)) throw stateError(status);
}

function toRow(f: StatusFormView, round: StatusRoundRow, today: string): FormRow {
  return {
    id: f.id,
    roundId: f.round_id,
    regionCode: f.region_code,
    regionName: f.region_name,
    level: f.level as FormLevel,
    reviewerCode: reviewerOf(f.region_code),
    status: f.status as FormStatus,
    started: f.content_json !== null,
    version: Number(f.version),
    firstSubmittedAt: f.first_submitted_at,
    lastSubmittedAt: f.last_submitted_at,
    late: Number(f.late) === 1,
    missing: isMissing(Number(f.version), round.due_day, today),
    acceptedVersion: f.accepted_version === null ? null : Number(f.accepted_version),
  };
}

/** Counts of rows already read (the same shape the repository groups by). */
function countsOfRows(roundId: string, rows: readonly FormRow[]) {
  return rows.map((r) => ({ round_id: roundId, status: r.status, late: r.late ? 1 : 0, unsubmitted: r.version === 0 ? 1 : 0, n: 1 }));
}
