import { createContext } from 'react';
import type { User } from '../contracts.ts';

export type AuthStatus = 'loading' | 'signed-in' | 'signed-out';

export interface AuthState {
  status: AuthStatus;
  /** The signed-in user; null unless status is 'signed-in'. */
  user: User | null;
  /** Signs in; rejects with an ApiError (INVALID_CREDENTIALS, ACCOUNT_LOCKED, RATE_LIMITED). */
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

export const AuthContext = createContext<AuthState | null>(null);
