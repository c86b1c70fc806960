export * from './data-dir';
export * from './clock';
