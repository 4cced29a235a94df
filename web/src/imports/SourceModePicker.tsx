import type { SourceMode } from './importForm';

const MODES: { mode: SourceMode; label: string; testId: string }[] = [
  { mode: 'upload', label: 'Upload file', testId: 'import-source-upload' },
  { mode: 'path', label: 'Server path', testId: 'import-source-path' },
];

export function SourceModePicker({ mode, onChange }: { mode: SourceMode; onChange: (mode: SourceMode) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Source">
      {MODES.map((option) => {
        const id = `import-source-${option.mode}`;
        return (
          <label key={option.mode} htmlFor={id} className={mode === option.mode ? 'segmented__option segmented__option--active' : 'segmented__option'}>
            <input
              id={id}
              type="radio"
              name="import-source"
              value={option.mode}
              data-testid={option.testId}
              checked={mode === option.mode}
              onChange={() => onChange(option.mode)}
            />
            {option.label}
          </label>
        );
      })}
    </div>
  );
}
