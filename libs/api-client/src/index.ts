export * from './collections-client';
export * from './customer-client';
// Generated from the served OpenAPI document by `npm run openapi:client` (part of the build).
export type { components, operations, paths } from './generated/schema';
