import type { Problem } from '../../api/graphTypes';
import type { ParamField } from '../catalogIndex';
import { isExprValue, isTemplateValue } from '../graphModel';
import { ExpressionInput } from './ExpressionInput';
import type { Suggestion } from './expressionSuggestions';
import { expressionToLiteral, fieldKind, literalToExpression } from './fieldKinds';
import { LiteralInput } from './LiteralInput';

interface ParamFieldEditorProps {
  nodeId: string;
  field: ParamField;
  value: unknown;
  /** The param's value is an expression by nature (transform, condition): always edited as code. */
  codeParam: boolean;
  /** `nodes.x.out` when an edge feeds this param; the edge wins over any value typed here. */
  wiredFrom: string | null;
  suggestions: readonly Suggestion[];
  problems: readonly Problem[];
  onChange: (value: unknown) => void;
}

export function ParamFieldEditor({ nodeId, field, value, codeParam, wiredFrom, suggestions, problems, onChange }: ParamFieldEditorProps) {
  const inputId = `param-${nodeId}-${field.name}`;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const isExpr = isExprValue(value);
  const invalid = problems.length > 0;
  const describedBy = [field.schema.description ? hintId : '', invalid ? errorId : ''].filter(Boolean).join(' ') || undefined;

  const toggleExpression = (on: boolean) =>
    onChange(on ? { $expr: literalToExpression(value) } : isExpr ? expressionToLiteral(value.$expr) : value);

  let editor;
  if (wiredFrom) {
    editor = <p className="param-field__wired">← wired from <code>{wiredFrom}</code></p>;
  } else if (codeParam) {
    editor = (
      <ExpressionInput
        id={inputId}
        multiline
        value={typeof value === 'string' ? value : ''}
        onChange={onChange}
        suggestions={suggestions}
        placeholder="nodes.fetch.out.body"
        testId={`param-${field.name}`}
        describedBy={describedBy}
        invalid={invalid}
      />
    );
  } else if (isTemplateValue(value)) {
    editor = (
      <>
        <ExpressionInput
          id={inputId}
          value={value.$template}
          onChange={(text) => onChange({ $template: text })}
          suggestions={suggestions}
          placeholder="Hello {{ input.name }}"
          testId={`param-${field.name}`}
          describedBy={describedBy}
          invalid={invalid}
        />
        <p className="hint">Template: text with {'{{ expression }}'} placeholders.</p>
      </>
    );
  } else if (isExpr) {
    editor = (
      <ExpressionInput
        id={inputId}
        value={value.$expr}
        onChange={(text) => onChange({ $expr: text })}
        suggestions={suggestions}
        placeholder="input.symbol"
        testId={`param-${field.name}`}
        describedBy={describedBy}
        invalid={invalid}
      />
    );
  } else {
    // A scalar field may still hold an object with expressions nested inside; only the JSON editor keeps it intact.
    const holdsObject = value !== null && typeof value === 'object';
    editor = (
      <LiteralInput
        id={inputId}
        kind={holdsObject ? 'json' : fieldKind(field.schema)}
        field={field}
        value={value}
        onChange={onChange}
        describedBy={describedBy}
        invalid={invalid}
      />
    );
  }

  return (
    <div className="field param-field">
      <div className="param-field__head">
        <label htmlFor={inputId}>
          {field.name}
          {field.required && <span className="flow-port__required" aria-label="required">*</span>}
          <span className="param-field__type">{field.typeLabel}</span>
        </label>
        {!codeParam && !wiredFrom && (
          <label className="param-field__toggle" title="Compute this value with an expression">
            <input
              type="checkbox"
              checked={isExpr}
              onChange={(event) => toggleExpression(event.target.checked)}
              data-testid={`expr-toggle-${field.name}`}
            />
            expression
          </label>
        )}
      </div>
      {editor}
      {field.schema.description && <p id={hintId} className="hint">{field.schema.description}</p>}
      {invalid && (
        <div id={errorId} className="field__error" role="alert">
          {problems.map((p) => p.message).join('\n')}
        </div>
      )}
    </div>
  );
}
