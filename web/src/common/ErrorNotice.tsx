import { isApiError } from '../api/client';

interface ErrorNoticeProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** Shows an API failure with its request id, which is what support will ask for. */
export function ErrorNotice({ error, title = 'Something went wrong', onRetry }: ErrorNoticeProps) {
  const message = error instanceof Error ? error.message : String(error);
  const requestId = isApiError(error) ? error.requestId : null;
  return (
    <div className="notice notice--error" role="alert">
      <div className="notice__title">{title}</div>
      <div>{message}</div>
      {requestId && <div className="notice__meta">Request ID: <code>{requestId}</code></div>}
      {onRetry && (
        <button type="button" className="button button--small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
