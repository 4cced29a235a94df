import { FieldError } from '../common/FieldError';
import type { CostErrors, CostField, Costs } from './costs';

const FIELDS: { field: CostField; label: string; hint: string }[] = [
  { field: 'initialCash', label: 'Initial cash', hint: '1000000' },
  { field: 'commissionRate', label: 'Commission rate', hint: '0.0003 = 3 bp' },
  { field: 'minFee', label: 'Min fee per fill', hint: '5' },
  { field: 'stampDutyRate', label: 'Stamp duty (sells)', hint: '0.0005' },
];

interface CostFieldsProps {
  /** Prefix of the inputs' ids and test ids (`bt` → `bt-minFee`), so two forms on a page do not collide. */
  idPrefix: string;
  costs: Costs;
  onChange: (field: CostField, value: string) => void;
  errors?: CostErrors;
}

/** Initial cash and fees of a backtest, each optional, with its error under it. */
export function CostFields({ idPrefix, costs, onChange, errors = {} }: CostFieldsProps) {
  return (
    <div className="field-row">
      {FIELDS.map(({ field, label, hint }) => {
        const id = `${idPrefix}-${field}`;
        const error = errors[field];
        return (
          <div key={field} className="field">
            <label htmlFor={id}>{label}</label>
            <input
              id={id}
              type="text"
              inputMode="decimal"
              className="mono"
              placeholder={hint}
              value={costs[field]}
              onChange={(e) => onChange(field, e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              data-testid={id}
            />
            <FieldError id={`${id}-error`} message={error} />
          </div>
        );
      })}
    </div>
  );
}
