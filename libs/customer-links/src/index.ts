export * from './customer-link';
export * from './reply-address';
export * from './link-secret';
