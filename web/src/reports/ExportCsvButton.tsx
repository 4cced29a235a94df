import { useMutation } from '@tanstack/react-query';
import { downloadBatchCsv } from '../api/backtests';

export function ExportCsvButton({ batchId }: { batchId: string }) {
  const download = useMutation({ mutationFn: () => downloadBatchCsv(batchId) });
  return (
    <span className="export-csv">
      <button
        type="button"
        className="button button--small"
        data-testid="export-csv"
        disabled={download.isPending}
        onClick={() => download.mutate()}
      >
        {download.isPending ? 'Exporting…' : 'Export CSV'}
      </button>
      {download.isError && <span className="field__error" role="alert">{download.error.message}</span>}
    </span>
  );
}
