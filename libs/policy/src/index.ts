export * from './collection-policy';
export * from './default-policy';
export * from './policy-schema';
export * from './ids';
export * from './plan';
export * from './reactions';
export * from './policy-stream';
export * from './collection-policies';
