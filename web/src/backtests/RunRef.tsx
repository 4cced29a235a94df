import { Link } from 'react-router-dom';

/**
 * The workflow a backtest, ranking or report came from. Only graph runs are linked: the run page renders graph runs
 * and imports, and does not know the result of the backtest workflows yet (BacktestRunResult is made for it).
 */
export function RunRef({ workflowId }: { workflowId: string }) {
  if (!workflowId.startsWith('graph-')) return <span className="mono">{workflowId}</span>;
  return <Link to={`/runs/${encodeURIComponent(workflowId)}`} className="mono">{workflowId}</Link>;
}
