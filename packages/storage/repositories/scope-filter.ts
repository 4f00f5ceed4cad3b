import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';

/** A scope as repositories see it (mirrors core's policy Scope without importing core). */
export type ScopeFilter =
  | { kind: 'all' }
  | { kind: 'region'; prefix: string }
  | { kind: 'org'; path: string }
  | { kind: 'none' };

/**
 * WHERE clause limiting rows to a scope, given the columns that hold the
 * row's region code and organization path.
 */
export function scopeWhere<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: ScopeFilter,
  cols: { region: string; path: string },
): Expression<SqlBool> {
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'none':
      return sql<SqlBool>`1 = 0`;
    case 'region':
      return sql<SqlBool>`${sql.ref(cols.region)} like ${`${scope.prefix}%`}`;
    case 'org':
      return sql<SqlBool>`${sql.ref(cols.path)} like ${`${scope.path}%`}`;
  }
  void eb;
}

/** Case-insensitive "contains" on any of the columns, wildcards escaped. */
export function containsAny(cols: string[], q: string): Expression<SqlBool> {
  const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`).toLowerCase()}%`;
  const parts = cols.map((c) => sql<SqlBool>`lower(${sql.ref(c)}) like ${pattern} escape '\\'`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
