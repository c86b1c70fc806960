export * from './actor';
export * from './errors';
export * from './command-metrics';
export * from './account-stream';
export * from './customer-accounts';
export * from './execute-account-command';
export * from './write-side.module';
export * from './unidentified-cash-writer';
