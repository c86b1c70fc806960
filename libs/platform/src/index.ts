export * from './data-dir';
export * from './clock';
export * from './ids';
export * from './sqlite-file';
export * from './lru-map';
export * from './graceful-shutdown';
