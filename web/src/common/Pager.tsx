/** First / previous / next / last over a list shown a page at a time; nothing when it fits on one page. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  if (pages <= 1) return null;
  return (
    <div className="pager">
      <button type="button" className="button button--small" disabled={page === 0} onClick={() => onPage(0)}>First</button>
      <button type="button" className="button button--small" disabled={page === 0} onClick={() => onPage(page - 1)}>Previous</button>
      <span className="muted">Page {page + 1} of {pages}</span>
      <button type="button" className="button button--small" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>Next</button>
      <button type="button" className="button button--small" disabled={page >= pages - 1} onClick={() => onPage(pages - 1)}>Last</button>
    </div>
  );
}
