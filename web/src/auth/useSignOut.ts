import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { clearApiKey } from '../api/apiKey';

export function useSignOut(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    clearApiKey();
    // Cached runs belong to the previous key; never show them to the next one.
    queryClient.clear();
  }, [queryClient]);
}
