import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { getSignOutNotice, setApiKey } from '../api/apiKey';
import { isApiError, whoami } from '../api/client';
import { queryKeys } from '../api/queryKeys';
import type { LoginRedirectState } from './RequireAuth';
import { useApiKey } from './useApiKey';

function redirectTarget(state: unknown): string {
  const from = (state as LoginRedirectState | null)?.from;
  if (!from || from.pathname === '/login') return '/runs';
  return from.pathname + from.search;
}

function describeSignInError(error: unknown): string {
  if (isApiError(error, 401) || isApiError(error, 403)) return 'That API key was not accepted.';
  return error instanceof Error ? error.message : 'Sign-in failed.';
}

export function LoginPage() {
  const storedKey = useApiKey();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [candidate, setCandidate] = useState('');
  const [notice] = useState(getSignOutNotice);

  const signIn = useMutation({
    mutationFn: (apiKey: string) => whoami({ apiKey }),
    onSuccess: (identity, apiKey) => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.whoami, identity);
      setApiKey(apiKey);
      navigate(redirectTarget(location.state), { replace: true });
    },
  });

  if (storedKey && !signIn.isPending && !signIn.isSuccess) {
    return <Navigate to={redirectTarget(location.state)} replace />;
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const key = candidate.trim();
    if (key) signIn.mutate(key);
  };

  return (
    <main className="login">
      <form className="login__card" onSubmit={onSubmit} noValidate>
        <h1 className="login__brand">Lurus Flow</h1>
        <p className="muted">Sign in with an API key issued by your Lurus Flow admin.</p>
        {notice && !signIn.isError && <div className="notice notice--warn">{notice}</div>}
        <div className="field">
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            data-testid="api-key-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={candidate}
            onChange={(event) => setCandidate(event.target.value)}
            aria-invalid={signIn.isError || undefined}
            aria-describedby={signIn.isError ? 'api-key-error' : undefined}
          />
          {signIn.isError && (
            <div id="api-key-error" className="field__error" role="alert">
              {describeSignInError(signIn.error)}
            </div>
          )}
        </div>
        <button
          type="submit"
          className="button button--primary"
          data-testid="sign-in"
          disabled={signIn.isPending || !candidate.trim()}
        >
          {signIn.isPending ? 'Verifying…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
