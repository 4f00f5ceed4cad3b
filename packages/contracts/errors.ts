import type { Bilingual, Lang } from './i18n.ts';

/**
 * Business error codes. One place (apps/server/errors.ts) maps each code to
 * an HTTP status with an exhaustive switch.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'CSRF_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'USCC_TAKEN',
  'USERNAME_TAKEN',
  'ORG_PARENT_CYCLE',
  'ORG_HAS_CHILDREN',
  'REGION_UNKNOWN',
  'IMPORT_REJECTED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_FILE',
  'SNAPSHOT_EXISTS',
  'BULLETIN_PUBLISHED',
  'DOC_NUMBER_TAKEN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_MESSAGES: Record<ErrorCode, Bilingual> = {
  VALIDATION_FAILED: { 'zh-CN': '提交的数据有误，请检查标出的字段', 'en-US': 'The submitted data is invalid; check the marked fields' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', 'en-US': 'Please sign in first' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong user name or password' },
  ACCOUNT_LOCKED: { 'zh-CN': '登录失败次数过多，账号已暂时锁定，请稍后再试', 'en-US': 'Too many failed sign-ins; the account is locked for a while' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', 'en-US': 'Too many requests; try again later' },
  CSRF_FAILED: { 'zh-CN': '安全校验失败（CSRF），请刷新页面后重试', 'en-US': 'Security check failed (CSRF); reload the page and try again' },
  FORBIDDEN: { 'zh-CN': '无权执行此操作或访问此数据', 'en-US': 'You are not allowed to do this or see this data' },
  NOT_FOUND: { 'zh-CN': '记录不存在', 'en-US': 'Not found' },
  USCC_TAKEN: { 'zh-CN': '该统一社会信用代码已被其他单位使用', 'en-US': 'Another organization already has this unified social credit code' },
  USERNAME_TAKEN: { 'zh-CN': '用户名已存在', 'en-US': 'This user name is taken' },
  ORG_PARENT_CYCLE: { 'zh-CN': '上级单位不能是本单位或其下级单位', 'en-US': 'The parent organization cannot be the organization itself or one of its children' },
  ORG_HAS_CHILDREN: { 'zh-CN': '该单位仍有下级单位，不能删除', 'en-US': 'The organization still has child organizations' },
  REGION_UNKNOWN: { 'zh-CN': '行政区划代码不存在', 'en-US': 'Unknown region code' },
  IMPORT_REJECTED: { 'zh-CN': '导入文件中有错误行，未导入任何数据', 'en-US': 'The file has invalid rows; nothing was imported' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '提交的内容过大', 'en-US': 'The request body is too large' },
  UNSUPPORTED_FILE: { 'zh-CN': '不支持的文件格式', 'en-US': 'Unsupported file format' },
  SNAPSHOT_EXISTS: { 'zh-CN': '该日期已有快照；已发布的快照不能修改或重做', 'en-US': 'A snapshot of this day exists; a published snapshot cannot be changed or retaken' },
  BULLETIN_PUBLISHED: { 'zh-CN': '该通报已发布，不能再修改或删除', 'en-US': 'The bulletin is published; it can no longer be changed or deleted' },
  DOC_NUMBER_TAKEN: { 'zh-CN': '该文号已被另一份已发布的通报使用', 'en-US': 'Another published bulletin already has this document number' },
  INTERNAL: { 'zh-CN': '服务器内部错误', 'en-US': 'Internal server error' },
};

/** A field-level problem: where, a stable code, and the message in the caller's language. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[]; details?: unknown };
}

export function errorMessage(code: ErrorCode, lang: Lang): string {
  return ERROR_MESSAGES[code][lang];
}
