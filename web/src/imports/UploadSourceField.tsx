import { formatBytes, formatPercent } from '../common/format';
import { FieldError } from '../common/FieldError';
import { ProgressBar } from '../common/ProgressBar';
import type { UploadState } from './useStartImport';

interface UploadSourceFieldProps {
  file: File | null;
  error: string | undefined;
  uploadState: UploadState | null;
  onChange: (file: File | null) => void;
}

function UploadStatus({ state }: { state: UploadState }) {
  if (state.upload) {
    return (
      <p className="hint">
        Uploaded {state.upload.filename} ({formatBytes(state.upload.size)}) · sha256{' '}
        <code title={state.upload.sha256}>{state.upload.sha256.slice(0, 12)}…</code>
      </p>
    );
  }
  const caption = `Uploading ${state.file.name} · ${formatPercent(state.fraction)}`;
  return (
    <div className="upload-status">
      <ProgressBar fraction={state.fraction} label="Upload progress" valueText={caption} />
      <p className="hint" aria-live="polite">{caption}</p>
    </div>
  );
}

export function UploadSourceField({ file, error, uploadState, onChange }: UploadSourceFieldProps) {
  const showStatus = uploadState && uploadState.file === file;
  return (
    <div className="field">
      <label htmlFor="import-file">File</label>
      <input
        id="import-file"
        type="file"
        accept=".csv,.zip"
        data-testid="import-file-input"
        onChange={(event) => onChange(event.target.files?.[0] ?? null)}
        aria-invalid={!!error || undefined}
        aria-describedby={error ? 'import-file-error' : 'import-file-hint'}
      />
      {file && !showStatus && (
        <p id="import-file-hint" className="hint">{file.name} · {formatBytes(file.size)}</p>
      )}
      {!file && <p id="import-file-hint" className="hint">OHLCV bars as .csv, or a .zip of CSV files.</p>}
      {showStatus && <UploadStatus state={uploadState} />}
      <FieldError id="import-file-error" message={error} />
    </div>
  );
}
