import {
  ChargeRatesSchema,
  ChargeTableSchema,
  type ChargeRates,
} from '../../src-preload/contract/domains/journal';
import type { InstrumentKind, TradeSide } from '../storage/journal-records';

/**
 * Zerodha's charges, as a dated, editable table. Sources: zerodha.com/charges (the "Equity" tab),
 * read November 2026; the 1 October 2024 row is SEBI's "true to label" change (Zerodha's notice of
 * 30 September 2024: options STT 0.0625% → 0.1%, NSE options transaction charge 0.0495% →
 * 0.03503%); the 1 April 2026 row is the Union Budget 2026 STT increase (futures 0.05%, options
 * 0.15% of premium, exercised options 0.15% of intrinsic value) with NSE's revised transaction
 * charges. A trade is charged by the newest row that took effect on or before its day. The trader
 * can replace the table (settings key `journal.chargeRates`); these are estimates, not a
 * contract note.
 */
export { ChargeRatesSchema, ChargeTableSchema };
export type { ChargeRates };

const OCT_2024: ChargeRates = {
  effectiveFrom: '2024-10-01',
  brokerage: { perOrderCap: 20, futuresAndIntradayPct: 0.03, deliveryPct: 0 },
  stt: {
    deliveryBothSides: 0.1,
    intradaySell: 0.025,
    futuresSell: 0.02,
    optionsSell: 0.1,
    optionsExercised: 0.125,
  },
  exchange: {
    NSE: { equity: 0.00297, futures: 0.00173, options: 0.03503 },
    BSE: { equity: 0.00375, futures: 0, options: 0.0325 },
  },
  sebiPerCrore: 10,
  stampBuy: { delivery: 0.015, intraday: 0.003, futures: 0.002, options: 0.003 },
  gstPct: 18,
};

export const DEFAULT_CHARGE_TABLE: readonly ChargeRates[] = [
  OCT_2024,
  {
    ...OCT_2024,
    effectiveFrom: '2026-04-01',
    stt: { ...OCT_2024.stt, futuresSell: 0.05, optionsSell: 0.15, optionsExercised: 0.15 },
    exchange: {
      NSE: { equity: 0.00307, futures: 0.00183, options: 0.03553 },
      BSE: { equity: 0.00375, futures: 0, options: 0.0325 },
    },
  },
];

export interface ChargeBreakdown {
  readonly brokerage: number;
  readonly stt: number;
  readonly exchange: number;
  readonly sebi: number;
  readonly stamp: number;
  readonly gst: number;
  readonly total: number;
}

/** What the charge estimate needs of a fill. */
export interface ChargeableTrade {
  readonly id: number;
  readonly orderId: string;
  readonly exchange: string;
  readonly kind: InstrumentKind;
  readonly side: TradeSide;
  readonly quantity: number;
  readonly price: number;
  readonly tradeDate: string;
  readonly product: string | null;
}

export const NO_CHARGES: ChargeBreakdown = {
  brokerage: 0,
  stt: 0,
  exchange: 0,
  sebi: 0,
  stamp: 0,
  gst: 0,
  total: 0,
};

export function ratesOn(table: readonly ChargeRates[], day: string): ChargeRates | undefined {
  let found: ChargeRates | undefined;
  for (const rates of table) if (rates.effectiveFrom <= day) found = rates;
  return found ?? table[0];
}

type Style = 'delivery' | 'intraday' | 'futures' | 'options';

/** Equity is delivery unless Kite said MIS: Console files do not say, and most are delivery. */
function styleOf(trade: ChargeableTrade): Style {
  if (trade.kind === 'CE' || trade.kind === 'PE') return 'options';
  if (trade.kind === 'FUT') return 'futures';
  return trade.product === 'MIS' ? 'intraday' : 'delivery';
}

function venue(exchange: string): 'NSE' | 'BSE' | null {
  if (exchange === 'NSE' || exchange === 'NFO') return 'NSE';
  if (exchange === 'BSE' || exchange === 'BFO') return 'BSE';
  return null;
}

function equityOrDerivative(style: Style): 'equity' | 'futures' | 'options' {
  return style === 'delivery' || style === 'intraday' ? 'equity' : style;
}

/**
 * Brokerage is per executed order, not per fill: ₹20 (or 0.03% capped at ₹20) once for an order
 * however many fills it had, shared among its fills by quantity.
 */
function brokerageByTrade(
  trades: readonly ChargeableTrade[],
  table: readonly ChargeRates[],
): Map<number, number> {
  const orders = new Map<string, { first: ChargeableTrade; units: number; turnover: number }>();
  for (const trade of trades) {
    const key = `${trade.exchange}|${trade.orderId}`;
    const order = orders.get(key);
    if (order === undefined) {
      orders.set(key, {
        first: trade,
        units: trade.quantity,
        turnover: trade.quantity * trade.price,
      });
    } else {
      order.units += trade.quantity;
      order.turnover += trade.quantity * trade.price;
    }
  }
  const shares = new Map<number, number>();
  for (const trade of trades) {
    const order = orders.get(`${trade.exchange}|${trade.orderId}`);
    if (order === undefined) continue;
    const { first, units, turnover } = order;
    const rates = ratesOn(table, first.tradeDate);
    if (rates === undefined || venue(first.exchange) === null) continue;
    const style = styleOf(first);
    const cap = rates.brokerage.perOrderCap;
    const fee =
      style === 'options'
        ? cap
        : style === 'delivery'
          ? (turnover * rates.brokerage.deliveryPct) / 100
          : Math.min(cap, (turnover * rates.brokerage.futuresAndIntradayPct) / 100);
    shares.set(trade.id, (fee * trade.quantity) / units);
  }
  return shares;
}

function sttPct(rates: ChargeRates, style: Style, side: TradeSide): number {
  if (style === 'delivery') return rates.stt.deliveryBothSides;
  if (side === 'BUY') return 0;
  if (style === 'intraday') return rates.stt.intradaySell;
  return style === 'futures' ? rates.stt.futuresSell : rates.stt.optionsSell;
}

/** The estimated charges of every fill, by trade row id. Unknown venues (MCX, CDS) cost 0. */
export function estimateCharges(
  trades: readonly ChargeableTrade[],
  table: readonly ChargeRates[],
): Map<number, ChargeBreakdown> {
  const brokerage = brokerageByTrade(trades, table);
  const charges = new Map<number, ChargeBreakdown>();
  for (const trade of trades) {
    const rates = ratesOn(table, trade.tradeDate);
    const where = venue(trade.exchange);
    if (rates === undefined || where === null) {
      charges.set(trade.id, NO_CHARGES);
      continue;
    }
    const style = styleOf(trade);
    const turnover = trade.quantity * trade.price;
    const fee = brokerage.get(trade.id) ?? 0;
    const stt = (turnover * sttPct(rates, style, trade.side)) / 100;
    const exchange = (turnover * rates.exchange[where][equityOrDerivative(style)]) / 100;
    const sebi = (turnover * rates.sebiPerCrore) / 1e7;
    const stamp = trade.side === 'BUY' ? (turnover * rates.stampBuy[style]) / 100 : 0;
    const gst = ((fee + exchange + sebi) * rates.gstPct) / 100;
    charges.set(trade.id, {
      brokerage: fee,
      stt,
      exchange,
      sebi,
      stamp,
      gst,
      total: fee + stt + exchange + sebi + stamp + gst,
    });
  }
  return charges;
}

/** STT on a long option settled in the money: a % of its intrinsic value, on the expiry day. */
export function exerciseStt(table: readonly ChargeRates[], day: string, intrinsic: number): number {
  const rates = ratesOn(table, day);
  return rates === undefined ? 0 : (intrinsic * rates.stt.optionsExercised) / 100;
}
