import type { z } from 'zod';
import { api, apiDownload } from '../../../api/client.ts';
import type { Page } from '../../../api/Page.ts';
import type {
  CatalogueProduct,
  LicenceClass,
  LocalRuleCreateInput,
  LocalRuleUpdateInput,
  RecognitionBatchResult,
  RecognitionInput,
  RecognitionRuleDraft,
  ReviewItem,
  RuleOrigin,
  RuleView,
  RulesImportResult,
  SoftwareCategory,
  StoredPreviewResult,
  productOrgSchema,
  rerecognizeResult,
} from '../../../contracts.ts';

export type ProductOrg = z.infer<typeof productOrgSchema>;
export type RerunResult = z.infer<typeof rerecognizeResult>;

/** Filters of the catalogue (软件目录); the booleans travel as 'true' / 'false'. */
export type CatalogueFilters = {
  q?: string;
  category?: SoftwareCategory;
  licenceClass?: LicenceClass;
  domestic?: boolean;
  requiresLicence?: boolean;
};

export type Paging = {
  page: number;
  pageSize: number;
};

const rule = (ruleId: string) => `/api/recognition/rules/${encodeURIComponent(ruleId)}`;

/** 软件识别: the review queue, the catalogue, recognition rules and batch recognition. */
export const recognitionApi = {
  /** Unrecognised and low-confidence names, most devices first (in the user's scope). */
  review: (query: { q?: string } & Paging) => api.get<Page<ReviewItem>>('/api/recognition/review', query),
  /** Recognised products with device and organization counts in the user's scope. */
  catalogue: (query: CatalogueFilters & Paging) => api.get<Page<CatalogueProduct>>('/api/catalogue/products', query),
  /** The organizations that have a product, with device counts. */
  productOrgs: (productKey: string, paging: Paging) => api.get<Page<ProductOrg>>('/api/catalogue/product-orgs', { productKey, ...paging }),

  rules: (query: { origin: RuleOrigin | 'all'; q?: string } & Paging) => api.get<Page<RuleView>>('/api/recognition/rules', query),
  rule: (ruleId: string) => api.get<RuleView>(rule(ruleId)),
  createRule: (body: LocalRuleCreateInput) => api.post<RuleView>('/api/recognition/rules', body),
  updateRule: (ruleId: string, body: LocalRuleUpdateInput) => api.put<RuleView>(rule(ruleId), body),
  deleteRule: (ruleId: string) => api.delete<{ ok: true }>(rule(ruleId)),
  /** What a draft rule would match among every stored title, before saving it. */
  previewStored: (draft: RecognitionRuleDraft) => api.post<StoredPreviewResult>('/api/recognition/rules/preview-stored', { rule: draft }),
  /** Recognises every stored title again with the current rules. */
  rerun: () => api.post<RerunResult>('/api/recognition/rerun'),
  /** Downloads the local rules as a shareable YAML or JSON file. */
  exportRules: (format: 'yaml' | 'json') => apiDownload('/api/recognition/rules/export', { format }, `recognition-rules.${format}`),
  /** Imports a rule file given as text; nothing is written when a rule is invalid. */
  importRules: (body: { content: string; mode: 'upsert' | 'replace'; dryRun: boolean }) => api.post<RulesImportResult>('/api/recognition/rules/import', body),

  /** Recognises up to 50,000 raw names at once. */
  batch: (rows: RecognitionInput[]) => api.post<RecognitionBatchResult>('/api/recognition/batch', { rows }),
};
