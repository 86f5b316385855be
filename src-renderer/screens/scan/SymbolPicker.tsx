import { useId, useState } from 'react';
import { useScanStore } from '../../stores/scan-store';
import { usePick } from '../../stores/pick';

/** Symbol entry with the day's F&O underlyings as suggestions, and one chip per symbol. */
export function SymbolPicker(): React.JSX.Element {
  const { underlyings, chips, addSymbols, removeSymbol, acceptSuggestion } = usePick(
    useScanStore,
    'underlyings',
    'chips',
    'addSymbols',
    'removeSymbol',
    'acceptSuggestion',
  );
  const watchlist = useScanStore((state) => state.watchlist);
  const [text, setText] = useState('');
  const listId = useId();

  async function add(event: React.FormEvent): Promise<void> {
    event.preventDefault();
    if (text.trim() === '') return;
    await addSymbols(text);
    setText('');
  }

  return (
    <div className="symbol-picker">
      <form className="symbol-entry" onSubmit={(event) => void add(event)}>
        <label htmlFor={`${listId}-input`}>Symbols</label>
        <input
          id={`${listId}-input`}
          list={listId}
          value={text}
          autoComplete="off"
          spellCheck={false}
          placeholder="NIFTY, RELIANCE, TCS …"
          aria-describedby={`${listId}-hint`}
          onChange={(event) => setText(event.currentTarget.value)}
        />
        <datalist id={listId}>
          {underlyings.map((item) => (
            <option key={item.underlying} value={item.underlying}>
              {item.companyName ?? item.underlying}
            </option>
          ))}
        </datalist>
        <button type="submit">Add</button>
        <span id={`${listId}-hint`} className="field-hint">
          Type or paste several, separated by commas or spaces; Enter adds them.
        </span>
      </form>
      {chips.length > 0 && watchlist !== null && (
        <p className="muted set-aside-note">
          Set aside while a watchlist is chosen: choose “None” below to scan these symbols.
        </p>
      )}
      {chips.length > 0 && (
        <ul
          className={watchlist === null ? 'chips' : 'chips set-aside'}
          aria-label={watchlist === null ? 'Symbols to scan' : 'Symbols set aside'}
        >
          {chips.map((chip) =>
            chip.kind === 'matched' ? (
              <li key={chip.input} className="chip">
                {chip.underlying}
                {chip.input.toUpperCase() !== chip.underlying && (
                  <span className="muted"> ({chip.input})</span>
                )}
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove ${chip.underlying}`}
                  onClick={() => removeSymbol(chip.input)}
                >
                  ×
                </button>
              </li>
            ) : (
              <li key={chip.input} className="chip chip-unknown">
                <span>
                  <strong>{chip.input}</strong> is not an F&amp;O underlying today.
                </span>
                {chip.suggestions.length > 0 && <span> Did you mean</span>}
                {chip.suggestions.map((suggestion) => (
                  <button
                    key={suggestion}
                    type="button"
                    className="suggestion"
                    onClick={() => void acceptSuggestion(chip.input, suggestion)}
                  >
                    {suggestion}
                  </button>
                ))}
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove ${chip.input}`}
                  onClick={() => removeSymbol(chip.input)}
                >
                  ×
                </button>
              </li>
            ),
          )}
        </ul>
      )}
    </div>
  );
}
