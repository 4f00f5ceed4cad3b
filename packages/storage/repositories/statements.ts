import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { isPostgres } from './dialect.ts';

/*
 * Statements of the ingestion hot path (an agent inventory runs a dozen)
 * as SQL text, run through kysely's executor without its query builder and
 * compiler: building and compiling the node tree of a small statement
 * costs ~20 µs of the main thread, three times what SQLite takes to run it.
 * The text is written once with `?` placeholders and numbered ($1, $2 …)
 * for PostgreSQL; identifiers are quoted, values are always parameters.
 */

/** Texts numbered for PostgreSQL, by their `?` form (bounded: texts vary with list lengths). */
const numbered = new Map<string, string>();

function forDialect(db: Kysely<DB>, text: string): string {
  if (!isPostgres(db)) return text;
  let t = numbered.get(text);
  if (t === undefined) {
    let n = 0;
    t = text.replace(/\?/g, () => `$${++n}`);
    if (numbered.size >= 1000) numbered.clear();
    numbered.set(text, t);
  }
  return t;
}

/** Runs a statement written with `?` placeholders; the rows it returns. */
export async function runStatement<R>(db: Kysely<DB>, text: string, params: readonly unknown[]): Promise<R[]> {
  const r = await db.executeQuery<R>(CompiledQuery.raw(forDialect(db, text), params as unknown[]));
  return r.rows;
}

/** A quoted identifier (the names here are the schema's own, never user input). */
const q = (name: string) => `"${name}"`;

/** `(?, ?, …)` for n values. */
export function placeholders(n: number): string {
  return `(${new Array<string>(n).fill('?').join(', ')})`;
}

/** The columns of a row that have a value (undefined ones are left out, as kysely's values() and set() do), and their values. */
function defined(row: object): { columns: string[]; values: unknown[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const [c, v] of Object.entries(row)) {
    if (v === undefined) continue;
    columns.push(c);
    values.push(v);
  }
  return { columns, values };
}

/**
 * Inserts one row; `conflict` names the unique columns and the columns an
 * existing row takes from the new one (an upsert).
 */
export async function insertRow(db: Kysely<DB>, table: keyof DB & string, row: object, conflict?: { on: readonly string[]; update: readonly string[] }): Promise<void> {
  const { columns, values } = defined(row);
  let text = `insert into ${q(table)} (${columns.map(q).join(', ')}) values ${placeholders(columns.length)}`;
  if (conflict) text += ` on conflict (${conflict.on.map(q).join(', ')}) do update set ${conflict.update.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`;
  await runStatement(db, text, values);
}

/** Sets the defined columns of `patch` on the rows whose `where` columns equal the given values. */
export async function updateRows(db: Kysely<DB>, table: keyof DB & string, patch: object, where: Record<string, unknown>): Promise<void> {
  const { columns, values } = defined(patch);
  if (columns.length === 0) return;
  const keys = Object.keys(where);
  const text = `update ${q(table)} set ${columns.map((c) => `${q(c)} = ?`).join(', ')} where ${keys.map((k) => `${q(k)} = ?`).join(' and ')}`;
  await runStatement(db, text, [...values, ...keys.map((k) => where[k])]);
}
