import { z } from 'zod';
import { pageQuery } from './common.ts';
import { INSTALL_SOURCES, LICENCE_CLASSES, SOFTWARE_CATEGORIES, recognitionResultSchema, recognitionRuleDraftSchema } from './recognition.ts';

/** The review queue (待识别): names nothing recognised, or only with low confidence. */
export const reviewQuery = pageQuery.extend({ q: z.string().trim().max(100).optional().describe('name or publisher contains') });

export const reviewItemSchema = z.object({
  name: z.string(),
  publisher: z.string().nullable(),
  versions: z.array(z.string()),
  /** devices in my scope that have it */
  devices: z.number().int(),
  orgs: z.number().int(),
  /** distinct titles (versions × architectures) behind the row */
  titles: z.number().int(),
  licenceClass: z.enum(LICENCE_CLASSES).nullable(),
  confidence: z.number().nullable(),
  source: z.enum(INSTALL_SOURCES).nullable(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/** The catalogue (软件目录): recognised products in my scope. */
export const catalogueQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional().describe('product, publisher or key contains'),
  category: z.enum(SOFTWARE_CATEGORIES).optional(),
  licenceClass: z.enum(LICENCE_CLASSES).optional(),
  domestic: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  requiresLicence: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
});

export const catalogueVariantSchema = z.object({ edition: z.string().nullable(), majorRelease: z.string().nullable(), licenceClass: z.enum(LICENCE_CLASSES).nullable(), devices: z.number().int() });

export const catalogueProductSchema = z.object({
  productKey: z.string(),
  publisher: z.string().nullable(),
  product: z.string().nullable(),
  category: z.enum(SOFTWARE_CATEGORIES).nullable(),
  licenceClass: z.enum(LICENCE_CLASSES).nullable(),
  requiresLicence: z.boolean(),
  domestic: z.boolean(),
  devices: z.number().int(),
  orgs: z.number().int(),
  titles: z.number().int(),
  /** editions and major releases seen, most installed first */
  variants: z.array(catalogueVariantSchema),
});
export type CatalogueProduct = z.infer<typeof catalogueProductSchema>;

export const productOrgsQuery = pageQuery.extend({ productKey: z.string().min(1).max(300) });
export const productOrgSchema = z.object({ orgId: z.string(), orgName: z.string(), regionCode: z.string(), devices: z.number().int() });

/** Preview of a rule over every stored title (what saving it would change). */
export const storedPreviewBody = z.object({ rule: recognitionRuleDraftSchema }).strict();
export const storedPreviewResult = z.object({
  titles: z.number().int(),
  matched: z.number().int(),
  /** devices in my scope with a matched title */
  devices: z.number().int(),
  items: z.array(
    z.object({
      name: z.string(),
      publisher: z.string().nullable(),
      version: z.string().nullable(),
      devices: z.number().int(),
      before: recognitionResultSchema,
      after: recognitionResultSchema,
    }),
  ),
});
export type StoredPreviewResult = z.infer<typeof storedPreviewResult>;

export const rerecognizeResult = z.object({ titles: z.number().int(), changed: z.number().int() });
