import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Suggestion } from './expressionSuggestions';

const MAX_SHOWN = 8;
// The path being typed just before the caret: input.sym, nodes.fetch.out.bo, …
const TOKEN_BEFORE_CARET = /[A-Za-z_$][\w$.\-[\]']*$/;
// Keys the open list consumes; their keyup must not re-read a caret the browser has not moved yet.
const LIST_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape']);

interface ExpressionInputProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  suggestions: readonly Suggestion[];
  multiline?: boolean;
  placeholder?: string;
  testId?: string;
  describedBy?: string;
  invalid?: boolean;
}

/** A code-ish text field that completes paths to the run input and upstream outputs. */
export function ExpressionInput({
  id,
  value,
  onChange,
  suggestions,
  multiline,
  placeholder,
  testId,
  describedBy,
  invalid,
}: ExpressionInputProps) {
  const listId = useId();
  const fieldRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);

  const token = caret === null ? '' : (TOKEN_BEFORE_CARET.exec(value.slice(0, caret))?.[0] ?? '');
  const shown = useMemo(() => {
    if (!token) return [];
    const lower = token.toLowerCase();
    return suggestions.filter((s) => s.text.toLowerCase().startsWith(lower) && s.text !== token).slice(0, MAX_SHOWN);
  }, [suggestions, token]);
  const open = !dismissed && shown.length > 0;

  const track = () => {
    setCaret(fieldRef.current?.selectionStart ?? null);
  };

  const accept = (suggestion: Suggestion) => {
    if (caret === null) return;
    const start = caret - token.length;
    const next = value.slice(0, start) + suggestion.text + value.slice(caret);
    const nextCaret = start + suggestion.text.length;
    onChange(next);
    setCaret(nextCaret);
    setActive(0);
    requestAnimationFrame(() => fieldRef.current?.setSelectionRange(nextCaret, nextCaret));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + shown.length) % shown.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      const choice = shown[Math.min(active, shown.length - 1)];
      if (choice) accept(choice);
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      setDismissed(true);
    }
  };

  const common = {
    id,
    ref: fieldRef,
    value,
    placeholder,
    spellCheck: false,
    autoComplete: 'off',
    className: 'mono expression-input__field',
    'data-testid': testId,
    role: 'combobox',
    'aria-autocomplete': 'list' as const,
    'aria-expanded': open,
    'aria-controls': listId,
    'aria-activedescendant': open ? `${listId}-${active}` : undefined,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    onChange: (event: { target: { value: string; selectionStart: number | null } }) => {
      onChange(event.target.value);
      setCaret(event.target.selectionStart);
      setActive(0);
      setDismissed(false);
    },
    onKeyDown,
    onKeyUp: (event: KeyboardEvent) => {
      if (!LIST_KEYS.has(event.key)) track();
    },
    onClick: track,
    onFocus: track,
    onBlur: () => setCaret(null),
  };

  return (
    <div className="expression-input">
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {open && (
        <ul className="expression-input__list" role="listbox" id={listId}>
          {shown.map((suggestion, index) => (
            <li
              key={suggestion.text}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'expression-input__option expression-input__option--active' : 'expression-input__option'}
              data-testid="expression-suggestion"
              // mousedown, not click: the field must keep focus (and its caret) while choosing.
              onMouseDown={(event) => {
                event.preventDefault();
                accept(suggestion);
              }}
            >
              <span className="mono">{suggestion.text}</span>
              <span className="expression-input__detail">{suggestion.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
