import type { Bilingual, Lang } from './i18n.ts';

/**
 * Messages for field-level problems. Custom checks in the zod contracts use
 * one of these keys as their message; the server translates the key.
 */
export const FIELD_MESSAGES = {
  required: { 'zh-CN': '必填', 'en-US': 'Required' },
  'uscc.length': { 'zh-CN': '统一社会信用代码应为 18 位', 'en-US': 'The unified social credit code has 18 characters' },
  'uscc.charset': {
    'zh-CN': '统一社会信用代码含有非法字符（只允许数字和除 I、O、Z、S、V 以外的大写字母）',
    'en-US': 'The unified social credit code has an invalid character (digits and capital letters except I, O, Z, S, V)',
  },
  'uscc.checksum': {
    'zh-CN': '统一社会信用代码校验位错误（GB 32100-2015）',
    'en-US': 'The check character of the unified social credit code is wrong (GB 32100-2015)',
  },
  'username.taken': { 'zh-CN': '用户名已存在', 'en-US': 'This user name is taken' },
  'uscc.taken': { 'zh-CN': '该统一社会信用代码已被其他单位使用', 'en-US': 'Another organization already has this code' },
  'import.forbidden': { 'zh-CN': '无权导入或修改此单位（超出管辖范围）', 'en-US': 'Outside your scope: you may not import or change this organization' },
  'import.region': { 'zh-CN': '行政区划代码不存在', 'en-US': 'Unknown region code' },
  'region.code': { 'zh-CN': '行政区划代码应为 6 位数字', 'en-US': 'A region code has 6 digits' },
  'org.kind.agency': { 'zh-CN': '政府机关须填写机关类别', 'en-US': 'A government agency needs an agency kind' },
  'org.kind.enterprise': { 'zh-CN': '企业须填写企业性质和所属行业', 'en-US': 'An enterprise needs an ownership and an industry' },
  'password.weak': {
    'zh-CN': '密码至少 8 位，且须同时包含字母和数字',
    'en-US': 'A password has at least 8 characters with letters and digits',
  },
  'user.scope.region': { 'zh-CN': '该角色须指定管辖的行政区划', 'en-US': 'This role needs a region' },
  'user.scope.org': { 'zh-CN': '该角色须指定所属单位', 'en-US': 'This role needs an organization' },
  'import.parent': { 'zh-CN': '找不到上级单位（按统一社会信用代码）', 'en-US': 'Parent organization not found (by unified social credit code)' },
  'import.duplicate': { 'zh-CN': '文件中重复的统一社会信用代码', 'en-US': 'Duplicate unified social credit code in the file' },
  'import.value': { 'zh-CN': '取值不在可选范围内', 'en-US': 'Value is not one of the allowed choices' },
  'date.day': { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'A date is written YYYY-MM-DD' },
  'date.order': { 'zh-CN': '结束日期不能早于开始日期', 'en-US': 'The end date is before the start date' },
  'currency.code': { 'zh-CN': '币种应为 3 位字母代码（如 CNY）', 'en-US': 'A currency is a three-letter code (e.g. CNY)' },
  'entitlement.oem.serial': { 'zh-CN': 'OEM 授权须填写所绑定设备的 BIOS 序列号', 'en-US': 'An OEM licence needs the BIOS serial of its device' },
  'entitlement.oem.only': { 'zh-CN': '只有 OEM 授权绑定设备序列号', 'en-US': 'Only OEM licences are bound to a device serial' },
  'entitlement.oem.scope': { 'zh-CN': 'OEM 授权只适用于本单位，不可共享', 'en-US': 'An OEM licence belongs to its organization only' },
  'entitlement.oem.transfer': { 'zh-CN': 'OEM 授权随设备绑定，不可转让', 'en-US': 'An OEM licence is bound to its device and cannot be transferred' },
  'entitlement.volume.agreement': { 'zh-CN': '批量许可须填写协议号', 'en-US': 'A volume licence needs its agreement number' },
  'entitlement.subscription.end': { 'zh-CN': '订阅须填写到期日期', 'en-US': 'A subscription needs its end date' },
  'entitlement.quantity': { 'zh-CN': '该计量方式须填写大于 0 的数量', 'en-US': 'This metric needs a quantity above 0' },
  'entitlement.scope.region': { 'zh-CN': '集中采购须指定适用的行政区划', 'en-US': 'A central purchase needs the region it covers' },
  'entitlement.scope.outside': { 'zh-CN': '适用区划须包含本单位所在区划', 'en-US': "The region must contain the owner's region" },
  'entitlement.product': { 'zh-CN': '产品标识应为“发行商/产品”形式（见软件目录）', 'en-US': 'A product key reads publisher/product (see the catalogue)' },
  'transfer.quantity': { 'zh-CN': '转让数量超过可转让的剩余数量', 'en-US': 'More than the units left to transfer' },
  'transfer.same': { 'zh-CN': '不能转让给本单位', 'en-US': 'Cannot transfer to the same organization' },
  'transfer.unlimited': { 'zh-CN': '场地和免费授权没有数量，不能部分转让', 'en-US': 'Site and free licences have no quantity to transfer' },
  'task.assignee': { 'zh-CN': '责任人须为该单位或其上级的用户', 'en-US': 'The assignee must be a user of the organization or above it' },
  'task.noShortfall': { 'zh-CN': '该产品没有授权缺口，无需整改', 'en-US': 'This product has no shortfall to rectify' },
  // Rectification campaign (检查整改). {placeholders} are filled from the error's params.
  'campaign.deadlines': { 'zh-CN': '至少为一个级别设置整改期限', 'en-US': 'Set a deadline for at least one level' },
  'campaign.closed': { 'zh-CN': '该检查整改已结束，不能再变更进度', 'en-US': 'The campaign is closed; progress can no longer change' },
  'campaign.outOfScope': { 'zh-CN': '该单位不在本次检查整改范围内（仅限设有期限级别的政府机关）', 'en-US': 'The organization is not in the campaign (government agencies of a level with a deadline only)' },
  'campaign.transition': { 'zh-CN': '不能从“{from}”变为“{to}”', 'en-US': 'Cannot move from "{from}" to "{to}"' },
  'campaign.levelAbove': { 'zh-CN': '只能由上级（所在行政区划的管理员或国家管理员）执行', 'en-US': 'Only the level above (an administrator of the region or the national office) may do this' },
  'campaign.evidence.none': {
    'zh-CN': '该单位尚无资产清查数据（没有计算机），无法证明已完成整改；可申请上级批准的例外说明',
    'en-US': 'The organization has no inventory (no computers), so nothing shows the rectification is done; request an exception from the level above',
  },
  'campaign.evidence.below': { 'zh-CN': '{category}正版化率 {rate}，未达到目标 {threshold}', 'en-US': '{category} legalization rate {rate} is below the target {threshold}' },
  'campaign.exception.pending': { 'zh-CN': '该单位已有待审批的例外申请', 'en-US': 'An exception request of this organization is already pending' },
  'campaign.exception.decided': { 'zh-CN': '该例外申请已审批', 'en-US': 'This exception request has already been decided' },
  'snapshot.future': { 'zh-CN': '快照日期不能晚于今天', 'en-US': 'A snapshot cannot be of a day after today' },
  'snapshot.campaign': { 'zh-CN': '没有进行中的检查整改，无法生成快照', 'en-US': 'There is no active campaign to take a snapshot of' },
  // Status forms (落实情况表).
  'statusform.note': { 'zh-CN': '删除预填单位或补充单位须填写说明', 'en-US': 'Taking out a prefilled entry or adding one needs a note' },
  'statusform.subject': { 'zh-CN': '只能补充本辖区内已完成整改的省级机关或地市、县级政府', 'en-US': 'Only provincial agencies or prefecture/county governments of your region that have completed may be added' },
  'statusform.state': { 'zh-CN': '落实情况表当前状态为“{status}”，不能执行此操作', 'en-US': 'The status form is "{status}"; this cannot be done now' },
  'statusform.own': { 'zh-CN': '只有本级地区管理员可以填报本地区的落实情况表', 'en-US': "Only the region's own administrators fill in and submit its status form" },
  'statusform.reviewer': { 'zh-CN': '只能由上一级（省级由国家管理员，地市级由所在省）审核', 'en-US': 'Only the level above reviews (a province: the national office; a prefecture: its province)' },
  'statusform.offices': { 'zh-CN': '所选级别中没有纳入整改范围的地区，无需填报', 'en-US': 'No region office of these levels has agencies in the campaign; nobody would report' },
  // Supervision inspections (督查).
  'inspection.question.duplicate': { 'zh-CN': '问题编号重复', 'en-US': 'Two questions have the same id' },
  'inspection.type': { 'zh-CN': '此操作不适用于该类型的督查', 'en-US': 'This does not apply to this type of inspection' },
  'inspection.status': { 'zh-CN': '督查计划当前状态为“{status}”，不能执行此操作', 'en-US': 'The plan is "{status}"; this cannot be done now' },
  'inspection.inspector': { 'zh-CN': '只能指派督查员角色的用户', 'en-US': 'Only users with the inspector role can be assigned' },
  'inspection.region': { 'zh-CN': '行政区划代码不存在', 'en-US': 'Unknown region code' },
  'inspection.notSampled': { 'zh-CN': '该单位不在本次督查的抽查名单中', 'en-US': 'The organization is not in the sample of this inspection' },
  'inspection.notSampledYet': { 'zh-CN': '尚未抽取督查对象', 'en-US': 'Nothing has been sampled yet' },
  'inspection.resample': { 'zh-CN': '已有上传的检查结果，不能重新抽样', 'en-US': 'Scan results were uploaded already; the sample can no longer change' },
  'inspection.scan.unsigned': { 'zh-CN': '督查上传的扫描结果文件必须签名（zb keys create 后 zb scan --out）', 'en-US': 'Inspection scan files must be signed (zb keys create, then zb scan --out)' },
  'inspection.scan.invalid': { 'zh-CN': '扫描结果文件未通过校验：{reason}', 'en-US': 'The scan result file failed the check: {reason}' },
  'inspection.scan.unregistered': {
    'zh-CN': '签名密钥未登记：文件由密钥 {keyId}（{signer}）签名，该密钥未在系统中登记。请在“个人设置 → 签名密钥”中登记公钥后重新上传',
    'en-US': 'The signing key {keyId} ({signer}) is not registered: register its public key under Settings → Signing keys, then upload again',
  },
  'inspection.scan.revoked': {
    'zh-CN': '签名密钥 {keyId}（{signer}）已于 {at} 吊销，用它签名的文件不再接受',
    'en-US': 'The signing key {keyId} ({signer}) was revoked on {at}; files signed with it are no longer accepted',
  },
  'inspection.scan.notAssigned': {
    'zh-CN': '签名密钥 {keyId} 属于 {owner}，该用户不是本次督查的督查员（或已停用），文件不予接受',
    'en-US': 'The signing key {keyId} belongs to {owner}, who is not an inspector of this plan (or is disabled); the file is refused',
  },
  'inspection.followUp': { 'zh-CN': '不能从“{from}”变为“{to}”', 'en-US': 'Cannot move from "{from}" to "{to}"' },
  'inspection.verify': { 'zh-CN': '只有本次督查的督查员或国家管理员可以核实整改', 'en-US': 'Only the inspectors of this plan or the national office may verify a fix' },
  'inspection.questionnaire.none': { 'zh-CN': '尚未编写问卷', 'en-US': 'There is no questionnaire yet' },
  'inspection.questionnaire.sent': { 'zh-CN': '问卷已下发，不能再修改问题', 'en-US': 'The questionnaire was sent; its questions can no longer change' },
  'inspection.questionnaire.notSent': { 'zh-CN': '问卷尚未下发', 'en-US': 'The questionnaire has not been sent yet' },
  'inspection.answer.office': { 'zh-CN': '只能由被督查地区本级的管理员填写答卷', 'en-US': 'Only the administrators of a target region office may answer for it' },
  'inspection.answer.unknown': { 'zh-CN': '问卷中没有编号为 {id} 的问题', 'en-US': 'The questionnaire has no question {id}' },
  'inspection.campaign': { 'zh-CN': '没有进行中的检查整改，无法提出专项督查建议', 'en-US': 'There is no active campaign to rank provinces by' },
  'inspection.proposal.none': { 'zh-CN': '尚未提出建议名单', 'en-US': 'There is no proposal yet' },
  'inspection.proposal.unknown': { 'zh-CN': '{code} 不在建议名单中', 'en-US': '{code} is not in the proposal' },
  // Bulletins (通报).
  'bulletin.month': { 'zh-CN': '月份格式应为 YYYY-MM', 'en-US': 'A month is written YYYY-MM' },
  'bulletin.month.open': { 'zh-CN': '该月尚未结束，不能生成月度通报', 'en-US': 'The month is not over yet; its bulletin cannot be drafted' },
  'bulletin.scope': { 'zh-CN': '通报范围应为全国（000000）或一个省级行政区划', 'en-US': 'A bulletin covers the nation (000000) or one province' },
  'bulletin.snapshot.missing': { 'zh-CN': '该月的月末快照尚未生成，请国家管理员先生成快照', 'en-US': 'The month-end snapshot of that month has not been taken; the national office takes it' },
  'bulletin.docNumber': { 'zh-CN': '文号格式应为“机关代字〔年份〕序号号”，如 国软正办〔2026〕12号', 'en-US': 'A document number reads organ code〔year〕number号, e.g. 国软正办〔2026〕12号' },
  'bulletin.docNumber.taken': { 'zh-CN': '该文号已被另一份已发布的通报使用', 'en-US': 'Another published bulletin has this document number' },
  // Recognition rules (识别规则).
  'recognition.publisherOnly': {
    'zh-CN': '只有“.”一个匹配模式的规则按发行商匹配，必须填写发行商匹配模式',
    'en-US': 'A rule whose only pattern is "." matches by publisher alone: give its publisher pattern',
  },
  // Signing keys (签名密钥) of `zb scan` result files.
  'signingKey.format': { 'zh-CN': '不是签名公钥：请粘贴 zb keys create 生成的 .pub 文件内容', 'en-US': 'Not a signing public key: paste the content of the .pub file zb keys create wrote' },
  'signingKey.alg': { 'zh-CN': '只支持 ed25519 密钥（.pub 文件中 alg 应为 ed25519）', 'en-US': 'Only ed25519 keys are supported (alg in the .pub file must be ed25519)' },
  'signingKey.publicKey': { 'zh-CN': '公钥应为 32 字节 ed25519 公钥的 base64（44 个字符）', 'en-US': 'The public key must be the base64 of a 32-byte ed25519 key (44 characters)' },
  'signingKey.keyIdFormat': { 'zh-CN': '密钥标识应为 16 位十六进制数字', 'en-US': 'A key id is 16 hexadecimal digits' },
  'signingKey.keyId': { 'zh-CN': '密钥标识 {keyId} 与公钥不符（应为 {expected}），.pub 文件可能被改动过', 'en-US': 'The key id {keyId} does not belong to the public key (which is {expected}); the .pub file may have been edited' },
  'signingKey.duplicate': { 'zh-CN': '您已登记过密钥 {keyId}，无需重复登记', 'en-US': 'You registered the key {keyId} already' },
  'signingKey.revokedBefore': { 'zh-CN': '密钥 {keyId} 已被吊销，不能再次登记；请用 zb keys create 生成新密钥', 'en-US': 'The key {keyId} was revoked and cannot be registered again; create a new one with zb keys create' },
  'signingKey.taken': { 'zh-CN': '密钥 {keyId} 已由其他用户登记；每个密钥只能属于一个人', 'en-US': 'Another user registered the key {keyId}; a key belongs to one person only' },
} as const satisfies Record<string, Bilingual>;
export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

/** A field message in the language, with `{name}` placeholders filled (a parameter may itself be bilingual). */
export function fieldMessage(key: FieldMessageKey, lang: Lang, params?: Record<string, string | Bilingual>): string {
  const text: string = FIELD_MESSAGES[key][lang];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : typeof v === 'string' ? v : v[lang];
  });
}

/** The generic zod issue codes, translated. */
const ZOD_CODES: Record<string, Bilingual> = {
  invalid_type: { 'zh-CN': '类型不正确或缺失', 'en-US': 'Missing or of the wrong type' },
  too_small: { 'zh-CN': '太短或太小', 'en-US': 'Too short or too small' },
  too_big: { 'zh-CN': '太长或太大', 'en-US': 'Too long or too large' },
  invalid_format: { 'zh-CN': '格式不正确', 'en-US': 'Wrong format' },
  invalid_value: { 'zh-CN': '取值不在可选范围内', 'en-US': 'Not one of the allowed values' },
  unrecognized_keys: { 'zh-CN': '包含未知字段', 'en-US': 'Has unknown fields' },
  invalid_union: { 'zh-CN': '取值不正确', 'en-US': 'Invalid value' },
  not_multiple_of: { 'zh-CN': '取值不正确', 'en-US': 'Invalid value' },
  custom: { 'zh-CN': '取值不正确', 'en-US': 'Invalid value' },
};

/** Minimal shape of a zod issue (avoids importing zod here). */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  input?: unknown;
}

/** Translates one validation issue to a field error in the given language. */
export function translateIssue(issue: IssueLike, lang: Lang): { path: string; code: string; message: string } {
  const path = issue.path.map(String).join('.');
  if (issue.message in FIELD_MESSAGES) {
    return { path, code: issue.message, message: FIELD_MESSAGES[issue.message as FieldMessageKey][lang] };
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && 'input' in issue && issue.input === undefined) {
    return { path, code: 'required', message: FIELD_MESSAGES.required[lang] };
  }
  const base = ZOD_CODES[issue.code] ?? ZOD_CODES.custom!;
  let message = base[lang];
  if (issue.code === 'too_small' && issue.minimum !== undefined) {
    message = lang === 'zh-CN' ? `${issue.origin === 'string' ? '长度' : '取值'}不能小于 ${issue.minimum}` : `Must be at least ${issue.minimum}${issue.origin === 'string' ? ' characters' : ''}`;
  } else if (issue.code === 'too_big' && issue.maximum !== undefined) {
    message = lang === 'zh-CN' ? `${issue.origin === 'string' ? '长度' : '取值'}不能大于 ${issue.maximum}` : `Must be at most ${issue.maximum}${issue.origin === 'string' ? ' characters' : ''}`;
  }
  return { path, code: `zod.${issue.code}`, message };
}
