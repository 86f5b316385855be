import { useEffect, useId, useState } from 'react';
import { useFilterPresetsStore } from '../../stores/filter-presets-store';

/** Choose, save and delete named filter sets; "Seller" is what a new scan starts from. */
export function FilterPresets(): React.JSX.Element {
  const { presets, chosen, error, load, apply, save, remove } = useFilterPresetsStore();
  const [name, setName] = useState('');
  const selectId = useId();
  const nameId = useId();
  useEffect(() => {
    void load();
  }, [load]);
  const chosenPreset = presets.find((preset) => preset.name === chosen);
  return (
    <div className="filter-presets">
      <div className="field">
        <label htmlFor={selectId}>Preset</label>
        <select
          id={selectId}
          value={chosen ?? ''}
          onChange={(event) => apply(event.currentTarget.value)}
        >
          <option value="" disabled>
            Choose a preset…
          </option>
          {presets.map((preset) => (
            <option key={preset.name} value={preset.name}>
              {preset.name}
              {preset.builtIn ? ' (built in)' : ''}
            </option>
          ))}
        </select>
      </div>
      {chosenPreset !== undefined && !chosenPreset.builtIn && (
        <button type="button" onClick={() => void remove(chosenPreset.name)}>
          Delete “{chosenPreset.name}”
        </button>
      )}
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          void save(name).then((saved) => {
            if (saved) setName('');
          });
        }}
      >
        <label htmlFor={nameId}>Save these filters as</label>
        <input
          id={nameId}
          value={name}
          maxLength={40}
          placeholder="e.g. Monthly puts"
          onChange={(event) => setName(event.currentTarget.value)}
        />
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
