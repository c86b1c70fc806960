export * from './metrics-registry';
export * from './command-metrics';
export * from './event-processor-lag';
export * from './metrics-server';
export * from './policy-engine-metrics';
