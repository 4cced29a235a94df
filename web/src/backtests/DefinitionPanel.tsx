import type { BacktestConfig, BacktestDefinition, RotationDefinition } from '../api/backtests';

/** A rotation is defined by its universe and a handful of numbers: listed, not left to a JSON dump. */
function RotationDefinitionList({ definition }: { definition: RotationDefinition }) {
  return (
    <dl className="meta" data-testid="rotation-definition">
      <div>
        <dt>Universe ({definition.symbols.length})</dt>
        <dd className="mono" data-testid="rotation-universe">{definition.symbols.join(', ')}</dd>
      </div>
      {Object.entries(definition.params).map(([name, value]) => (
        <div key={name} data-param={name}>
          <dt>{name}</dt>
          <dd className="mono">{String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The strategy and engine config a backtest ran with, folded away until asked for (a rotation's shows at once). */
export function DefinitionPanel({ definition, config }: { definition: BacktestDefinition; config?: BacktestConfig }) {
  return (
    <>
      <details className="card" data-testid="strategy-definition" open={definition.kind === 'rotation'}>
        <summary className="card__title">Strategy definition ({definition.kind})</summary>
        {definition.kind === 'rotation' ? (
          <RotationDefinitionList definition={definition} />
        ) : definition.kind === 'code' ? (
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
