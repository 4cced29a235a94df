import type { UseQueryResult } from '@tanstack/react-query';
import type { QuotaStatus, ToolUsage } from '../api/alerts';
import { ErrorNotice } from '../common/ErrorNotice';
import { formatCount } from '../common/format';

const PERIOD: Record<ToolUsage['period'], string> = { day: 'today', month: 'this month', total: 'held' };

function limitText(u: ToolUsage): string {
  if (u.limit < 0) return `${formatCount(u.used)} ${PERIOD[u.period]} · unlimited`;
  if (u.limit === 0) return 'not in the plan';
  return `${formatCount(u.used)} / ${formatCount(u.limit)} ${PERIOD[u.period]}`;
}

/** The caller's plan and what each tool has used this period; alert subscriptions first, as this page spends them. */
export function QuotaCard({ quota }: { quota: UseQueryResult<QuotaStatus> }) {
  if (quota.isPending) return <p className="muted small">Loading plan…</p>;
  if (quota.isError) return <ErrorNotice title="Could not load the plan" error={quota.error} />;
  const tools = [...quota.data.tools].sort((a, b) => Number(b.tool === 'subscribe_alert') - Number(a.tool === 'subscribe_alert'));
  return (
    <section className="card quota" data-testid="quota">
      <h2 className="card__title">
        Plan <span className="badge" data-testid="quota-plan">{quota.data.plan}</span>
      </h2>
      <ul className="quota__list small">
        {tools.map((u) => {
          const full = u.limit > 0 && u.used >= u.limit;
          return (
            <li key={u.tool} className={full ? 'quota__item quota__item--full' : 'quota__item'} data-tool={u.tool}>
              <span className="mono">{u.tool}</span>
              <span>{limitText(u)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
