/**
 * Market data for Premia: the Broker seam and its two implementations (Kite Connect v3 over HTTP,
 * and the built-in simulator), instrument lists, symbols, expiries, Black-Scholes, rate limiting,
 * circuit breaking and the Kite login flow. Nothing here holds module-level state: the app owns
 * one RateLimiterRegistry and passes it to every KiteBroker.
 */
export {
  checkInstrumentBatch,
  LTP_BATCH_LIMIT,
  QUOTE_BATCH_LIMIT,
  quoteInBatches,
  type Broker,
  type DepthLevel,
  type InstrumentsRequest,
  type KiteSession,
  type LastPrice,
  type Ohlc,
  type OhlcQuote,
  type Order,
  type Position,
  type Positions,
  type Quote,
  type Trade,
  type UserProfile,
} from './broker';
export {
  BrokerError,
  TOKEN_EXPIRED_MESSAGE,
  type BrokerErrorDetails,
  type BrokerFailureKind,
} from './errors';
export {
  KiteBroker,
  type InstrumentParser,
  type KiteBrokerOptions,
  type KiteCredentials,
  type KiteTokenStatus,
  type TokenStore,
} from './kite-broker';
export { KITE_API_ROOT } from './kite-http';
export {
  completeKiteLogin,
  KITE_CALLBACK_PATH,
  KITE_LOGIN_ROOT,
  kiteLoginUrl,
  parseRequestToken,
  startKiteLoginListener,
  type KiteLoginListener,
  type KiteLoginListenerOptions,
} from './kite-login';
export {
  SIMULATOR_PROFILE,
  SimulatorBroker,
  type SimulatorBrokerOptions,
} from './simulator-broker';
export { MarketSimulator, type MarketSimulatorOptions } from './simulator/market-simulator';
export {
  KITE_RATE_LIMITS,
  RateLimiter,
  RateLimiterRegistry,
  type ApiKeyLimiters,
  type EndpointClass,
  type RateLimits,
} from './rate-limiter';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export {
  CircuitBreaker,
  DEFAULT_BREAKER_POLICY,
  type CircuitBreakerPolicy,
  type CircuitState,
} from './circuit-breaker';
export {
  formatInstrumentCsv,
  instrumentKey,
  InstrumentTable,
  KITE_INSTRUMENT_COLUMNS,
  NO_EXPIRY,
  transferListOf,
  type Instrument,
  type InstrumentColumns,
  type InstrumentKey,
} from './instruments';
export { columnsFromInstruments } from './instrument-columns';
export { InstrumentCsvError, parseInstrumentCsv, type ParsedInstruments } from './instrument-csv';
export type { InstrumentsTaskInput, InstrumentsTaskResult } from './instruments-task';
export { pooledInstrumentParser } from './pooled-instrument-parser';
export {
  FnoUniverse,
  INDEX_SPOT_SYMBOLS,
  presetUnderlyings,
  WATCHLIST_PRESETS,
  type ChainStrike,
  type ExpiryInfo,
  type UnderlyingInfo,
  type WatchlistPresetId,
} from './fno-universe';
export {
  cleanSymbolInput,
  splitSymbolList,
  SYMBOL_ALIASES,
  SymbolDirectory,
  type DirectoryEntry,
  type MatchedBy,
  type SymbolMatch,
  type SymbolMatchReport,
  type UnknownSymbol,
} from './symbols';
export {
  impliedVolatility,
  intrinsicValue,
  IV_MAX,
  IV_MIN,
  normalCdf,
  optionDelta,
  optionPrice,
  optionVega,
  type ImpliedVolatility,
  type ImpliedVolatilityInputs,
  type OptionInputs,
  type OptionRight,
} from './black-scholes';
export { futureTradingsymbol, optionTradingsymbol } from './tradingsymbol';
export {
  dayNumberFromIso,
  formatKiteTimestamp,
  isoFromDayNumber,
  parseKiteTimestamp,
} from './dates';
