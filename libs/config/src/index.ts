export * from './api-keys';
export * from './config';
export * from './rate-limits';
