/** The journal's two commands, registered together. */
export { pnlCommand } from './pnl';
export { tradesCommand } from './trades';
