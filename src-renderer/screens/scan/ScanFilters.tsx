import { useId } from 'react';
import type { FilterProblem, ScanFilters as Filters } from '../../../src-preload/contract';
import { useScanStore } from '../../stores/scan-store';
import { usePick } from '../../stores/pick';
import { FilterPresets } from './FilterPresets';
import { ScanModelFields } from './ScanModelFields';

type NumericKey =
  | 'otmPctMin'
  | 'otmPctMax'
  | 'minYieldPct'
  | 'minAnnualizedYieldPct'
  | 'maxAbsDelta'
  | 'minOi'
  | 'minOiLots'
  | 'minVolume'
  | 'maxSpreadPct'
  | 'minBid';

const NUMERIC_FILTERS: readonly { key: NumericKey; label: string; step: string }[] = [
  { key: 'otmPctMin', label: 'OTM % at least', step: '0.5' },
  { key: 'otmPctMax', label: 'OTM % at most', step: '0.5' },
  { key: 'minYieldPct', label: 'Yield % at least', step: '0.1' },
  { key: 'minAnnualizedYieldPct', label: 'Annualized yield % at least', step: '1' },
  { key: 'maxSpreadPct', label: 'Spread % at most', step: '1' },
  { key: 'minBid', label: 'Bid at least (₹)', step: '0.05' },
  { key: 'minOiLots', label: 'Open interest at least (lots)', step: '10' },
  { key: 'minOi', label: 'Open interest at least (units)', step: '1' },
  { key: 'minVolume', label: 'Volume at least', step: '1' },
  { key: 'maxAbsDelta', label: '|Delta| at most', step: '0.05' },
];

interface NumberFilterProps {
  readonly name: NumericKey;
  readonly label: string;
  readonly step: string;
  /** Why the value cannot be used, in words, shown under the field. */
  readonly problem: string | null;
}

function NumberFilter({ name, label, step, problem }: NumberFilterProps) {
  const id = useId();
  const value = useScanStore((state) => state.filters[name]);
  const setFilter = useScanStore((state) => state.setFilter);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        step={step}
        value={value ?? ''}
        placeholder="any"
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? undefined : `${id}-problem`}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setFilter(name, text === '' ? null : Number(text));
        }}
      />
      {problem !== null && (
        <span id={`${id}-problem`} className="field-problem error">
          {problem}
        </span>
      )}
    </div>
  );
}

const SIDES: readonly { value: Filters['optionType']; label: string }[] = [
  { value: 'both', label: 'Calls and puts' },
  { value: 'CE', label: 'Calls (covered calls)' },
  { value: 'PE', label: 'Puts (cash-secured)' },
];

/** What a scan keeps; the defaults are the engine's. Rows outside are kept with the reason. */
export function ScanFilters({
  problems,
}: {
  problems: readonly FilterProblem[];
}): React.JSX.Element {
  const { filters, setFilter, resetFilters } = usePick(
    useScanStore,
    'filters',
    'setFilter',
    'resetFilters',
  );
  const problemOf = (field: keyof Filters): string | null =>
    problems.find((problem) => problem.field === field)?.message ?? null;
  const topN = filters.topNPerUnderlying;
  return (
    <fieldset className="panel filters">
      <legend>Filters</legend>
      <FilterPresets />
      <div className="side-choice" role="radiogroup" aria-label="Option side">
        {SIDES.map((side) => (
          <label key={side.value}>
            <input
              type="radio"
              name="optionType"
              checked={filters.optionType === side.value}
              onChange={() => setFilter('optionType', side.value)}
            />
            {side.label}
          </label>
        ))}
      </div>
      <div className="filter-grid">
        {NUMERIC_FILTERS.map((filter) => (
          <NumberFilter
            key={filter.key}
            name={filter.key}
            label={filter.label}
            step={filter.step}
            problem={problemOf(filter.key)}
          />
        ))}
        <div className="field">
          <label htmlFor="top-n">Best N per underlying</label>
          <input
            id="top-n"
            type="number"
            min={1}
            placeholder="all"
            value={topN?.n ?? ''}
            onChange={(event) => {
              const text = event.currentTarget.value;
              setFilter(
                'topNPerUnderlying',
                text === ''
                  ? null
                  : { n: Number(text), metric: topN?.metric ?? 'annualizedRomPct' },
              );
            }}
            aria-invalid={problemOf('topNPerUnderlying') !== null}
            aria-describedby={problemOf('topNPerUnderlying') === null ? undefined : 'top-n-problem'}
          />
          {problemOf('topNPerUnderlying') !== null && (
            <span id="top-n-problem" className="field-problem error">
              {problemOf('topNPerUnderlying')}
            </span>
          )}
        </div>
      </div>
      <ScanModelFields />
      <button type="button" onClick={resetFilters}>
        Reset filters
      </button>
    </fieldset>
  );
}
