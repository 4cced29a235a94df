import { useMemo, useState, type DragEvent, type KeyboardEvent, type RefObject } from 'react';
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

/** Arrow keys walk the palette: the search box, then every visible node type in order. */
function moveFocus(from: HTMLElement, key: string): boolean {
  const palette = from.closest('.palette');
  if (!palette) return false;
  const stops = [
    palette.querySelector<HTMLElement>('.palette__search'),
    ...palette.querySelectorAll<HTMLElement>('.palette__item'),
  ].filter((el): el is HTMLElement => el !== null);
  const at = stops.indexOf(from);
  let next: number;
  if (key === 'ArrowDown') next = Math.min(at + 1, stops.length - 1);
  else if (key === 'ArrowUp') next = Math.max(at - 1, 0);
  else if (key === 'Home') next = Math.min(1, stops.length - 1);
  else if (key === 'End') next = stops.length - 1;
  else if (key === 'Escape') next = 0;
  else return false;
  stops[next]?.focus();
  return true;
}

function onListKeyDown(event: KeyboardEvent<HTMLElement>) {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (moveFocus(event.currentTarget, event.key)) event.preventDefault();
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
        onKeyDown={onListKeyDown}
        // One Tab stop for the whole palette (the search box); the arrow keys walk the list.
        tabIndex={-1}
        data-testid={`palette-item-${entry.type}`}
        title={`${entry.description}\n\nDrag onto the canvas, or press Enter to add it right of the selected node (or in the middle); ↑ ↓ walk the list.`}
      >
        <span className="palette__title">{entry.title}</span>
        <span className="palette__type">{entry.type}</span>
      </button>
    </li>
  );
}

interface PaletteProps {
  onAdd: (entry: CatalogEntry) => void;
  /** Focused by the "/" and Ctrl+K shortcuts. */
  searchRef?: RefObject<HTMLInputElement | null>;
}

export function Palette({ onAdd, searchRef }: PaletteProps) {
  const catalog = useCatalog();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const groups = useMemo(
    () => groupByCategory(catalog.entries.filter((entry) => matches(entry, needle))),
    [catalog.entries, needle],
  );

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      // Enter in the search box adds the best (first) match.
      const first = groups[0]?.entries[0];
      if (first) {
        event.preventDefault();
        onAdd(first);
      }
    } else if (event.key === 'Escape' && search) {
      event.preventDefault();
      setSearch('');
    } else if (event.key === 'ArrowDown') {
      onListKeyDown(event);
    }
  };

  return (
    <aside className="designer__palette palette" aria-label="Node palette">
      <input
        ref={searchRef}
        type="search"
        className="palette__search"
        placeholder="Search nodes… (/)"
        aria-label="Search node types"
        aria-keyshortcuts="/ Control+K"
        title="Search node types (/ or Ctrl+K). ↓ walks the list, Enter adds the first match."
        data-testid="palette-search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onKeyDown={onSearchKeyDown}
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
