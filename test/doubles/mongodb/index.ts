export { MongoWireDouble } from './server';
export type { MongoWireDoubleOptions } from './server';
