import { isApiError } from '../api/client';
import type { ApiIssue, ImportSource, StartImportRequest, Timeframe } from '../api/types';

export type SourceMode = 'upload' | 'path';

export interface ImportFormValues {
  mode: SourceMode;
  path: string;
  file: File | null;
  symbol: string;
  timeframe: Timeframe | '';
  timezone: string;
}

export type FieldName = 'source' | 'symbol' | 'timeframe' | 'timezone';
export type FieldErrors = Partial<Record<FieldName, string>>;

export const INITIAL_VALUES: ImportFormValues = {
  mode: 'upload',
  path: '',
  file: null,
  symbol: '',
  timeframe: '',
  timezone: '',
};

const ACCEPTED_EXTENSIONS = ['.csv', '.zip'];

/** Marks failures of the upload step so they are shown next to the file input. */
export class UploadError extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : 'Upload failed');
    this.name = 'UploadError';
  }
}

export function validateImportForm(values: ImportFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (values.mode === 'path' && !values.path.trim()) {
    errors.source = 'Enter a path on the server.';
  }
  if (values.mode === 'upload') {
    if (!values.file) {
      errors.source = 'Choose a .csv or .zip file.';
    } else if (!ACCEPTED_EXTENSIONS.some((ext) => values.file!.name.toLowerCase().endsWith(ext))) {
      // `accept` on the input is only a hint to the file picker.
      errors.source = 'Only .csv and .zip files can be imported.';
    }
  }
  return errors;
}

export function buildImportRequest(values: ImportFormValues, source: ImportSource): StartImportRequest {
  const request: StartImportRequest = { source };
  // Blank optional fields are omitted so the server's auto-detection applies.
  if (values.symbol.trim()) request.symbol = values.symbol.trim();
  if (values.timeframe) request.timeframe = values.timeframe;
  if (values.timezone.trim()) request.timezone = values.timezone.trim();
  return request;
}

function issuePath(issue: ApiIssue): string {
  const raw = Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '');
  // Accept JSON-pointer style and a leading `body` segment from request validators.
  return raw.replace(/^\//, '').replace(/\//g, '.').replace(/^body\.?/, '');
}

function fieldForPath(path: string): FieldName | null {
  if (path === 'source' || path.startsWith('source.') || path === 'file' || path === 'uploadId') return 'source';
  if (path === 'symbol' || path === 'timeframe' || path === 'timezone') return path;
  return null;
}

function addMessage(errors: FieldErrors, field: FieldName, message: string): void {
  errors[field] = errors[field] ? `${errors[field]} ${message}` : message;
}

export interface SubmitFailure {
  fields: FieldErrors;
  /** Anything that does not belong to a single field. */
  formError: unknown | null;
}

export function describeSubmitFailure(error: unknown): SubmitFailure {
  if (error instanceof UploadError) {
    const reason = error.reason;
    const detail = isApiError(reason) && reason.issues.length > 0 ? reason.issues.map((i) => i.message).join(' ') : error.message;
    return { fields: { source: detail }, formError: isApiError(reason, 0) ? reason : null };
  }
  if (isApiError(error) && error.issues.length > 0) {
    const fields: FieldErrors = {};
    const unplaced: string[] = [];
    for (const issue of error.issues) {
      const path = issuePath(issue);
      const field = fieldForPath(path);
      if (field) addMessage(fields, field, issue.message);
      else unplaced.push(path ? `${path}: ${issue.message}` : issue.message);
    }
    const formError = unplaced.length > 0 ? new Error(unplaced.join('\n')) : null;
    return { fields, formError };
  }
  if (isApiError(error, 400) || isApiError(error, 404) || isApiError(error, 422)) {
    // Without issues, a rejected request is almost always about the source file.
    return { fields: { source: error.message }, formError: null };
  }
  return { fields: {}, formError: error };
}
