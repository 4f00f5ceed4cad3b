// The licensed installs of some organizations, as the full recomputation
// reads them (one text per organization: see `licensedInstallColumns` in
// licensing.repository.ts), parsed into columns. Plain JavaScript: the
// reading worker (sqlite-read-aside.mjs) parses the texts of its half of the
// organizations itself and hands the columns over (their buffers move, not
// copied), while the thread that asked parses the other half.

/** Separators of the texts: fields, rows. */
export const F = '\u001f';
export const R = '\u001e';

/** A column of integers that grows by doubling (no array of boxed numbers to copy at the end). */
class IntColumn {
  values = new Int32Array(4096);
  length = 0;

  push(v) {
    if (this.length === this.values.length) {
      const more = new Int32Array(this.values.length * 2);
      more.set(this.values);
      this.values = more;
    }
    this.values[this.length++] = v;
  }

  /** The column at its length (a view when nearly full, else a copy that lets the spare room go). */
  done() {
    return this.length * 4 >= this.values.length * 3 ? this.values.subarray(0, this.length) : this.values.slice(0, this.length);
  }
}

/** `=value` or '' (null), as the texts carry optional values. */
const unopt = (s) => (s === '' ? null : s.slice(1));

/**
 * Parses the texts of some organizations: `deviceRows` are [orgId, `id F
 * =serial F =user` rows joined by R], `installRows` are [orgId, `device F
 * key F key …` rows joined by R] (a device's title keys after its id).
 * Organizations, devices and title keys are numbered in the order they come;
 * an install of a device not among the active ones is left out. Null when a
 * value held a separator (the caller then reads rows).
 */
export function parseInstallTexts(deviceRows, installRows) {
  const orgIds = [];
  const orgNum = new Map();
  const devicesOf = [];
  const deviceIds = [];
  const deviceSerials = [];
  const deviceUsers = [];
  const orgCode = (orgId) => {
    let o = orgNum.get(orgId);
    if (o === undefined) {
      orgNum.set(orgId, (o = orgIds.push(orgId) - 1));
      devicesOf.push(new Map());
    }
    return o;
  };
  for (const [orgId, text] of deviceRows) {
    const devices = devicesOf[orgCode(String(orgId))];
    for (const line of String(text).split(R)) {
      const f = line.split(F);
      if (f.length !== 3) return null;
      if (devices.has(f[0])) continue;
      devices.set(f[0], deviceIds.push(f[0]) - 1);
      deviceSerials.push(unopt(f[1]));
      deviceUsers.push(unopt(f[2]));
    }
  }
  const org = new IntColumn();
  const dev = new IntColumn();
  const tit = new IntColumn();
  const keys = [];
  const keyNum = new Map();
  for (const [orgId, value] of installRows) {
    const text = String(value);
    const o = orgCode(String(orgId));
    const devices = devicesOf[o];
    for (let at = 0; at < text.length; ) {
      let end = text.indexOf(R, at);
      if (end < 0) end = text.length;
      const cut = text.indexOf(F, at);
      if (cut < 0 || cut > end) return null;
      // Undefined: a device not active (its installs are left out).
      const d = devices.get(text.slice(at, cut));
      if (d !== undefined) {
        for (let k = cut + 1; k <= end; ) {
          let e = text.indexOf(F, k);
          if (e < 0 || e > end) e = end;
          const key = text.slice(k, e);
          let c = keyNum.get(key);
          if (c === undefined) keyNum.set(key, (c = keys.push(key) - 1));
          org.push(o);
          dev.push(d);
          tit.push(c);
          k = e + 1;
        }
      }
      at = end + 1;
    }
  }
  return { count: org.length, org: org.done(), device: dev.done(), key: tit.done(), orgIds, deviceIds, deviceSerials, deviceUsers, keys };
}
