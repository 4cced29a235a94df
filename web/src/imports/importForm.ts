import { isApiError } from '../api/client';
import type { ApiIssue, ImportSource, MappedField, StartImportRequest, TimeFormat, Timeframe } from '../api/types';

export type SourceMode = 'upload' | 'path';

/**
 * The bar fields a column mapping names, in form order, with their labels. A Record over the server's field names,
 * so a field added to the server's mapping schema fails the typecheck until the form shows it.
 */
const MAPPED_FIELD_LABELS: Record<MappedField, string> = {
  time: 'Time (or date)',
  timeOfDay: 'Time of day',
  open: 'Open',
  high: 'High',
  low: 'Low',
  close: 'Close',
  volume: 'Volume',
  symbol: 'Symbol',
  freq: 'Timeframe (freq)',
};
export const MAPPED_FIELDS = Object.keys(MAPPED_FIELD_LABELS) as MappedField[];
export const mappedFieldLabel = (field: MappedField): string => MAPPED_FIELD_LABELS[field];

const TIME_FORMAT_LABELS: Record<TimeFormat, string> = {
  auto: 'Auto (year first, or epoch)',
  dmy: 'Day first: DD/MM/YYYY',
  mdy: 'Month first: MM/DD/YYYY',
  epoch: 'Epoch seconds / ms',
};
export const TIME_FORMAT_OPTIONS = (Object.keys(TIME_FORMAT_LABELS) as TimeFormat[]).map((value) => ({ value, label: TIME_FORMAT_LABELS[value] }));

/** Header name per bar field; blank = found by its usual names. */
export type ColumnValues = Record<MappedField, string>;

export interface ImportFormValues {
  mode: SourceMode;
  path: string;
  file: File | null;
  symbol: string;
  timeframe: Timeframe | '';
  timezone: string;
  timeFormat: TimeFormat;
  columns: ColumnValues;
}

export type ColumnFieldName = `columns.${MappedField}`;
export type FieldName = 'source' | 'symbol' | 'timeframe' | 'timezone' | 'timeFormat' | ColumnFieldName;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const columnFieldName = (field: MappedField): ColumnFieldName => `columns.${field}`;

export const INITIAL_VALUES: ImportFormValues = {
  mode: 'upload',
  path: '',
  file: null,
  symbol: '',
  timeframe: '',
  timezone: '',
  timeFormat: 'auto',
  columns: Object.fromEntries(MAPPED_FIELDS.map((field) => [field, ''])) as ColumnValues,
};

/** The advanced options (mapping, time format) that have a complaint. */
export function advancedErrorFields(errors: FieldErrors): FieldName[] {
  return (Object.keys(errors) as FieldName[]).filter((key) => errors[key] && (key === 'timeFormat' || key.startsWith('columns.')));
}

/** True when an advanced option is set or has a complaint, so its section is worth showing. */
export function hasAdvancedContent(values: ImportFormValues, errors: FieldErrors): boolean {
  return (
    values.timeFormat !== 'auto' ||
    MAPPED_FIELDS.some((field) => values.columns[field].trim() !== '') ||
    advancedErrorFields(errors).length > 0
  );
}

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
  // The server refuses these too; saying so here saves an upload round trip. Header names match case-insensitively.
  const taken = new Map<string, MappedField>();
  for (const field of MAPPED_FIELDS) {
    const name = values.columns[field].trim();
    if (!name) continue;
    const other = taken.get(name.toLowerCase());
    if (other) errors[columnFieldName(field)] = `'${name}' is already mapped to ${MAPPED_FIELD_LABELS[other]}; a column holds one field.`;
    else taken.set(name.toLowerCase(), field);
  }
  if (values.columns.timeOfDay.trim() && !values.columns.time.trim()) {
    errors['columns.timeOfDay'] = 'Needs the date column in Time (or date) as well.';
  }
  return errors;
}

export function buildImportRequest(values: ImportFormValues, source: ImportSource): StartImportRequest {
  const request: StartImportRequest = { source };
  // Blank optional fields are omitted so the server's auto-detection applies.
  if (values.symbol.trim()) request.symbol = values.symbol.trim();
  if (values.timeframe) request.timeframe = values.timeframe;
  if (values.timezone.trim()) request.timezone = values.timezone.trim();
  if (values.timeFormat !== 'auto') request.timeFormat = values.timeFormat;
  const mapped = MAPPED_FIELDS.filter((field) => values.columns[field].trim() !== '');
  if (mapped.length > 0) request.columns = Object.fromEntries(mapped.map((field) => [field, values.columns[field].trim()]));
  return request;
}

function issuePath(issue: ApiIssue): string {
  const raw = Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '');
  // Accept JSON-pointer style and a leading `body` segment from request validators.
  return raw.replace(/^\//, '').replace(/\//g, '.').replace(/^body\.?/, '');
}

function fieldForPath(path: string): FieldName | null {
  if (path === 'source' || path.startsWith('source.') || path === 'file' || path === 'uploadId') return 'source';
  if (path === 'symbol' || path === 'timeframe' || path === 'timezone' || path === 'timeFormat') return path;
  // The server names the mapped field (`columns.close`) when the file's header does not fit the mapping.
  const mapped = /^columns\.(\w+)$/.exec(path)?.[1];
  if (mapped && (MAPPED_FIELDS as string[]).includes(mapped)) return columnFieldName(mapped as MappedField);
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
