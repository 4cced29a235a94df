export function TemporalLink({ href, className }: { href: string; className?: string }) {
  if (!href) return null;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className={className}>
      Temporal UI ↗
    </a>
  );
}
