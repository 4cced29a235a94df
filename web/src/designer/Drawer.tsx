import type { ReactNode } from 'react';

/** A side panel of the designer (versions, runs) with its title and a close button. */
export function Drawer({ title, label, testId, onClose, children }: {
  title: string;
  /** Accessible name of the panel. */
  label: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <aside className="drawer" aria-label={label} data-testid={testId}>
      <header className="drawer__header">
        <h2>{title}</h2>
        <button type="button" className="button button--ghost button--small" onClick={onClose} aria-label={`Close ${title.toLowerCase()}`}>×</button>
      </header>
      {children}
    </aside>
  );
}
