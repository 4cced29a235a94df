import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { isApiError, startImport, uploadFile } from '../api/client';
import { queryKeys } from '../api/queryKeys';
import type { ImportSource, Upload } from '../api/types';
import { newIdempotencyKey } from './idempotencyKey';
import { buildImportRequest, UploadError, type ImportFormValues } from './importForm';

export interface UploadState {
  file: File;
  fraction: number;
  upload: Upload | null;
}

/** Upload (when needed) then start the import workflow, as one submit. */
export function useStartImport() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [uploadState, setUploadState] = useState<UploadState | null>(null);
  // Re-submitting after a rejected start must not upload the same file again.
  const lastUpload = useRef<{ file: File; upload: Upload } | null>(null);
  // Reused only while the outcome of the previous identical request is unknown.
  const pendingAttempt = useRef<{ body: string; key: string } | null>(null);

  async function resolveSource(values: ImportFormValues): Promise<ImportSource> {
    if (values.mode === 'path') return { type: 'path', path: values.path.trim() };
    const file = values.file!;
    if (lastUpload.current?.file === file) {
      return { type: 'upload', uploadId: lastUpload.current.upload.id };
    }
    setUploadState({ file, fraction: 0, upload: null });
    try {
      const upload = await uploadFile(file, (fraction) =>
        setUploadState((state) => (state?.file === file ? { ...state, fraction } : state)),
      );
      lastUpload.current = { file, upload };
      setUploadState({ file, fraction: 1, upload });
      return { type: 'upload', uploadId: upload.id };
    } catch (error) {
      setUploadState(null);
      throw new UploadError(error);
    }
  }

  function idempotencyKeyFor(body: string): string {
    if (pendingAttempt.current?.body === body) return pendingAttempt.current.key;
    const key = newIdempotencyKey();
    pendingAttempt.current = { body, key };
    return key;
  }

  const mutation = useMutation({
    mutationFn: async (values: ImportFormValues) => {
      const request = buildImportRequest(values, await resolveSource(values));
      const key = idempotencyKeyFor(JSON.stringify(request));
      try {
        return await startImport(request, key);
      } catch (error) {
        // The server answered, so the outcome is known and a retry is a new intent.
        if (!isApiError(error, 0)) pendingAttempt.current = null;
        throw error;
      }
    },
    onSuccess: (started) => {
      pendingAttempt.current = null;
      void queryClient.invalidateQueries({ queryKey: queryKeys.runs.list() });
      navigate(`/runs/${encodeURIComponent(started.workflowId)}`);
    },
  });

  return { ...mutation, uploadState };
}
