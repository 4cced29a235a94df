import { useEffect } from 'react';

const VISIBLE_MS = 6_000;

/** Says why the last wire was refused; React Flow only shows the handle red while hovering. */
export function ConnectionRefusal({ reason, onDismiss }: { reason: string | null; onDismiss: () => void }) {
  useEffect(() => {
    if (!reason) return;
    const timer = setTimeout(onDismiss, VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [reason, onDismiss]);

  if (!reason) return null;
  return (
    <div className="canvas-toast" role="alert" data-testid="connection-refused">
      <strong>Connection refused.</strong> {reason}
      <button type="button" className="button button--ghost button--small" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
