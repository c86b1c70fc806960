export * from './data-dir';
export * from './clock';
export * from './ids';
