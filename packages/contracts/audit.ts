import { z } from 'zod';
import { pageQuery } from './common.ts';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'login', 'logout', 'import', 'token.create', 'token.revoke', 'transfer', 'recompute'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditRecordSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  orgId: z.string().nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditListQuery = pageQuery.extend({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  action: z.string().max(50).optional(),
  from: z.string().date().optional(),
  to: z.string().date().optional(),
});

/** Result of walking the hash chain. */
export const auditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  headSeq: z.number().int().nullable(),
  problem: z
    .object({
      seq: z.number().int(),
      kind: z.enum(['altered', 'missing', 'broken-link', 'head-mismatch']),
      message: z.string(),
    })
    .nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResult>;
