import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useApiKey } from './useApiKey';

export interface LoginRedirectState {
  from?: { pathname: string; search: string };
}

/**
 * Only checks that a key is present; a wrong or revoked key is caught by the
 * first 401, which clears the key and lands back here.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const apiKey = useApiKey();
  const location = useLocation();
  if (!apiKey) {
    const state: LoginRedirectState = { from: { pathname: location.pathname, search: location.search } };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}
