export * from './statements/bank-statement';
