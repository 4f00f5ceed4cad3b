import { useContext } from 'react';
import { AuthContext } from './AuthContext.ts';
import type { AuthState } from './AuthContext.ts';

/** The session: status, user, login and logout. */
export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth must be used inside <AuthProvider>');
  return state;
}

/** The signed-in user; only for components rendered behind <RequireAuth>. */
export function useCurrentUser() {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser needs a signed-in user');
  return user;
}
