import { Link } from 'react-router-dom';
import { useAlertStream } from './AlertStream';

/** Alerts arriving while another page is open, for a few seconds each, bottom right. */
export function AlertToasts() {
  const { toasts, dismiss } = useAlertStream();
  if (toasts.length === 0) return null;
  return (
    <div className="alert-toasts" aria-live="polite">
      {toasts.map((a) => (
        <div key={a.id} className="alert-toast" role="status" data-testid="alert-toast">
          <div className="alert-toast__title">{a.title}</div>
          <div className="alert-toast__actions">
            <Link to="/alerts" onClick={() => dismiss(a.id)}>All alerts</Link>
            <button type="button" className="link-button" onClick={() => dismiss(a.id)} aria-label="Dismiss">
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}

/** The nav entry's count of alerts not yet seen on the Alerts page. */
export function AlertBadge() {
  const { unseen } = useAlertStream();
  if (unseen === 0) return null;
  return (
    <span className="nav__badge" data-testid="alert-badge" aria-label={`${unseen} new alert${unseen === 1 ? '' : 's'}`}>
      {unseen > 99 ? '99+' : unseen}
    </span>
  );
}
