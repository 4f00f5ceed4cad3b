export const ROOT: string;
export function newestMtime(dirs: string[]): number;
export function ensureServerBundle(): Promise<string>;
