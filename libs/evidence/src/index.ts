export * from './chain';
export * from './chain-verification';
export * from './store-verification';
export * from './anchor';
export * from './signing-key';
export * from './anchor-directory';
export * from './anchor-writer';
export * from './recorded-stream-verification';
