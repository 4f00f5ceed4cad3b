import { useCallback, useEffect, useState } from 'react';
import type { DependencyList } from 'react';
import { ApiError } from '../api/ApiError.ts';

export interface Remote<T> {
  data: T | undefined;
  loading: boolean;
  error: ApiError | null;
  /** Loads again with the same inputs (after a write, say). */
  reload: () => void;
}

/**
 * Loads data whenever `deps` change. Answers to superseded requests are
 * dropped, so fast filtering never shows an older page over a newer one.
 */
export function useRemote<T>(load: () => Promise<T>, deps: DependencyList): Remote<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    load()
      .then((value) => {
        if (!current) return;
        setData(value);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!current) return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', String(e)));
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `deps` say when it really changed.
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, loading, error, reload };
}
