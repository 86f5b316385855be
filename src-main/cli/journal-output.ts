import type {
  ImportFileReport,
  JournalSummary,
  PnlGroupView,
  PositionView,
  SyncReport,
  TradeView,
} from '../../src-preload/contract/domains/journal';
import { rupees, type OutputFormat } from './scan-output';

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function formatImportReports(reports: readonly ImportFileReport[]): string {
  return reports
    .map((r) => {
      if (r.status === 'refused') return `✗ ${r.message ?? `${r.name} was refused.`}`;
      const range = r.firstDate === null ? 'no trades' : `${r.firstDate} → ${r.lastDate ?? ''}`;
      const account = r.kiteUserId === null ? '' : `, account ${r.kiteUserId}`;
      if (r.status === 'preview') return `• ${r.name}: ${r.tradesRead} trades, ${range}${account}`;
      return `✓ ${r.name}: ${r.tradesAdded} new, ${r.duplicates} already stored (${range}${account})`;
    })
    .join('\n');
}

export function formatSync(report: SyncReport): string {
  const where = report.source === 'simulator' ? 'the demo market' : 'Kite';
  const settled = report.settlements.map(
    (s) => `\n${s.underlying} ${s.expiry} expired open: settled at today's close ${s.closePrice}.`,
  );
  return `Synced ${where} as ${report.kiteUserId}: ${report.tradesAdded} new of ${report.tradesRead} trades today, ${report.orders} orders, ${report.positions} positions snapshotted.${settled.join('')}`;
}

export function formatTrades(trades: readonly TradeView[], total: number): string {
  if (trades.length === 0) return 'No trades match.';
  const lines = trades.map(
    (t) =>
      `${t.tradeDate}  ${t.side.padEnd(4)} ${String(t.quantity).padStart(6)} ${t.tradingsymbol.padEnd(22)} @ ${t.price.toFixed(2).padStart(9)}  realized ${rupees(t.realizedPnl).padStart(12)}  charges ${rupees(t.charges).padStart(9)}${t.tag === null ? '' : `  [${t.tag}]`}`,
  );
  return [...lines, `${trades.length} of ${total} trades.`].join('\n');
}

function groupsTable(groups: readonly PnlGroupView[], label: string): string {
  const rows = groups.map(
    (g) =>
      `${g.key.padEnd(18)} ${String(g.trades).padStart(6)} ${rupees(g.grossPnl).padStart(15)} ${rupees(g.charges).padStart(12)} ${rupees(g.netPnl).padStart(15)}`,
  );
  return [
    `${label.padEnd(18)} ${'trades'.padStart(6)} ${'gross'.padStart(15)} ${'charges'.padStart(12)} ${'net'.padStart(15)}`,
    ...rows,
  ].join('\n');
}

function positionLine(p: PositionView): string {
  const state = p.awaitingSettlement
    ? `awaiting settlement — enter ${p.underlying}'s close on ${p.expiry ?? ''}`
    : p.unrealizedPnl === null
      ? 'no stored price'
      : `marked ${p.markPrice?.toFixed(2) ?? ''} → unrealized ${rupees(p.unrealizedPnl)}`;
  return `  ${p.tradingsymbol.padEnd(22)} ${String(p.quantity).padStart(6)} @ ${p.averagePrice.toFixed(2)}  ${state}`;
}

export function formatSummary(
  summary: JournalSummary,
  groups: readonly PnlGroupView[],
  by: string,
  format: OutputFormat,
): string {
  if (format === 'json') return JSON.stringify({ stats: summary.stats, [by]: groups }, null, 2);
  if (format === 'csv') {
    return [
      `${by},trades,gross_pnl,charges,net_pnl`,
      ...groups.map((g) =>
        [g.key, g.trades, g.grossPnl.toFixed(2), g.charges.toFixed(2), g.netPnl.toFixed(2)]
          .map(csvCell)
          .join(','),
      ),
    ].join('\n');
  }
  const s = summary.stats;
  const pct = s.winRate === null ? '—' : `${(s.winRate * 100).toFixed(1)}%`;
  const lines = [
    groupsTable(groups, by),
    '',
    `Net ${rupees(s.netPnl)} (gross ${rupees(s.grossPnl)}, charges ${rupees(s.charges)} estimated)`,
    `${s.trades} trades, ${s.closings} closings, win rate ${pct}, average win ${rupees(s.averageWin)}, average loss ${rupees(s.averageLoss)}`,
    `Best day ${s.bestDay === null ? '—' : `${s.bestDay.day} ${rupees(s.bestDay.netPnl)}`}, worst day ${s.worstDay === null ? '—' : `${s.worstDay.day} ${rupees(s.worstDay.netPnl)}`}, max drawdown ${rupees(s.maxDrawdown)}`,
  ];
  if (summary.positions.length > 0)
    lines.push('', 'Open positions:', ...summary.positions.map(positionLine));
  return lines.join('\n');
}
