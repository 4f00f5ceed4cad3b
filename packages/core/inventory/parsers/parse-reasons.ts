import type { Bilingual, Lang } from '../../../contracts/i18n.ts';

/**
 * Every `InventoryParseError.reason` the parsers throw, with a message a
 * person can act on, in Chinese and English: what the server returns with
 * its 4xx and what `zb import` prints.
 */
export const PARSE_REASON_MESSAGES = {
  'body-empty': { 'zh-CN': '请求体为空', 'en-US': 'The request body is empty' },
  'body-not-zlib': { 'zh-CN': '请求体既不是 zlib/gzip 压缩数据，也不是 XML/JSON 文本，或压缩数据已损坏', 'en-US': 'The body is neither zlib/gzip data nor XML/JSON text, or the compressed data is corrupt' },
  'body-truncated': { 'zh-CN': '压缩数据不完整（传输被截断？）', 'en-US': 'The compressed data ends early (truncated upload?)' },
  'body-too-large-inflated': { 'zh-CN': '解压后的数据超过上限，已拒绝（可能是压缩炸弹）', 'en-US': 'The data inflates beyond the limit and was refused (possible zip bomb)' },
  'body-too-large': { 'zh-CN': '数据超过大小上限', 'en-US': 'The data is larger than the limit' },
  'xml-encoding-unsupported': { 'zh-CN': '不支持该 XML 编码，请使用 UTF-8、UTF-16、GBK/GB18030、Big5 或 ISO-8859-1', 'en-US': 'Unsupported XML encoding; use UTF-8, UTF-16, GBK/GB18030, Big5 or ISO-8859-1' },
  'xml-encoding-invalid': { 'zh-CN': 'XML 内容与声明的编码不符', 'en-US': 'The XML bytes do not match the declared encoding' },
  'xml-entities-forbidden': { 'zh-CN': '出于安全原因，不接受含 DOCTYPE 或实体声明的 XML', 'en-US': 'XML with a DOCTYPE or entity declarations is not accepted, for security' },
  'xml-malformed': { 'zh-CN': 'XML 格式错误（见行号和列号）', 'en-US': 'Malformed XML (see line and column)' },
  'xml-too-deep': { 'zh-CN': 'XML 元素嵌套层数过多', 'en-US': 'XML elements are nested too deeply' },
  'ocs-wrong-root': { 'zh-CN': '不是 OCS/FusionInventory 请求（根元素应为 REQUEST）', 'en-US': 'Not an OCS/FusionInventory request (the root element must be REQUEST)' },
  'ocs-missing-query': { 'zh-CN': '请求缺少 QUERY', 'en-US': 'The request has no QUERY' },
  'ocs-missing-deviceid': { 'zh-CN': '请求缺少 DEVICEID', 'en-US': 'The request has no DEVICEID' },
  'json-encoding-invalid': { 'zh-CN': 'JSON 不是有效的 UTF-8 编码', 'en-US': 'The JSON is not valid UTF-8' },
  'json-malformed': { 'zh-CN': 'JSON 格式错误', 'en-US': 'Malformed JSON' },
  'glpi-invalid': { 'zh-CN': 'GLPI 清单内容不符合格式（见字段路径）', 'en-US': 'The GLPI inventory does not match the format (see the field path)' },
  'itemtype-unsupported': { 'zh-CN': '只接受计算机的清单（不接受打印机、网络设备、手机等）', 'en-US': 'Only computer inventories are accepted (not printers, network equipment, phones…)' },
  'swid-wrong-root': { 'zh-CN': '不是 SWID 标签（根元素应为 SoftwareIdentity）', 'en-US': 'Not a SWID tag (the root element must be SoftwareIdentity)' },
  'swid-missing-namespace': { 'zh-CN': 'SWID 标签缺少 ISO/IEC 19770-2 命名空间', 'en-US': 'The SWID tag lacks the ISO/IEC 19770-2 namespace' },
  'swid-wrong-namespace': { 'zh-CN': 'SWID 标签的命名空间不是 ISO/IEC 19770-2:2015 或 2014 草案', 'en-US': 'The SWID tag namespace is neither ISO/IEC 19770-2:2015 nor the 2014 draft' },
  'swid-missing-name': { 'zh-CN': 'SWID 标签缺少 name', 'en-US': 'The SWID tag has no name' },
  'swid-missing-tagid': { 'zh-CN': 'SWID 标签缺少 tagId', 'en-US': 'The SWID tag has no tagId' },
  'swid-nested-identity': { 'zh-CN': 'SWID 标签内嵌套了另一个 SoftwareIdentity', 'en-US': 'The SWID tag contains another SoftwareIdentity' },
  'swid-invalid-attribute': { 'zh-CN': 'SWID 标签的属性值无效', 'en-US': 'A SWID tag attribute has an invalid value' },
  'swid-conflicting-kind': { 'zh-CN': 'SWID 标签不能同时是补充、补丁或安装包标签中的两种', 'en-US': 'A SWID tag cannot be two of supplemental, patch and corpus' },
  'swid-supplemental-without-link': { 'zh-CN': '补充标签缺少指向主标签的 Link rel="supplemental"', 'en-US': 'The supplemental tag has no Link rel="supplemental" to its primary tag' },
  'swid-supplemental-link-without-flag': { 'zh-CN': '标签含 Link rel="supplemental" 但未声明 supplemental="true"', 'en-US': 'The tag has a Link rel="supplemental" but not supplemental="true"' },
  'table-unreadable': { 'zh-CN': '无法读取表格文件（请使用 XLSX，或 UTF-8/GBK 编码的 CSV）', 'en-US': 'The sheet cannot be read (use XLSX, or CSV in UTF-8/GBK)' },
  'table-too-large': { 'zh-CN': '表格行数超过上限', 'en-US': 'The sheet has more rows than allowed' },
  'table-headers-missing': { 'zh-CN': '表格缺少模板列（需要“软件名称”及“计算机名称/硬件UUID/BIOS序列号”之一）', 'en-US': 'The sheet lacks the template columns (软件名称 and one of 计算机名称, 硬件UUID, BIOS序列号)' },
  'file-empty': { 'zh-CN': '文件为空', 'en-US': 'The file is empty' },
  'format-unknown': { 'zh-CN': '无法识别的文件格式（支持 OCS/Fusion XML、GLPI JSON、SWID 标签、CSV/XLSX 模板）', 'en-US': 'Unrecognised file format (OCS/Fusion XML, GLPI JSON, SWID tags and the CSV/XLSX template are supported)' },
} as const satisfies Record<string, Bilingual>;

export type ParseReason = keyof typeof PARSE_REASON_MESSAGES;

/** The message of a parse failure reason, or the reason itself when unknown. */
export function parseReasonMessage(reason: string, lang: Lang): string {
  return (PARSE_REASON_MESSAGES as Record<string, Bilingual>)[reason]?.[lang] ?? reason;
}
