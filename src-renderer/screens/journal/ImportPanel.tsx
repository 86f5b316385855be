import { useId } from 'react';
import type { ImportFileReport } from '../../../src-preload/contract';
import { formatNumber } from '../../format';
import { useJournalStore } from '../../stores/journal-store';

function reportLine(r: ImportFileReport): string {
  if (r.status === 'refused') return r.message ?? 'Refused.';
  const range = r.firstDate === null ? 'no trades' : `${r.firstDate} → ${r.lastDate ?? ''}`;
  const account = r.kiteUserId === null ? '' : ` · account ${r.kiteUserId}`;
  if (r.status === 'preview') return `${formatNumber(r.tradesRead)} trades, ${range}${account}`;
  return `${formatNumber(r.tradesAdded)} new, ${formatNumber(r.duplicates)} already stored (${range}${account})`;
}

/**
 * Console tradebook import: the trader picks files, sees what each holds (or why it is refused),
 * then imports the good ones. The files are read here and sent as contents, never as paths.
 */
export function ImportPanel(): React.JSX.Element {
  const id = useId();
  const { reports, pending, busy, choose, importPending, cancelImport } = useJournalStore();
  const ready = reports.filter((r) => r.status === 'preview').length;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Import Console tradebooks</h3>
      <p className="muted">
        Console → Reports → Tradebook, equity or F&amp;O, as .csv or .xlsx. Several files at once;
        trades already stored are skipped.
      </p>
      <label htmlFor={id}>Tradebook files</label>{' '}
      <input
        id={id}
        type="file"
        multiple
        accept=".csv,.xlsx"
        disabled={busy}
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          event.currentTarget.value = '';
          if (files.length > 0) void choose(files);
        }}
      />
      {reports.length > 0 && (
        <ul className="import-report" aria-label="Import report">
          {reports.map((r) => (
            <li key={r.name} className={r.status === 'refused' ? 'error' : undefined}>
              <strong>{r.name}</strong>: {reportLine(r)}
            </li>
          ))}
        </ul>
      )}
      {pending.length > 0 && (
        <div className="actions">
          <button type="button" disabled={busy || ready === 0} onClick={() => void importPending()}>
            Import {ready} {ready === 1 ? 'file' : 'files'}
          </button>
          <button type="button" onClick={cancelImport}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
