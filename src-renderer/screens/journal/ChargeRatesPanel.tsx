import { useEffect, useId, useState } from 'react';
import type { ChargeRates, ChargeTableView, PremiaError } from '../../../src-preload/contract';
import { premiaApi } from '../../api';
import { noticeSessionError } from '../../stores/session-store';
import { useJournalStore } from '../../stores/journal-store';

/** Every rate of a charge-table row: where it sits in the row, and what a trader calls it. */
const FIELDS = [
  ['brokerage.perOrderCap', 'Brokerage per order, or its cap (₹)'],
  ['brokerage.futuresAndIntradayPct', 'Brokerage, futures and intraday (%)'],
  ['brokerage.deliveryPct', 'Brokerage, equity delivery (%)'],
  ['stt.optionsSell', 'STT, options sold (% of premium)'],
  ['stt.optionsExercised', 'STT, options exercised (% of intrinsic)'],
  ['stt.futuresSell', 'STT, futures sold (%)'],
  ['stt.deliveryBothSides', 'STT, equity delivery, both sides (%)'],
  ['stt.intradaySell', 'STT, equity intraday sold (%)'],
  ['exchange.NSE.options', 'NSE transaction charge, options (% of premium)'],
  ['exchange.NSE.futures', 'NSE transaction charge, futures (%)'],
  ['exchange.NSE.equity', 'NSE transaction charge, equity (%)'],
  ['exchange.BSE.options', 'BSE transaction charge, options (% of premium)'],
  ['exchange.BSE.futures', 'BSE transaction charge, futures (%)'],
  ['exchange.BSE.equity', 'BSE transaction charge, equity (%)'],
  ['sebiPerCrore', 'SEBI fee (₹ per crore)'],
  ['stampBuy.options', 'Stamp duty on buys, options (%)'],
  ['stampBuy.futures', 'Stamp duty on buys, futures (%)'],
  ['stampBuy.delivery', 'Stamp duty on buys, delivery (%)'],
  ['stampBuy.intraday', 'Stamp duty on buys, intraday (%)'],
  ['gstPct', 'GST on brokerage and charges (%)'],
] as const;

type Draft = Record<string, string>;

function valueAt(rates: ChargeRates, path: string): unknown {
  let node: unknown = rates;
  for (const part of path.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : '';
  }
  return node;
}

function toDraft(rates: ChargeRates): Draft {
  const draft: Draft = { effectiveFrom: rates.effectiveFrom };
  for (const [path] of FIELDS) draft[path] = String(valueAt(rates, path));
  return draft;
}

/** A draft row back into the nested shape; main checks every value again. */
function fromDraft(draft: Draft): unknown {
  const row: Record<string, unknown> = { effectiveFrom: draft.effectiveFrom };
  for (const [path] of FIELDS) {
    const parts = path.split('.');
    let node = row;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    const text = (draft[path] ?? '').trim();
    node[parts.at(-1) ?? path] = text === '' ? Number.NaN : Number(text);
  }
  return row;
}

/** Where a draft is wrong, in words, before anything is sent. */
function problem(drafts: readonly Draft[]): string | null {
  const days = new Set<string>();
  for (const draft of drafts) {
    const day = draft.effectiveFrom ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return 'Each column needs the day its rates took effect.';
    if (days.has(day)) return `Two columns take effect on ${day}.`;
    days.add(day);
    for (const [path, label] of FIELDS) {
      const value = Number((draft[path] ?? '').trim());
      if ((draft[path] ?? '').trim() === '' || !Number.isFinite(value) || value < 0)
        return `${label} from ${day} must be a number of 0 or more.`;
    }
  }
  return null;
}

/**
 * The charge table the estimates use, editable: one column per date the rates changed. Saved
 * per profile; "Restore Zerodha's rates" goes back to the defaults Premia ships.
 */
export function ChargeRatesPanel(): React.JSX.Element {
  const id = useId();
  const reload = useJournalStore((state) => state.load);
  const [view, setView] = useState<ChargeTableView | null>(null);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (next: ChargeTableView): void => {
    setView(next);
    setDrafts(next.rows.map(toDraft));
  };
  const failed = (error: PremiaError): void => {
    setMessage({ error: true, text: error.message });
    noticeSessionError(error);
  };

  useEffect(() => {
    let current = true;
    void premiaApi()
      .journal.chargeRates()
      .then((result) => {
        if (!current) return;
        if (result.ok) show(result.value);
        else failed(result.error);
      });
    return () => {
      current = false;
    };
  }, []);

  async function save(rows: unknown[] | null): Promise<void> {
    const wrong = rows === null ? null : problem(drafts);
    if (wrong !== null) {
      setMessage({ error: true, text: wrong });
      return;
    }
    setBusy(true);
    const result = await premiaApi().journal.setChargeRates({
      rows: rows as ChargeRates[] | null,
    });
    setBusy(false);
    if (!result.ok) return failed(result.error);
    show(result.value);
    setMessage({
      error: false,
      text:
        rows === null
          ? "Restored Zerodha's rates; charges are estimated again."
          : 'Saved; charges are estimated again with these rates.',
    });
    await reload();
  }

  const edit = (column: number, key: string, value: string): void =>
    setDrafts(drafts.map((d, i) => (i === column ? { ...d, [key]: value } : d)));
  const addColumn = (): void => {
    const last = drafts.at(-1);
    if (last !== undefined) setDrafts([...drafts, { ...last, effectiveFrom: '' }]);
  };

  if (view === null) return <p className="muted">Loading charge rates…</p>;
  return (
    <div className="charge-rates">
      <p className="muted">
        {view.isDefault
          ? "Zerodha's published rates (zerodha.com/charges), by the day each change took effect."
          : 'Your own rates, by the day each took effect.'}{' '}
        A trade is charged by the newest column on or before its day. Estimates, not a contract
        note.
      </p>
      <div className="journal-scroll">
        <table className="journal-table" aria-label="Charge rates">
          <thead>
            <tr>
              <th scope="col">Rate</th>
              {drafts.map((draft, column) => (
                <th scope="col" key={column}>
                  <input
                    type="date"
                    aria-label={`Column ${column + 1} takes effect from`}
                    value={draft.effectiveFrom ?? ''}
                    onChange={(e) => edit(column, 'effectiveFrom', e.currentTarget.value)}
                  />{' '}
                  {drafts.length > 1 && (
                    <button
                      type="button"
                      aria-label={`Remove the rates from ${draft.effectiveFrom || 'this column'}`}
                      onClick={() => setDrafts(drafts.filter((_, i) => i !== column))}
                    >
                      ×
                    </button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {FIELDS.map(([path, label]) => (
              <tr key={path}>
                <th scope="row">{label}</th>
                {drafts.map((draft, column) => (
                  <td key={column}>
                    <input
                      inputMode="decimal"
                      size={8}
                      aria-label={`${label} from ${draft.effectiveFrom || `column ${column + 1}`}`}
                      value={draft[path] ?? ''}
                      onChange={(e) => edit(column, path, e.currentTarget.value)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {message !== null && (
        <p id={`${id}-message`} role={message.error ? 'alert' : 'status'}>
          <span className={message.error ? 'error' : 'ok'}>{message.text}</span>
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={addColumn} disabled={busy}>
          Add a change of rates
        </button>
        <button type="button" disabled={busy} onClick={() => void save(drafts.map(fromDraft))}>
          Save rates
        </button>
        {!view.isDefault && (
          <button type="button" disabled={busy} onClick={() => void save(null)}>
            Restore Zerodha&apos;s rates
          </button>
        )}
      </div>
    </div>
  );
}
