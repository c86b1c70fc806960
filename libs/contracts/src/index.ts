export * from './json-schema';
export * from './published-events';
export * from './cloud-event';
