import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { LoginPage } from './auth/LoginPage';
import { RequireAuth } from './auth/RequireAuth';
import { GraphsPage } from './graphs/GraphsPage';
import { ImportPage } from './imports/ImportPage';
import { RunDetailPage } from './runs/RunDetailPage';
import { RunsPage } from './runs/RunsPage';
import { BacktestReportPage } from './backtests/BacktestReportPage';
import { BacktestsPage } from './backtests/BacktestsPage';
import { BatchPage } from './reports/BatchPage';
import { ReportPage } from './reports/ReportPage';
import { ReportsPage } from './reports/ReportsPage';
import { RotationPage } from './rotation/RotationPage';
import { StrategiesPage } from './strategies/StrategiesPage';
import { StrategyPage } from './strategies/StrategyPage';
import { AlertsPage } from './alerts/AlertsPage';
import { ChanLunPage } from './chanlun/ChanLunPage';
import { SchedulesPage } from './schedules/SchedulesPage';
import { AppShell } from './shell/AppShell';
import { NotFoundPage } from './shell/NotFoundPage';

// React Flow and dagre are only needed in the designer; keep them out of the main bundle.
const DesignerPage = lazy(() => import('./designer/DesignerPage').then((m) => ({ default: m.DesignerPage })));

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/runs" replace /> },
      { path: 'runs', element: <RunsPage /> },
      { path: 'runs/:workflowId', element: <RunDetailPage /> },
      { path: 'import', element: <ImportPage /> },
      { path: 'graphs', element: <GraphsPage /> },
      {
        path: 'graphs/:id',
        element: (
          <Suspense fallback={<p className="muted">Loading designer…</p>}>
            <DesignerPage />
          </Suspense>
        ),
      },
      { path: 'strategies', element: <StrategiesPage /> },
      { path: 'strategies/:id', element: <StrategyPage /> },
      { path: 'strategies/portfolio/:id', element: <RotationPage /> },
      { path: 'backtests', element: <BacktestsPage /> },
      { path: 'backtests/:id', element: <BacktestReportPage /> },
      { path: 'batches/:id', element: <BatchPage /> },
      { path: 'reports', element: <ReportsPage /> },
      { path: 'reports/:id', element: <ReportPage /> },
      { path: 'chanlun', element: <ChanLunPage /> },
      { path: 'schedules', element: <SchedulesPage /> },
      { path: 'alerts', element: <AlertsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
