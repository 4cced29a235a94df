import type { SymbolSeries } from '../api/backtests';
import { FieldError } from '../common/FieldError';
import { formatCount } from '../common/format';

interface UniversePickerProps {
  /** The stored series of the chosen timeframe. */
  offered: SymbolSeries[];
  picked: ReadonlySet<string>;
  onChange: (picked: ReadonlySet<string>) => void;
  error?: string;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** The symbols to rank against each other, picked from what is stored, with each one's bars and span. */
export function UniversePicker({ offered, picked, onChange, error }: UniversePickerProps) {
  const toggle = (symbol: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(symbol);
    else next.delete(symbol);
    onChange(next);
  };
  const pickedHere = offered.filter((s) => picked.has(s.symbol)).length;
  return (
    <fieldset className="fieldset" aria-describedby={error ? 'universe-error' : undefined} data-testid="universe">
      <legend>Universe · {pickedHere} of {offered.length} picked</legend>
      <div className="rotation-form__bulk">
        <button type="button" className="button button--small" onClick={() => onChange(new Set(offered.map((s) => s.symbol)))} data-testid="universe-all">
          All
        </button>
        <button type="button" className="button button--small" onClick={() => onChange(new Set())} data-testid="universe-none">
          None
        </button>
      </div>
      <ul className="rotation-form__symbols">
        {offered.map((s) => (
          <li key={s.symbol}>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={picked.has(s.symbol)}
                onChange={(e) => toggle(s.symbol, e.target.checked)}
                aria-invalid={error ? true : undefined}
                data-testid={`universe-${s.symbol}`}
              />
              <span className="mono">{s.symbol}</span>
              <span className="muted small">{formatCount(s.bars)} bars · {day(s.first)} → {day(s.last)}</span>
            </label>
          </li>
        ))}
      </ul>
      <FieldError id="universe-error" message={error} />
    </fieldset>
  );
}
