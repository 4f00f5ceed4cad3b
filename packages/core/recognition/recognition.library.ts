import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { INSTALL_SOURCES, LICENCE_CLASSES, SOFTWARE_CATEGORIES, patternCompiles, recognitionRuleSchema, type RecognitionRule } from '../../contracts/index.ts';
import { compileLibrary, type PublisherEntry, type Recognizer } from './recognition.rules.ts';

/**
 * The shipped rule library: `library/*.yaml`, one file per publisher or
 * family, reviewed like code. A file gives `defaults` shared by its entries
 * (publisher, domestic flag, category, …) and `entries`, one product each.
 * `library/_publishers.yaml` maps publisher spellings to normalised names.
 */

export const LIBRARY_DIR = fileURLToPath(new URL('./library/', import.meta.url));

const pattern = z.string().min(1).refine(patternCompiles, { message: 'recognition.pattern' });

/** Fields a file may set once for all its entries. */
export const libraryDefaultsSchema = z
  .object({
    publisher: z.string().min(1).optional(),
    publisherMatch: pattern.optional(),
    publisherRequired: z.boolean().optional(),
    domestic: z.boolean().optional(),
    category: z.enum(SOFTWARE_CATEGORIES).optional(),
    licence: z.enum(LICENCE_CLASSES).optional(),
    sources: z.array(z.enum(INSTALL_SOURCES)).optional(),
    priority: z.number().int().optional(),
    confidence: z.number().optional(),
  })
  .strict();

export const libraryFileSchema = z
  .object({
    /** what the file covers, for reviewers */
    about: z.string().optional(),
    defaults: libraryDefaultsSchema.optional(),
    entries: z.array(z.record(z.string(), z.unknown())).min(1),
  })
  .strict();

export const publishersFileSchema = z
  .object({
    about: z.string().optional(),
    publishers: z.array(z.object({ name: z.string().min(1), match: pattern, domestic: z.boolean().optional() }).strict()).min(1),
  })
  .strict();

/** The shipped library as loaded. */
export interface ShippedLibrary {
  rules: RecognitionRule[];
  publishers: PublisherEntry[];
  /** file of each rule id, for error messages and the lint test */
  fileOf: Map<string, string>;
}

/** A problem found while loading (the lint test lists them all). */
export class LibraryError extends Error {
  constructor(readonly problems: string[]) {
    super(`rule library: ${problems.length} problem(s)\n${problems.slice(0, 20).join('\n')}`);
    this.name = 'LibraryError';
  }
}

/** Reads and validates every library file; throws LibraryError listing every problem. */
export function readLibrary(dir: string = LIBRARY_DIR): ShippedLibrary {
  const problems: string[] = [];
  const rules: RecognitionRule[] = [];
  const fileOf = new Map<string, string>();
  let publishers: PublisherEntry[] = [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parseYaml(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (e) {
      problems.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    if (file === '_publishers.yaml') {
      const p = publishersFileSchema.safeParse(doc);
      if (p.success) publishers = p.data.publishers;
      else problems.push(`${file}: ${z.prettifyError(p.error)}`);
      continue;
    }
    const f = libraryFileSchema.safeParse(doc);
    if (!f.success) {
      problems.push(`${file}: ${z.prettifyError(f.error)}`);
      continue;
    }
    f.data.entries.forEach((raw, i) => {
      const r = recognitionRuleSchema.safeParse({ ...f.data.defaults, ...raw });
      const id = typeof raw.id === 'string' ? raw.id : `#${i + 1}`;
      if (!r.success) {
        problems.push(`${file} ${id}: ${z.prettifyError(r.error).replace(/\n/g, ' ')}`);
        return;
      }
      if (fileOf.has(r.data.id)) problems.push(`${file} ${id}: duplicate id (also in ${fileOf.get(r.data.id)})`);
      fileOf.set(r.data.id, file);
      rules.push(r.data);
    });
  }
  for (const r of rules) if (r.parent && !fileOf.has(r.parent)) problems.push(`${fileOf.get(r.id)} ${r.id}: unknown parent ${r.parent}`);
  if (problems.length) throw new LibraryError(problems);
  return { rules, publishers, fileOf };
}

let shipped: ShippedLibrary | null = null;
let shippedRecognizer: Recognizer | null = null;

/** The shipped library, read once per process. */
export function shippedLibrary(): ShippedLibrary {
  shipped ??= readLibrary();
  return shipped;
}

/** A recognizer of the shipped library alone, compiled once per process. */
export function shippedOnlyRecognizer(): Recognizer {
  if (!shippedRecognizer) {
    const lib = shippedLibrary();
    shippedRecognizer = compileLibrary(lib.rules, { publishers: lib.publishers });
  }
  return shippedRecognizer;
}

/** A recognizer of the shipped library with local rules first. */
export function recognizerWith(local: readonly RecognitionRule[]): Recognizer {
  if (local.length === 0) return shippedOnlyRecognizer();
  const lib = shippedLibrary();
  return compileLibrary(lib.rules, { local, publishers: lib.publishers });
}
