import { TIMEFRAMES, type Timeframe } from '../api/types';
import { FieldError } from '../common/FieldError';
import type { FieldErrors, ImportFormValues } from './importForm';

const COMMON_TIMEZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Tokyo', 'UTC', 'Europe/London', 'America/New_York'];

interface ImportOptionsFieldsProps {
  values: ImportFormValues;
  errors: FieldErrors;
  onChange: (patch: Partial<ImportFormValues>) => void;
}

export function ImportOptionsFields({ values, errors, onChange }: ImportOptionsFieldsProps) {
  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor="import-symbol">Symbol</label>
        <input
          id="import-symbol"
          type="text"
          className="mono"
          data-testid="import-symbol"
          placeholder="auto, e.g. 000001.SH"
          spellCheck={false}
          autoComplete="off"
          value={values.symbol}
          onChange={(event) => onChange({ symbol: event.target.value })}
          aria-invalid={!!errors.symbol || undefined}
          aria-describedby={errors.symbol ? 'import-symbol-error' : undefined}
        />
        <FieldError id="import-symbol-error" message={errors.symbol} />
      </div>
      <div className="field">
        <label htmlFor="import-timeframe">Timeframe</label>
        <select
          id="import-timeframe"
          data-testid="import-timeframe"
          value={values.timeframe}
          onChange={(event) => onChange({ timeframe: event.target.value as Timeframe | '' })}
          aria-invalid={!!errors.timeframe || undefined}
          aria-describedby={errors.timeframe ? 'import-timeframe-error' : undefined}
        >
          <option value="">Auto-detect</option>
          {TIMEFRAMES.map((timeframe) => (
            <option key={timeframe} value={timeframe}>{timeframe}</option>
          ))}
        </select>
        <FieldError id="import-timeframe-error" message={errors.timeframe} />
      </div>
      <div className="field">
        <label htmlFor="import-timezone">Timezone</label>
        <input
          id="import-timezone"
          type="text"
          data-testid="import-timezone"
          list="import-timezone-options"
          placeholder="auto"
          spellCheck={false}
          autoComplete="off"
          value={values.timezone}
          onChange={(event) => onChange({ timezone: event.target.value })}
          aria-invalid={!!errors.timezone || undefined}
          aria-describedby={errors.timezone ? 'import-timezone-hint import-timezone-error' : 'import-timezone-hint'}
        />
        <datalist id="import-timezone-options">
          {COMMON_TIMEZONES.map((zone) => <option key={zone} value={zone} />)}
        </datalist>
        <p id="import-timezone-hint" className="hint">IANA name of the timestamps&apos; zone. Blank = auto.</p>
        <FieldError id="import-timezone-error" message={errors.timezone} />
      </div>
    </div>
  );
}
