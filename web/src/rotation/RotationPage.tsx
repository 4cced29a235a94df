import { Link, useParams } from 'react-router-dom';
import { ErrorNotice } from '../common/ErrorNotice';
import { useStrategyLibrary } from '../strategies/useStrategies';
import { RotationForm } from './RotationForm';

/** The library writes param names in `backticks`; here they read as the field labels they are. */
function Described({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}</>;
}

/** A portfolio entry of the builtin library (/strategies/portfolio/:id): what it does, and the form that runs it. */
export function RotationPage() {
  const { id = '' } = useParams();
  const library = useStrategyLibrary();
  const entry = library.data?.portfolio.find((e) => e.id === id);
  return (
    <section>
      <Link to="/strategies" className="back-link">← Strategies</Link>
      {library.isPending ? (
        <p className="muted">Loading the library…</p>
      ) : library.isError ? (
        <ErrorNotice title="Could not load the library" error={library.error} onRetry={() => library.refetch()} />
      ) : !entry ? (
        <div className="empty"><h2>Not in the library</h2><p>No portfolio strategy <code>{id}</code>.</p></div>
      ) : (
        <>
          <div className="page__header">
            <h1 data-testid="rotation-title">{entry.title}</h1>
          </div>
          <p className="muted"><Described text={entry.description} /></p>
          <RotationForm entry={entry} />
        </>
      )}
    </section>
  );
}
