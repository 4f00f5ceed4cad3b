/** Types of line-digest.mjs (plain JavaScript, shared with the reading worker). */
/** Lanes of recurring fields by the caller's number for them (`LineDigest.key`). */
export interface KeyCache {
  known: Uint8Array;
  lanes: Int32Array;
}
export declare function keyCache(): KeyCache;

export declare class LineDigest {
  a: number;
  b: number;
  lines: number;
  constructor(cache?: KeyCache | null);
  field(s: string): void;
  more(s: string): void;
  int(n: number): void;
  key(s: string, id: number): void;
  end(): void;
  text(t: string): void;
  equals(o: { a: number; b: number; lines: number }): boolean;
}

export declare function digestTexts(rows: readonly (readonly [unknown, unknown])[]): [string, number, number, number][];
