interface ProgressBarProps {
  /** 0..1, or null when the total is not known yet. */
  fraction: number | null;
  label: string;
  valueText?: string;
}

export function ProgressBar({ fraction, label, valueText }: ProgressBarProps) {
  const percent = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
  return (
    <div
      className={percent === null ? 'progress progress--indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      // ARIA: an indeterminate progressbar must omit aria-valuenow.
      aria-valuenow={percent ?? undefined}
      aria-valuetext={valueText}
    >
      <div className="progress__fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
