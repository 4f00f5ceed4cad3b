import { z } from 'zod';
import { regionCodeSchema } from './common.ts';

/** Region levels of GB/T 2260 (行政区划): 省级, 地级, 县级. */
export const REGION_LEVELS = ['province', 'prefecture', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parentCode: z.string().nullable(),
  hasChildren: z.boolean(),
});
export type Region = z.infer<typeof regionSchema>;

export const regionListQuery = z.object({
  parent: regionCodeSchema.optional().describe('children of this region; provinces when absent'),
  q: z.string().trim().min(1).max(50).optional().describe('search by name or code; returns matches with their ancestors'),
});

export const regionListResponse = z.object({ items: z.array(regionSchema) });
export const regionDetailResponse = z.object({ region: regionSchema, ancestors: z.array(regionSchema) });
