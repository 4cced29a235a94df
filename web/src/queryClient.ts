import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api/client';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers won't change on retry; only transient failures are worth it.
      retry: (failureCount, error) =>
        !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
      staleTime: 1_000,
    },
    mutations: {
      retry: false,
    },
  },
});
