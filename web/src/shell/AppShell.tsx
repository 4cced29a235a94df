import { Link, NavLink, Outlet, useMatch } from 'react-router-dom';
import { AlertStreamProvider } from '../alerts/AlertStream';
import { AlertBadge, AlertToasts } from '../alerts/AlertToasts';
import { HealthIndicator } from './HealthIndicator';
import { SignedInUser } from './SignedInUser';

const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav__link nav__link--active' : 'nav__link');

export function AppShell() {
  // The designer needs the whole window; every other page reads better in a column.
  const fullWidth = useMatch('/graphs/:id') !== null;
  // Alerts stream in on every page: the nav badge and the toasts need them where the user is.
  return (
    <AlertStreamProvider>
      <div className="app">
        <header className="topbar">
          <Link to="/runs" className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Lurus Flow
          </Link>
          <nav className="nav" aria-label="Main">
            <NavLink to="/runs" className={navClass}>Runs</NavLink>
            <NavLink to="/graphs" className={navClass}>Graphs</NavLink>
            <NavLink to="/import" className={navClass}>Import</NavLink>
            <NavLink to="/strategies" className={navClass}>Strategies</NavLink>
            <NavLink to="/backtests" className={navClass}>Backtests</NavLink>
            <NavLink to="/chanlun" className={navClass}>ChanLun</NavLink>
            <NavLink to="/schedules" className={navClass}>Schedules</NavLink>
            <NavLink to="/alerts" className={navClass}>Alerts<AlertBadge /></NavLink>
            {/* Swagger UI is served by the API, outside the SPA router. */}
            <a href="/api/docs" className="nav__link" target="_blank" rel="noopener noreferrer">API docs</a>
          </nav>
          <div className="topbar__right">
            <HealthIndicator />
            <SignedInUser />
          </div>
        </header>
        <main className={fullWidth ? 'page page--full' : 'page'}>
          <Outlet />
        </main>
        <AlertToasts />
      </div>
    </AlertStreamProvider>
  );
}
