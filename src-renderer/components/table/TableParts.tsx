import type { TableColumn, TableSort } from './table-types';
import { nextSort } from './table-types';

/** A column's cell classes (the table makes them once per column set, not once per cell). */
export function cellClass<Row>(column: TableColumn<Row>): string {
  return `vt-cell vt-${column.align ?? 'start'}${column.grow === true ? ' vt-grow' : ''}`;
}

function ariaSort<Row>(column: TableColumn<Row>, sort: TableSort | null | undefined) {
  if (sort?.columnId !== column.id) return column.sortable === true ? 'none' : undefined;
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

interface HeaderRowProps<Row> {
  readonly columns: readonly TableColumn<Row>[];
  readonly template: string;
  readonly sort: TableSort | null | undefined;
  readonly onSortChange: ((sort: TableSort) => void) | undefined;
}

export function HeaderRow<Row>({
  columns,
  template,
  sort,
  onSortChange,
}: HeaderRowProps<Row>): React.JSX.Element {
  return (
    <div role="row" aria-rowindex={1} className="vt-row" style={{ gridTemplateColumns: template }}>
      {columns.map((column, columnIndex) => (
        <div
          key={column.id}
          role="columnheader"
          aria-colindex={columnIndex + 1}
          aria-sort={ariaSort(column, sort)}
          className={cellClass(column)}
          title={column.description}
        >
          {column.sortable === true && onSortChange !== undefined ? (
            <button
              type="button"
              className="vt-sort"
              aria-label={`Sort by ${column.description ?? column.header}`}
              onClick={() => onSortChange(nextSort(column, sort))}
            >
              {column.header}
              <span aria-hidden="true" className="vt-sort-mark">
                {sort?.columnId === column.id ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
              </span>
            </button>
          ) : (
            column.header
          )}
        </div>
      ))}
    </div>
  );
}

interface BodyRowProps<Row> {
  readonly id: string;
  readonly index: number;
  /** Undefined while its page is still on the way. */
  readonly row: Row | undefined;
  readonly columns: readonly TableColumn<Row>[];
  /** cellClass of each column, in order. */
  readonly cellClasses: readonly string[];
  readonly template: string;
  readonly rowHeight: number;
  readonly active: boolean;
  readonly extraClass: string | undefined;
  readonly onSelect: (index: number) => void;
  readonly onActivate: (row: Row, index: number) => void;
}

export function BodyRow<Row>(props: BodyRowProps<Row>): React.JSX.Element {
  const { row, index, columns } = props;
  const classes = ['vt-row'];
  if (props.active) classes.push('vt-active');
  if (row === undefined) classes.push('vt-pending');
  if (props.extraClass !== undefined) classes.push(props.extraClass);
  return (
    <div
      id={props.id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={props.active}
      className={classes.join(' ')}
      style={{
        transform: `translateY(${index * props.rowHeight}px)`,
        height: props.rowHeight,
        gridTemplateColumns: props.template,
      }}
      onClick={() => props.onSelect(index)}
      onDoubleClick={() => row !== undefined && props.onActivate(row, index)}
    >
      {/* No aria-colindex: every column of the grid is in the DOM, in order (aria-colcount), so
          it would repeat the cell's position, one attribute per cell of every row rendered. */}
      {columns.map((column, columnIndex) => (
        <div key={column.id} role="gridcell" className={props.cellClasses[columnIndex]}>
          {row === undefined ? (columnIndex === 0 ? 'Loading…' : '') : column.render(row)}
        </div>
      ))}
    </div>
  );
}
