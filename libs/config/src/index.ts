export * from './api-keys';
export * from './config';
