import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../api/client';
import { getGraph } from '../api/graphs';
import type { CatalogEntry, GraphDetail } from '../api/graphTypes';
import { queryKeys } from '../api/queryKeys';
import { ErrorNotice } from '../common/ErrorNotice';
import { FIT_VIEW_OPTIONS, FlowCanvas } from './canvas/FlowCanvas';
import { NODE_WIDTH } from './canvas/useFlowElements';
import type { CatalogIndex } from './catalogIndex';
import './designer.css';
import { normalizeGraph } from './graphModel';
import { Inspector } from './inspector/Inspector';
import { canvasNodeElement, focusWhenReady, inspectorFocusTarget } from './keyboardFocus';
import { Palette } from './palette/Palette';
import { ProblemsList } from './problems/ProblemsList';
import { useLiveValidation } from './problems/useLiveValidation';
import { GraphRunsDrawer } from './run/GraphRunsDrawer';
import { RunBar } from './run/RunBar';
import { RunDialog } from './run/RunDialog';
import { RunNodePanel } from './run/RunNodePanel';
import { useAttachRun } from './run/useAttachRun';
import { useRunEvents } from './run/useRunEvents';
import { createDesignerStore, DesignerStoreProvider, useDesignerStore } from './store';
import { layoutLeftToRight } from './toolbar/autoLayout';
import { DesignerToolbar } from './toolbar/DesignerToolbar';
import { useSaveGraph } from './toolbar/useSaveGraph';
import { CatalogContext, useCatalogQuery } from './useCatalog';
import { useAddNode } from './useAddNode';
import { useDesignerShortcuts } from './useDesignerShortcuts';
import { VersionsDrawer } from './versions/VersionsDrawer';


function SaveFailure({ error }: { error: unknown }) {
  if (isApiError(error) && error.problems.length > 0) {
    return (
      <div className="notice notice--error designer__notice" role="alert">
        Not saved: the graph has {error.problems.length} problem{error.problems.length === 1 ? '' : 's'} (listed below the canvas).
      </div>
    );
  }
  return <ErrorNotice title="Could not save" error={error} />;
}

function DesignerWorkspace({ detail, catalog }: { detail: GraphDetail; catalog: CatalogIndex }) {
  const store = useDesignerStore();
  const { getInternalNode, fitView, setCenter, getViewport } = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  const inspectorRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(detail.name);
  const [drawer, setDrawer] = useState<'versions' | 'runs' | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [runOpen, setRunOpen] = useState(false);
  const validation = useLiveValidation();
  const save = useSaveGraph(detail.id);
  const { addNext, addDropped } = useAddNode(catalog, canvasRef);
  useRunEvents();
  useAttachRun(detail.id);

  const nameDirty = name.trim() !== detail.name && name.trim() !== '';
  const runSave = useCallback(
    () => save.mutateAsync({ name: name.trim() && name.trim() !== detail.name ? name.trim() : undefined }),
    [save, name, detail.name],
  );
  const onSave = useCallback(() => {
    if (!save.isPending) runSave().catch(() => undefined);
  }, [save.isPending, runSave]);

  /** Focuses a node on the canvas, first bringing it into view when it is off screen (and so not rendered). */
  const focusNode = useCallback(
    (nodeId: string) => {
      let placed = false;
      return focusWhenReady(() => {
        const el = canvasNodeElement(canvasRef.current, nodeId);
        if (el || placed) return el;
        // A node added a moment ago reaches React Flow on its next render.
        const node = getInternalNode(nodeId);
        const rect = canvasRef.current?.getBoundingClientRect();
        if (!node || !rect) return null;
        placed = true;
        const { x, y, zoom } = getViewport();
        const { width = NODE_WIDTH, height = 120 } = node.measured;
        const { x: left, y: top } = node.internals.positionAbsolute;
        const onScreen =
          left * zoom + x >= 0 && top * zoom + y >= 0 &&
          (left + width) * zoom + x <= rect.width && (top + height) * zoom + y <= rect.height;
        if (!onScreen) void setCenter(left + width / 2, top + height / 2, { zoom });
        return null;
      });
    },
    [getInternalNode, getViewport, setCenter],
  );

  const onPaletteAdd = useCallback(
    (entry: CatalogEntry) => {
      const nodeId = addNext(entry);
      // The new node is selected; with focus on it, Enter edits it, Delete removes it, arrows move it.
      if (nodeId) void focusNode(nodeId);
    },
    [addNext, focusNode],
  );

  const openInspector = useCallback(
    (nodeId: string) => {
      store.dispatch({ type: 'select', selection: { nodeIds: [nodeId], edgeIds: [] } });
      void focusWhenReady(() => inspectorFocusTarget(inspectorRef.current, nodeId));
    },
    [store],
  );

  useDesignerShortcuts(store, {
    onSave,
    onSearch: () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    onOpenInspector: openInspector,
    onLeaveInspector: (nodeId) => void focusNode(nodeId),
    onToggleHelp: () => setHelpOpen((open) => !open),
  });

  const onLayout = useCallback(() => {
    const { graph } = store.getState();
    const positions = layoutLeftToRight(graph, (id) => {
      const node = getInternalNode(id);
      return {
        width: node?.measured.width ?? node?.initialWidth ?? 240,
        height: node?.measured.height ?? node?.initialHeight ?? 120,
      };
    });
    store.dispatch({ type: 'moveNodes', positions, dragging: false });
    requestAnimationFrame(() => void fitView({ ...FIT_VIEW_OPTIONS, duration: 300 }));
  }, [store, getInternalNode, fitView]);

  return (
    <div className="designer">
      <DesignerToolbar
        name={name}
        onNameChange={setName}
        nameDirty={nameDirty}
        currentVersion={detail.currentVersion}
        saving={save.isPending}
        onSave={onSave}
        onLayout={onLayout}
        versionsOpen={drawer === 'versions'}
        onToggleVersions={() => setDrawer((open) => (open === 'versions' ? null : 'versions'))}
        runsOpen={drawer === 'runs'}
        onToggleRuns={() => setDrawer((open) => (open === 'runs' ? null : 'runs'))}
        helpOpen={helpOpen}
        onToggleHelp={() => setHelpOpen((open) => !open)}
        onRun={() => setRunOpen(true)}
      />
      {save.isError && <SaveFailure error={save.error} />}
      <RunBar />
      <div className="designer__body">
        <Palette onAdd={onPaletteAdd} searchRef={searchRef} />
        <div className="designer__center">
          <FlowCanvas catalog={catalog} containerRef={canvasRef} onDropType={addDropped} />
          <ProblemsList status={validation} />
        </div>
        <div className="designer__side" ref={inspectorRef}>
          <RunNodePanel />
          <Inspector />
        </div>
        {drawer === 'versions' && (
          <VersionsDrawer key={detail.currentVersion} graphId={detail.id} currentVersion={detail.currentVersion} onClose={() => setDrawer(null)} />
        )}
        {drawer === 'runs' && <GraphRunsDrawer graphId={detail.id} onClose={() => setDrawer(null)} />}
      </div>
      {runOpen && <RunDialog graphId={detail.id} save={runSave} onClose={() => setRunOpen(false)} />}
    </div>
  );
}

/** One store per opened graph, created from the version loaded; later fetches of the same graph do not reset it. */
function DesignerForGraph({ detail, catalog }: { detail: GraphDetail; catalog: CatalogIndex }) {
  const [store] = useState(() => createDesignerStore(normalizeGraph(detail.graph)));
  return (
    <CatalogContext.Provider value={catalog}>
      <DesignerStoreProvider store={store}>
        <ReactFlowProvider>
          <DesignerWorkspace detail={detail} catalog={catalog} />
        </ReactFlowProvider>
      </DesignerStoreProvider>
    </CatalogContext.Provider>
  );
}

export function DesignerPage() {
  const { id = '' } = useParams();
  const graphQuery = useQuery({
    queryKey: queryKeys.graphs.detail(id),
    queryFn: ({ signal }) => getGraph(id, signal),
    // The store owns the graph once loaded; refetching would only refresh the version number.
    refetchOnWindowFocus: false,
  });
  const catalogQuery = useCatalogQuery();

  if (graphQuery.isError) {
    return isApiError(graphQuery.error, 404) ? (
      <section className="empty">
        <h1>Graph not found</h1>
        <p><Link to="/graphs">Back to graphs</Link></p>
      </section>
    ) : (
      <ErrorNotice title="Could not load the graph" error={graphQuery.error} onRetry={() => graphQuery.refetch()} />
    );
  }
  if (catalogQuery.isError) {
    return <ErrorNotice title="Could not load the node catalog" error={catalogQuery.error} onRetry={() => catalogQuery.refetch()} />;
  }
  if (!graphQuery.data || !catalogQuery.index) return <p className="muted designer__loading">Loading designer…</p>;
  return <DesignerForGraph key={id} detail={graphQuery.data} catalog={catalogQuery.index} />;
}
