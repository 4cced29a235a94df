import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useMemo } from 'react';
import { getCatalog } from '../api/graphs';
import { queryKeys } from '../api/queryKeys';
import { buildCatalogIndex, type CatalogIndex } from './catalogIndex';

/** The catalog only changes with a deploy; one fetch per session is plenty. */
export function useCatalogQuery() {
  const query = useQuery({
    queryKey: queryKeys.catalog,
    queryFn: ({ signal }) => getCatalog(signal),
    staleTime: Infinity,
  });
  const index = useMemo(() => (query.data ? buildCatalogIndex(query.data.nodeTypes) : null), [query.data]);
  return { ...query, index };
}

export const CatalogContext = createContext<CatalogIndex | null>(null);

export function useCatalog(): CatalogIndex {
  const index = useContext(CatalogContext);
  if (!index) throw new Error('useCatalog must be used inside <CatalogContext.Provider>');
  return index;
}
