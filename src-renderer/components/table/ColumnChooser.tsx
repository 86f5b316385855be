import { useRef, useState } from 'react';

interface ColumnChooserProps {
  readonly columns: readonly {
    readonly id: string;
    readonly header: string;
    readonly description?: string;
  }[];
  readonly visibleColumnIds: readonly string[];
  readonly onChange: (columnIds: string[]) => void;
}

/** Which columns the table shows; at least one always stays, and the order is the table's own. */
export function ColumnChooser({
  columns,
  visibleColumnIds,
  onChange,
}: ColumnChooserProps): React.JSX.Element {
  const details = useRef<HTMLDetailsElement>(null);
  // The list is built when the chooser opens: closed, it is about a quarter of the table's
  // elements, made (and updated on every chip and sort) for nothing a trader sees.
  const [open, setOpen] = useState(false);

  function toggle(columnId: string, shown: boolean): void {
    const next = columns
      .map((column) => column.id)
      .filter((id) => (id === columnId ? shown : visibleColumnIds.includes(id)));
    if (next.length > 0) onChange(next);
  }

  return (
    <details
      ref={details}
      className="column-chooser"
      onToggle={(event) => setOpen(event.currentTarget.open)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && details.current !== null) {
          details.current.open = false;
          details.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary>Columns</summary>
      {open && (
        <fieldset>
          <legend>Columns to show</legend>
          {columns.map((column) => {
            const shown = visibleColumnIds.includes(column.id);
            return (
              <label key={column.id}>
                <input
                  type="checkbox"
                  checked={shown}
                  disabled={shown && visibleColumnIds.length === 1}
                  onChange={(event) => toggle(column.id, event.currentTarget.checked)}
                />
                {column.description ?? column.header}
              </label>
            );
          })}
        </fieldset>
      )}
    </details>
  );
}
