export * from './actor';
export * from './checkpoint-store.port';
export * from './event-handler';
export * from './event-processor';
export * from './stored-collection-event';
export * from './read-store-checkpoint-store';
export * from './sqlite-checkpoint-store';
export * from './in-memory-checkpoint-store';
