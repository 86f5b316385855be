import type { ReactNode } from 'react';

export type SortDirection = 'asc' | 'desc';

export interface TableSort {
  readonly columnId: string;
  readonly direction: SortDirection;
}

export interface TableColumn<Row> {
  readonly id: string;
  readonly header: string;
  /** Longer header for the tooltip and screen readers, e.g. "Annualized yield %". */
  readonly description?: string;
  readonly width: number;
  /** Takes the table's spare width (at least `width`): for text such as a reason. */
  readonly grow?: boolean;
  readonly align?: 'start' | 'end';
  readonly sortable?: boolean;
  /** Direction of the first click: yields and premiums sort best-first (descending). */
  readonly firstSortDirection?: SortDirection;
  render(row: Row): ReactNode;
}

/** The sort a click on `column`'s header asks for. */
export function nextSort(
  column: Pick<TableColumn<unknown>, 'id' | 'firstSortDirection'>,
  current: TableSort | null | undefined,
): TableSort {
  if (current?.columnId === column.id) {
    return { columnId: column.id, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { columnId: column.id, direction: column.firstSortDirection ?? 'asc' };
}
