import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the parser tests find their data: the reference files in
 * ../shared/data beside the repository (absent in a user's clone, so tests
 * that read them skip), and the fixtures written for these tests.
 */
export const SHARED_DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

/** Absolute path of a folder under ../shared/data. */
export const sharedData = (sub: string): string => `${SHARED_DATA}${sub}`;

/** True when that folder exists. */
export const hasSharedData = (sub: string): boolean => fs.existsSync(sharedData(sub));

/** Contents of a fixture written for these tests. */
export const fixture = (name: string): Buffer => fs.readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
