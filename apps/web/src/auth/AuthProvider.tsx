import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import type { User } from '../contracts.ts';
import { AuthContext } from './AuthContext.ts';
import type { AuthState, AuthStatus } from './AuthContext.ts';
import { authApi } from './authApi.ts';

/** Knows who is signed in: asks /api/auth/me once, then follows login, logout and any 401. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User | null>(null);

  const signOutLocally = useCallback(() => {
    setCsrfToken(null);
    setUser(null);
    setStatus('signed-out');
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(signOutLocally);
    let cancelled = false;
    authApi
      .me()
      .then((me) => {
        if (cancelled) return;
        setCsrfToken(me.csrfToken);
        setUser(me.user);
        setStatus('signed-in');
      })
      .catch(() => {
        if (!cancelled) signOutLocally();
      });
    return () => {
      cancelled = true;
      setUnauthenticatedHandler(null);
    };
  }, [signOutLocally]);

  const login = useCallback(async (username: string, password: string) => {
    const me = await authApi.login(username, password);
    setCsrfToken(me.csrfToken);
    setUser(me.user);
    setStatus('signed-in');
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      // Even if the server is unreachable, the UI must not keep showing data.
      signOutLocally();
    }
  }, [signOutLocally]);

  const value = useMemo<AuthState>(() => ({ status, user, login, logout }), [status, user, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
