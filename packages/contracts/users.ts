import { z } from 'zod';
import { LIMITS, idSchema, pageQuery, regionCodeSchema } from './common.ts';

/**
 * Roles. Scope: national admin sees everything; region admin a region
 * subtree; organization admin one organization and its children; finance,
 * auditor either a region subtree or an organization subtree (or national
 * when neither is set); inspector only what is assigned to them.
 */
export const ROLES = ['national_admin', 'region_admin', 'org_admin', 'finance', 'auditor', 'inspector'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { 'zh-CN': string; 'en-US': string }> = {
  national_admin: { 'zh-CN': '国家管理员', 'en-US': 'National admin' },
  region_admin: { 'zh-CN': '地区管理员', 'en-US': 'Region admin' },
  org_admin: { 'zh-CN': '单位管理员', 'en-US': 'Organization admin' },
  finance: { 'zh-CN': '财务/采购', 'en-US': 'Finance' },
  auditor: { 'zh-CN': '审计', 'en-US': 'Auditor' },
  inspector: { 'zh-CN': '督查员', 'en-US': 'Inspector' },
};

/** At least 8 characters with a letter and a digit. */
export const passwordSchema = z
  .string()
  .max(200)
  .refine((p) => p.length >= 8 && /[A-Za-z]/.test(p) && /\d/.test(p), { message: 'password.weak' });

export const usernameSchema = z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9_.@-]+$/);

const scopeFields = {
  role: z.enum(ROLES),
  regionCode: regionCodeSchema.nullable().optional(),
  orgId: idSchema.nullable().optional(),
};

type ScopeFields = { role: Role; regionCode?: string | null; orgId?: string | null };

/** Region admins need a region; organization admins an organization. */
export function checkScope(v: ScopeFields, ctx: z.RefinementCtx) {
  if (v.role === 'region_admin' && !v.regionCode) ctx.addIssue({ code: 'custom', path: ['regionCode'], message: 'user.scope.region' });
  if (v.role === 'org_admin' && !v.orgId) ctx.addIssue({ code: 'custom', path: ['orgId'], message: 'user.scope.org' });
}

export const userCreateBody = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(LIMITS.name),
    password: passwordSchema,
    ...scopeFields,
  })
  .strict()
  .superRefine(checkScope);
export type UserCreateInput = z.infer<typeof userCreateBody>;

export const userUpdateBody = z
  .object({
    displayName: z.string().trim().min(1).max(LIMITS.name),
    password: passwordSchema.optional(),
    disabled: z.boolean().default(false),
    ...scopeFields,
  })
  .strict()
  .superRefine(checkScope);
export type UserUpdateInput = z.infer<typeof userUpdateBody>;

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const userListQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
});
