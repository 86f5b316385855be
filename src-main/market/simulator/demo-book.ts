import type { Order, Position, Positions, Trade } from '../broker';
import { isoFromDayNumber } from '../dates';
import type { MarketSimulator } from './market-simulator';
import type { SimContract } from './contracts';
import { roundToTick } from './price-model';

export interface DemoBook {
  readonly orders: Order[];
  readonly trades: Trade[];
  readonly positions: Positions;
}

/** The listed option of an underlying's nearest expiry whose strike is closest to a target. */
function pickOption(
  contracts: readonly SimContract[],
  underlying: string,
  right: 'CE' | 'PE',
  target: number,
): SimContract | undefined {
  let best: SimContract | undefined;
  for (const c of contracts) {
    if (c.kind !== 'option' || c.right !== right || c.expiryRank !== 0) continue;
    if (c.underlying.underlying !== underlying) continue;
    const distance = Math.abs(c.instrument.strike - target);
    if (best === undefined || distance < Math.abs(best.instrument.strike - target)) best = c;
  }
  return best;
}

function shortPosition(contract: SimContract, averagePrice: number, lastPrice: number): Position {
  const quantity = -contract.instrument.lotSize;
  const sellValue = averagePrice * -quantity;
  const pnl = Number((sellValue + quantity * lastPrice).toFixed(2));
  return {
    tradingsymbol: contract.instrument.tradingsymbol,
    exchange: contract.instrument.exchange,
    instrumentToken: contract.instrument.instrumentToken,
    product: 'NRML',
    quantity,
    overnightQuantity: 0,
    multiplier: 1,
    averagePrice,
    closePrice: 0,
    lastPrice,
    value: sellValue,
    pnl,
    m2m: pnl,
    unrealised: pnl,
    realised: 0,
    buyQuantity: 0,
    buyPrice: 0,
    sellQuantity: -quantity,
    sellPrice: averagePrice,
  };
}

/**
 * A small, deterministic book for the demo profile: two short options sold at 09:20 on the
 * session day (an out-of-the-money NIFTY call and RELIANCE put), with their orders and fills.
 */
export function demoBook(simulator: MarketSimulator, at: Date): DemoBook {
  const { contracts, sessionDay } = simulator.contracts(at);
  const soldAt = new Date(`${isoFromDayNumber(sessionDay)}T03:50:00Z`); // 09:20 IST
  const spot = (symbol: string): number =>
    simulator.quotes([`NSE:${symbol}`], at).get(`NSE:${symbol}`)?.lastPrice ?? 0;
  const picks = [
    pickOption(contracts, 'NIFTY', 'CE', spot('NIFTY 50') * 1.02),
    pickOption(contracts, 'RELIANCE', 'PE', spot('RELIANCE') * 0.95),
  ].filter((c): c is SimContract => c !== undefined);
  const orders: Order[] = [];
  const trades: Trade[] = [];
  const positions: Position[] = [];
  const datePart = isoFromDayNumber(sessionDay).replaceAll('-', '').slice(2);
  picks.forEach((contract, i) => {
    const key = contract.key;
    const sold = simulator.quotes([key], soldAt).get(key)?.lastPrice ?? 0;
    const averagePrice = roundToTick(Math.max(sold, 0.05), 0.05);
    const lastPrice = simulator.quotes([key], at).get(key)?.lastPrice ?? 0;
    const orderId = `${datePart}00${String(1_000_001 + i)}`;
    const quantity = contract.instrument.lotSize;
    const common = {
      exchange: contract.instrument.exchange,
      tradingsymbol: contract.instrument.tradingsymbol,
      instrumentToken: contract.instrument.instrumentToken,
      transactionType: 'SELL',
      product: 'NRML',
      averagePrice,
    };
    orders.push({
      ...common,
      orderId,
      exchangeOrderId: `1${datePart}${String(4_000_000 + i)}`,
      parentOrderId: null,
      status: 'COMPLETE',
      statusMessage: null,
      orderTimestamp: soldAt,
      exchangeTimestamp: soldAt,
      variety: 'regular',
      orderType: 'LIMIT',
      validity: 'DAY',
      quantity,
      price: averagePrice,
      triggerPrice: 0,
      filledQuantity: quantity,
      pendingQuantity: 0,
      cancelledQuantity: 0,
      tag: null,
    });
    trades.push({
      ...common,
      tradeId: String(70_000_001 + i),
      orderId,
      exchangeOrderId: `1${datePart}${String(4_000_000 + i)}`,
      quantity,
      fillTimestamp: soldAt,
      orderTimestamp: soldAt,
      exchangeTimestamp: soldAt,
    });
    positions.push(shortPosition(contract, averagePrice, lastPrice));
  });
  return { orders, trades, positions: { net: positions, day: positions } };
}
