/** Types of install-texts.mjs (plain JavaScript, shared with the reading worker). */
export declare const F: string;
export declare const R: string;

/** The columns of some organizations' install texts; `key` holds numbers of `keys` (title keys). */
export interface ParsedInstallTexts {
  count: number;
  org: Int32Array;
  device: Int32Array;
  key: Int32Array;
  orgIds: string[];
  deviceIds: string[];
  deviceSerials: (string | null)[];
  deviceUsers: (string | null)[];
  keys: string[];
}

export declare function parseInstallTexts(deviceRows: readonly (readonly [unknown, unknown])[], installRows: readonly (readonly [unknown, unknown])[]): ParsedInstallTexts | null;
