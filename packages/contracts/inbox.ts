import { z } from 'zod';
import { pageQuery } from './common.ts';

type Label = { 'zh-CN': string; 'en-US': string };

/**
 * Messages in a user's inbox (待办与通知): what a module asks of an office
 * (a status form to submit, a questionnaire to answer, a rectification
 * notice) and what it tells it (a form returned or accepted). A message is
 * addressed to one user, to an organization (its administrators), or to a
 * region office (the region administrators of exactly that region;
 * `000000` = the national office).
 */
export const INBOX_KINDS = ['notice', 'statusform.round', 'statusform.reminder', 'statusform.submitted', 'statusform.returned', 'statusform.accepted', 'inspection.assigned', 'inspection.notice', 'inspection.questionnaire'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export const INBOX_KIND_LABELS: Record<InboxKind, Label> = {
  notice: { 'zh-CN': '通知', 'en-US': 'Notice' },
  'statusform.round': { 'zh-CN': '落实情况表填报任务', 'en-US': 'Status form requested' },
  'statusform.reminder': { 'zh-CN': '落实情况表报送提醒', 'en-US': 'Status form reminder' },
  'statusform.submitted': { 'zh-CN': '落实情况表待审核', 'en-US': 'Status form to review' },
  'statusform.returned': { 'zh-CN': '落实情况表被退回', 'en-US': 'Status form returned' },
  'statusform.accepted': { 'zh-CN': '落实情况表已接受', 'en-US': 'Status form accepted' },
  'inspection.assigned': { 'zh-CN': '督查任务', 'en-US': 'Inspection assigned' },
  'inspection.notice': { 'zh-CN': '督查整改通知', 'en-US': 'Inspection rectification notice' },
  'inspection.questionnaire': { 'zh-CN': '书面督查问卷', 'en-US': 'Written inspection questionnaire' },
};

export const inboxListQuery = pageQuery.extend({
  /** only messages I have not read */
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type InboxListQuery = z.infer<typeof inboxListQuery>;

export const inboxMessageSchema = z.object({
  id: z.string(),
  kind: z.enum(INBOX_KINDS),
  /** who it was addressed to: user, organization or region office */
  to: z.object({ kind: z.enum(['user', 'org', 'region-office']), id: z.string(), name: z.string().nullable() }),
  subject: z.string(),
  body: z.string(),
  /** where in the application the matter is handled (a path of the web UI) */
  link: z.string().nullable(),
  /** the day the matter is due, when it has one */
  dueDay: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});
export type InboxMessage = z.infer<typeof inboxMessageSchema>;

export const inboxPageSchema = z.object({ items: z.array(inboxMessageSchema), total: z.number().int(), unread: z.number().int() });
export type InboxPage = z.infer<typeof inboxPageSchema>;
export const inboxUnreadSchema = z.object({ unread: z.number().int() });
