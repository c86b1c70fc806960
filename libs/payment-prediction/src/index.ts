export * from './prediction';
export * from './cash-forecast';
