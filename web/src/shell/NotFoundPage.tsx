import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <section className="empty">
      <h1>Page not found</h1>
      <p>
        <Link to="/runs">Go to runs</Link>
      </p>
    </section>
  );
}
