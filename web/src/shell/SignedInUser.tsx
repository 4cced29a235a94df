import { useSignOut } from '../auth/useSignOut';
import { useWhoami } from '../auth/useWhoami';

export function SignedInUser() {
  const identity = useWhoami();
  const signOut = useSignOut();
  const me = identity.data;
  return (
    <div className="user">
      {me ? (
        <span className="user__name" title={me.user.email}>
          {me.name} <span className={`role role--${me.role}`}>{me.role}</span>
        </span>
      ) : (
        <span className="muted">{identity.isError ? 'Unknown key' : '…'}</span>
      )}
      <button type="button" className="button button--small" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}
