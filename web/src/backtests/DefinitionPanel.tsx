import type { BacktestConfig, BacktestDefinition } from '../api/backtests';

/** The strategy and engine config a backtest ran with, folded away until asked for. */
export function DefinitionPanel({ definition, config }: { definition: BacktestDefinition; config?: BacktestConfig }) {
  return (
    <>
      <details className="card" data-testid="strategy-definition">
        <summary className="card__title">Strategy definition ({definition.kind})</summary>
        {definition.kind === 'code' ? (
          <pre className="code">{definition.source}</pre>
        ) : (
          <pre className="code">{JSON.stringify(definition.spec, null, 2)}</pre>
        )}
      </details>
      {config && (
        <details className="card" data-testid="backtest-config">
          <summary className="card__title">Engine config</summary>
          <pre className="code">{JSON.stringify(config, null, 2)}</pre>
        </details>
      )}
    </>
  );
}
