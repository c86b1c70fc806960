export * from './statements/bank-statement';
export * from './matching/allocate';
export * from './matching/cash-directory';
export * from './matching/references';
export * from './import/statement-import';
