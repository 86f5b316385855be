import { useId } from 'react';
import { useResultsStore } from '../../stores/results-store';
import { usePick } from '../../stores/pick';

const YIELD_STEPS = [null, 10, 20, 40] as const;

/** Narrowing the rows: side, passing or all, a yield floor, one underlying (group by). */
export function ResultChips({ underlyings }: { underlyings: readonly string[] }) {
  const { chips, setChips } = usePick(useResultsStore, 'chips', 'setChips');
  const id = useId();
  return (
    <div className="result-chips" role="toolbar" aria-label="Filter rows">
      <div role="group" aria-label="Side" className="chip-group">
        {(
          [
            [null, 'Both'],
            ['CE', 'Calls'],
            ['PE', 'Puts'],
          ] as const
        ).map(([value, label]) => (
          <button
            key={label}
            type="button"
            className="chip-toggle"
            aria-pressed={chips.optionType === value}
            onClick={() => setChips({ optionType: value })}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="group" aria-label="Annualized yield at least" className="chip-group">
        {YIELD_STEPS.map((step) => (
          <button
            key={String(step)}
            type="button"
            className="chip-toggle"
            aria-pressed={chips.minAnnualizedYieldPct === step}
            onClick={() => setChips({ minAnnualizedYieldPct: step })}
          >
            {step === null ? 'Any yield' : `≥ ${step}% a year`}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="chip-toggle"
        aria-pressed={chips.includeFilteredOut}
        onClick={() => setChips({ includeFilteredOut: !chips.includeFilteredOut })}
      >
        Show filtered-out rows
      </button>
      <label htmlFor={id}>Underlying</label>
      <select
        id={id}
        value={chips.underlying ?? ''}
        onChange={(event) => setChips({ underlying: event.currentTarget.value || null })}
      >
        <option value="">All underlyings</option>
        {underlyings.map((symbol) => (
          <option key={symbol} value={symbol}>
            {symbol}
          </option>
        ))}
      </select>
    </div>
  );
}
