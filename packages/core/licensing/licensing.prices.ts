import type { Entitlement, Price, PriceBook } from './licensing.types.ts';

/**
 * The most recent recorded unit price of each product, for the shortfall
 * cost estimate. A price recorded for the product alone beats a suite's
 * price (a suite lists its component products too, and its price is not the
 * price of one component); then the most recent purchase day (`purchasedAt`,
 * else `start`; an undated price is the oldest); then the greater id (ids
 * are UUIDv7: later-created sorts later).
 */
export function priceBook(entitlements: readonly Entitlement[]): PriceBook {
  const best = new Map<string, { price: Price; single: boolean }>();
  for (const e of entitlements) {
    if (e.unitPrice === null || !Number.isFinite(e.unitPrice) || e.unitPrice < 0) continue;
    const single = new Set(e.productKeys).size === 1;
    const day = e.purchasedAt ?? e.start ?? null;
    const candidate = { price: { unitPrice: e.unitPrice, currency: e.currency, entitlementId: e.id, day }, single };
    for (const key of new Set(e.productKeys)) {
      const cur = best.get(key);
      if (!cur || better(candidate, cur)) best.set(key, candidate);
    }
  }
  return new Map([...best].map(([k, v]) => [k, v.price]));
}

function better(a: { price: Price; single: boolean }, b: { price: Price; single: boolean }): boolean {
  if (a.single !== b.single) return a.single;
  const da = a.price.day ?? '';
  const db = b.price.day ?? '';
  if (da !== db) return da > db;
  return a.price.entitlementId > b.price.entitlementId;
}
