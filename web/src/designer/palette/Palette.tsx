import { useMemo, useState, type DragEvent } from 'react';
import type { CatalogEntry } from '../../api/graphTypes';
import { NODE_DRAG_MIME } from '../canvas/flowTypes';
import { useCatalog } from '../useCatalog';

// Where a flow usually starts first, side effects last.
const CATEGORY_ORDER = ['Triggers', 'Flow', 'Data', 'Market data', 'Integrations', 'Notify'];

function matches(entry: CatalogEntry, needle: string): boolean {
  if (!needle) return true;
  return [entry.title, entry.type, entry.category, entry.description].some((text) => text.toLowerCase().includes(needle));
}

function groupByCategory(entries: CatalogEntry[]): { category: string; entries: CatalogEntry[] }[] {
  const groups = new Map<string, CatalogEntry[]>();
  for (const entry of entries) {
    const list = groups.get(entry.category);
    if (list) list.push(entry);
    else groups.set(entry.category, [entry]);
  }
  const rank = (c: string) => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, list]) => ({ category, entries: list }));
}

function PaletteItem({ entry, onAdd }: { entry: CatalogEntry; onAdd: (entry: CatalogEntry) => void }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(NODE_DRAG_MIME, `${entry.type}@${entry.version}`);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li>
      <button
        type="button"
        className="palette__item"
        draggable
        onDragStart={onDragStart}
        onClick={() => onAdd(entry)}
        data-testid={`palette-item-${entry.type}`}
        title={`${entry.description}\n\nDrag onto the canvas, or press Enter to add it in the middle.`}
      >
        <span className="palette__title">{entry.title}</span>
        <span className="palette__type">{entry.type}</span>
      </button>
    </li>
  );
}

export function Palette({ onAdd }: { onAdd: (entry: CatalogEntry) => void }) {
  const catalog = useCatalog();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const groups = useMemo(
    () => groupByCategory(catalog.entries.filter((entry) => matches(entry, needle))),
    [catalog.entries, needle],
  );

  return (
    <aside className="designer__palette palette" aria-label="Node palette">
      <input
        type="search"
        className="palette__search"
        placeholder="Search nodes…"
        aria-label="Search nodes"
        data-testid="palette-search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {groups.length === 0 && <p className="muted small">No node type matches “{search}”.</p>}
      {groups.map((group) => (
        <section key={group.category} className="palette__group">
          <h3 className="palette__category">{group.category}</h3>
          <ul className="palette__list">
            {group.entries.map((entry) => (
              <PaletteItem key={`${entry.type}@${entry.version}`} entry={entry} onAdd={onAdd} />
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
