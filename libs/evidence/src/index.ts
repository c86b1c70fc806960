export * from './chain';
export * from './chain-verification';
export * from './store-verification';
export * from './anchor';
export * from './signing-key';
export * from './anchor-writer';
