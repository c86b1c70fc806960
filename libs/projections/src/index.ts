export * from './projection';
export * from './projector';
export * from './aging/invoice-ledger.projection';
export * from './aging/aging';
export * from './aging/aging.query';
export * from './audit-trail/audit-trail.projection';
export * from './audit-trail/audit-trail.query';
