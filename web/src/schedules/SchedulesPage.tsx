import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { listSchedules, scheduleKeys, type Schedule, type ScheduleSummary } from '../api/schedules';
import { ErrorNotice } from '../common/ErrorNotice';
import { useGraphsList } from '../graphs/useGraphs';
import { CreateScheduleForm } from './CreateScheduleForm';
import { ScheduleCard } from './ScheduleCard';

/**
 * Temporal lists schedules from its visibility store, which lags a create or delete by a moment. Until the list
 * catches up, schedules made here are shown from the create answer and deleted ones are hidden.
 */
function useScheduleList() {
  const list = useQuery({ queryKey: scheduleKeys.list(), queryFn: ({ signal }) => listSchedules(signal), refetchInterval: 10_000 });
  const [created, setCreated] = useState<Schedule[]>([]);
  const [deleted, setDeleted] = useState<Set<string>>(new Set());
  const schedules = useMemo(() => {
    const listed = list.data?.schedules ?? [];
    const ids = new Set(listed.map((s) => s.id));
    const all: ScheduleSummary[] = [...created.filter((s) => !ids.has(s.id)), ...listed];
    return all.filter((s) => !deleted.has(s.id));
  }, [list.data, created, deleted]);
  return {
    list,
    schedules,
    added: (s: Schedule) => setCreated((c) => [s, ...c.filter((x) => x.id !== s.id)]),
    removed: (id: string) => setDeleted((d) => new Set(d).add(id)),
  };
}

export function SchedulesPage() {
  const queryClient = useQueryClient();
  const graphs = useGraphsList();
  const { list, schedules, added, removed } = useScheduleList();
  const [showForm, setShowForm] = useState(false);
  const names = new Map((graphs.data?.graphs ?? []).map((g) => [g.id, g.name]));

  const onCreated = (s: Schedule) => {
    queryClient.setQueryData(scheduleKeys.detail(s.id), s);
    added(s);
    setShowForm(false);
  };

  return (
    <section>
      <div className="page__header">
        <h1>Schedules</h1>
        <div className="page__actions">
          <button type="button" className="button button--primary" onClick={() => setShowForm((v) => !v)} aria-expanded={showForm} data-testid="new-schedule">
            {showForm ? 'Close' : 'New schedule'}
          </button>
        </div>
      </div>
      <p className="muted small">
        Each schedule starts runs of a saved graph (a Temporal Schedule). Schedule the <strong>ChanLun scan</strong> graph to
        record alerts for new buy points; they show on the <Link to="/alerts">Alerts</Link> page as they arrive.
      </p>

      {showForm && (
        <section className="card" data-testid="schedule-create">
          <h2 className="card__title">New schedule</h2>
          <CreateScheduleForm onCreated={onCreated} />
        </section>
      )}

      {list.isError && <ErrorNotice title="Could not load schedules" error={list.error} onRetry={() => list.refetch()} />}
      {list.isPending && schedules.length === 0 && <p className="muted">Loading schedules…</p>}
      {list.isSuccess && schedules.length === 0 && (
        <div className="empty" data-testid="schedules-empty">
          <h2>No schedules yet</h2>
          <p>Create one to run a graph every day, every hour or on any cron.</p>
        </div>
      )}
      <div className="schedules" data-testid="schedules-list">
        {schedules.map((s) => (
          <ScheduleCard key={s.id} summary={s} graphName={names.get(s.graphId)} onDeleted={removed} />
        ))}
      </div>
    </section>
  );
}
