export * from './chain';
export * from './chain-verification';
export * from './store-verification';
