import { useEffect, useId, useState } from 'react';
import type { AgentViewRecord } from '../../../src-preload/contract';
import { useAgentsStore } from '../../stores/agents-store';
import { useFilterPresetsStore, type FilterPresetView } from '../../stores/filter-presets-store';
import { describeFilters } from '../filter-summary';

/** The form's fields as typed; numbers stay text until saved so a half-typed value is kept. */
interface Draft {
  name: string;
  symbols: string;
  expiry: string;
  /** A filter preset's name; blank keeps the agent's own filters (the Seller's for a new one). */
  filterPreset: string;
  scheduleKind: 'interval' | 'times';
  minutes: string;
  times: string;
  newInFilteredSet: boolean;
  romAbove: string;
  yieldAbove: string;
  yieldChange: string;
  premiumUp: string;
  deltaAbove: string;
  nearStrike: string;
}

const text = (value: number | null | undefined): string => (value == null ? '' : String(value));

function draftOf(agent: AgentViewRecord | null): Draft {
  const d = agent?.definition;
  const watch = d?.rules.positionWatch ?? null;
  return {
    name: d?.name ?? '',
    symbols: d?.scan?.symbols.join(', ') ?? 'NIFTY, BANKNIFTY',
    expiry: d?.scan?.expiry ?? 'nearest',
    filterPreset: '',
    scheduleKind: d?.schedule.kind ?? 'interval',
    minutes: d?.schedule.kind === 'interval' ? String(d.schedule.minutes) : '5',
    times: d?.schedule.kind === 'times' ? d.schedule.times.join(', ') : '09:20, 15:00',
    newInFilteredSet: d?.rules.newInFilteredSet ?? true,
    romAbove: text(d?.rules.minAnnualizedRomPct),
    yieldAbove: text(d?.rules.minAnnualizedYieldPct),
    yieldChange: text(d?.rules.yieldChangePp),
    premiumUp: text(watch?.premiumUpPct),
    deltaAbove: text(watch?.maxAbsDelta),
    nearStrike: text(watch?.nearStrikePct),
  };
}

/** Blank is "off"; anything else goes to main as typed (a non-number is refused there, in words). */
const num = (raw: string): number | null => (raw.trim() === '' ? null : Number(raw));

function definitionOf(
  draft: Draft,
  agent: AgentViewRecord | null,
  presets: readonly FilterPresetView[],
): unknown {
  const preset = presets.find((candidate) => candidate.name === draft.filterPreset);
  const filters = preset?.filters ?? agent?.definition.scan?.filters;
  const symbols = draft.symbols
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');
  const watch = {
    premiumUpPct: num(draft.premiumUp),
    maxAbsDelta: num(draft.deltaAbove),
    nearStrikePct: num(draft.nearStrike),
  };
  return {
    name: draft.name,
    scan:
      symbols.length === 0
        ? null
        : {
            symbols,
            expiry: draft.expiry,
            // A chosen preset, else the filters it was saved with; a new one gets the seller's.
            ...(filters === undefined ? {} : { filters }),
          },
    schedule:
      draft.scheduleKind === 'interval'
        ? { kind: 'interval', minutes: num(draft.minutes) }
        : { kind: 'times', times: draft.times.split(/[\s,]+/).filter((t) => t !== '') },
    rules: {
      newInFilteredSet: draft.newInFilteredSet,
      minAnnualizedRomPct: num(draft.romAbove),
      minAnnualizedYieldPct: num(draft.yieldAbove),
      yieldChangePp: num(draft.yieldChange),
      positionWatch: Object.values(watch).some((v) => v !== null) ? watch : null,
    },
  };
}

function NumberField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}): React.JSX.Element {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        inputMode="decimal"
        size={8}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
    </div>
  );
}

/** Add or edit an agent: its scan, its schedule and its alert rules. */
export function AgentEditor(props: {
  agent: AgentViewRecord | null;
  onDone: () => void;
}): React.JSX.Element {
  const save = useAgentsStore((state) => state.save);
  const presets = useFilterPresetsStore((state) => state.presets);
  const loadPresets = useFilterPresetsStore((state) => state.load);
  useEffect(() => {
    void loadPresets();
  }, [loadPresets]);
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.agent));
  const saved = props.agent?.definition.scan?.filters;
  const change =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((current) => ({ ...current, [key]: value }));
  const id = useId();
  return (
    <form
      className="panel"
      aria-label={props.agent === null ? 'New agent' : `Edit ${props.agent.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save(props.agent?.id ?? null, definitionOf(draft, props.agent, presets)).then(
          (done) => {
            if (done) props.onDone();
          },
        );
      }}
    >
      <h3>{props.agent === null ? 'New agent' : `Edit “${props.agent.name}”`}</h3>
      <div className="two-columns">
        <div>
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={draft.name}
            onChange={(e) => change('name')(e.currentTarget.value)}
          />
          <label htmlFor={`${id}-symbols`}>Symbols to scan (blank: positions only)</label>
          <input
            id={`${id}-symbols`}
            value={draft.symbols}
            onChange={(e) => change('symbols')(e.currentTarget.value)}
          />
          <label htmlFor={`${id}-expiry`}>Expiry</label>
          <select
            id={`${id}-expiry`}
            value={draft.expiry}
            onChange={(e) => change('expiry')(e.currentTarget.value)}
          >
            <option value="nearest">Nearest monthly</option>
            <option value="nearest-weekly">Nearest (weekly or monthly)</option>
          </select>
          <label htmlFor={`${id}-filters`}>Filters</label>
          <select
            id={`${id}-filters`}
            value={draft.filterPreset}
            onChange={(e) => change('filterPreset')(e.currentTarget.value)}
          >
            <option value="">
              {saved === undefined ? 'Seller (the default)' : `As saved: ${describeFilters(saved)}`}
            </option>
            {presets.map((preset) => (
              <option key={preset.name} value={preset.name}>
                {preset.name}: {describeFilters(preset.filters)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-kind`}>Schedule (IST, NSE trading days)</label>
          <select
            id={`${id}-kind`}
            value={draft.scheduleKind}
            onChange={(e) =>
              change('scheduleKind')(e.currentTarget.value === 'times' ? 'times' : 'interval')
            }
          >
            <option value="interval">Every N minutes, 09:15–15:30</option>
            <option value="times">At fixed times</option>
          </select>
          {draft.scheduleKind === 'interval' ? (
            <NumberField
              label="Minutes between runs"
              value={draft.minutes}
              onChange={change('minutes')}
            />
          ) : (
            <>
              <label htmlFor={`${id}-times`}>Times (HH:MM, comma-separated)</label>
              <input
                id={`${id}-times`}
                value={draft.times}
                onChange={(e) => change('times')(e.currentTarget.value)}
              />
            </>
          )}
        </div>
        <div>
          <label>
            <input
              type="checkbox"
              checked={draft.newInFilteredSet}
              onChange={(e) => change('newInFilteredSet')(e.currentTarget.checked)}
            />{' '}
            Alert when an option enters the filtered set
          </label>
          <NumberField
            label="Annualized return on margin at least (%)"
            value={draft.romAbove}
            onChange={change('romAbove')}
          />
          <NumberField
            label="Annualized yield at least (%)"
            value={draft.yieldAbove}
            onChange={change('yieldAbove')}
          />
          <NumberField
            label="Yield change since last run (points)"
            value={draft.yieldChange}
            onChange={change('yieldChange')}
          />
          <h4>Watch my open short options</h4>
          <NumberField
            label="Premium up from entry (%)"
            value={draft.premiumUp}
            onChange={change('premiumUp')}
          />
          <NumberField
            label="|Delta| above"
            value={draft.deltaAbove}
            onChange={change('deltaAbove')}
          />
          <NumberField
            label="Underlying within (%) of strike"
            value={draft.nearStrike}
            onChange={change('nearStrike')}
          />
        </div>
      </div>
      <div className="actions">
        <button type="submit">{props.agent === null ? 'Add agent' : 'Save agent'}</button>
        <button type="button" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
