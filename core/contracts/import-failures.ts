// Kept apart from the zod contracts: the import workflow needs these names, and zod stays out of workflow bundles.
/** Failure type names shared by the activity (which throws them) and the API (which reports them). */
export const ImportFailureTypes = {
  invalidCsv: 'InvalidCsv',
  sourceNotFound: 'SourceNotFound',
  sourceNotAllowed: 'SourceNotAllowed',
} as const;
