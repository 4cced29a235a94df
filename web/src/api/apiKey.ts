// The API key lives in localStorage so a reload keeps the session; this module
// is the only place that touches it, and it notifies subscribers so a key
// rejected by any request (401) signs the whole app out at once.

const STORAGE_KEY = 'lurus.apiKey';

type Listener = () => void;
const listeners = new Set<Listener>();
let signOutNotice: string | null = null;

function notify(): void {
  for (const listener of listeners) listener();
}

export function getApiKey(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy mode); treat as signed out.
    return null;
  }
}

export function setApiKey(key: string): void {
  localStorage.setItem(STORAGE_KEY, key);
  signOutNotice = null;
  notify();
}

export function clearApiKey(notice?: string): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
  signOutNotice = notice ?? null;
  notify();
}

/** Why the user was last signed out involuntarily, if they were. */
export function getSignOutNotice(): string | null {
  return signOutNotice;
}

export function subscribeApiKey(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Signing in or out in another tab should apply here too.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) notify();
  });
}
