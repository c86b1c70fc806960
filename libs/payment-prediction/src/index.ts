export * from './prediction';
export * from './payment-model';
export * from './fit-payment-model';
export * from './cash-forecast';
export * from './backtest';
