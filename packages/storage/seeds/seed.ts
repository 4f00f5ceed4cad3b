export type SeedProfile = 'demo' | 'empty';
export const SEED_PROFILES = ['demo', 'empty'] as const;
