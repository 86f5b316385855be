import { useEffect, useId, useState } from 'react';
import type { ScanFilters } from '../../../src-preload/contract';
import { useFilterPresetsStore } from '../../stores/filter-presets-store';
import { useScanStore } from '../../stores/scan-store';

/** Filters compared by value, whatever order their keys were set in. */
function sameFilters(a: ScanFilters, b: ScanFilters): boolean {
  const canonical = (filters: ScanFilters): string =>
    JSON.stringify(filters, Object.keys(filters).sort());
  return (
    canonical(a) === canonical(b) &&
    JSON.stringify(a.topNPerUnderlying) === JSON.stringify(b.topNPerUnderlying)
  );
}

/**
 * Choose, save and delete named filter sets. The preset shown is the one the current filters
 * equal ("Seller" for a new scan); editing a filter by hand shows "Custom".
 */
export function FilterPresets(): React.JSX.Element {
  const { presets, error, load, apply, save, remove } = useFilterPresetsStore();
  const filters = useScanStore((state) => state.filters);
  const [name, setName] = useState('');
  const selectId = useId();
  const nameId = useId();
  useEffect(() => {
    void load();
  }, [load]);
  const current = presets.find((preset) => sameFilters(preset.filters, filters));
  return (
    <div className="filter-presets">
      <div className="field">
        <label htmlFor={selectId}>Preset</label>
        <select
          id={selectId}
          value={current?.name ?? ''}
          onChange={(event) => apply(event.currentTarget.value)}
        >
          <option value="" disabled>
            Custom
          </option>
          {presets.map((preset) => (
            <option key={preset.name} value={preset.name}>
              {preset.name}
              {preset.builtIn ? ' (built in)' : ''}
            </option>
          ))}
        </select>
      </div>
      {current !== undefined && !current.builtIn && (
        <button type="button" onClick={() => void remove(current.name)}>
          Delete “{current.name}”
        </button>
      )}
      <form
        className="filter-presets-save"
        onSubmit={(event) => {
          event.preventDefault();
          void save(name).then((saved) => {
            if (saved) setName('');
          });
        }}
      >
        <div className="field">
          <label htmlFor={nameId}>Save these filters as</label>
          <input
            id={nameId}
            value={name}
            maxLength={40}
            placeholder="e.g. Monthly puts"
            onChange={(event) => setName(event.currentTarget.value)}
          />
        </div>
        <button type="submit" disabled={name.trim() === ''}>
          Save preset
        </button>
      </form>
      {error !== null && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
    </div>
  );
}
