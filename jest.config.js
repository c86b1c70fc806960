// SWC transpiles TypeScript and the ESM-only Nest 12 packages (see ../shared/STACK.md);
// type-checking is its own step (`npm run typecheck`).
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  // End-to-end suites start a real api and stores; 5 s (Jest's default) is too tight on a loaded
  // 2-core CI machine. Suites that do more still set their own.
  testTimeout: 20_000,
  // Two workers on the 2-core CI machine, each recycled past 1 GB: one worker runs every suite in
  // the jest process itself, whose heap grows suite by suite until late suites crawl (and time out).
  maxWorkers: 2,
  workerIdleMemoryLimit: '1GB',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec|contract-spec)\\.ts$',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|uid|file-type|load-esm|light-my-request|cookie|@fastify/static|content-disposition)/)',
  ],
  moduleNameMapper: {
    '^@collections/([^/]+)/testing/(.*)$': '<rootDir>/libs/$1/src/testing/$2',
    '^@collections/([^/]+)$': '<rootDir>/libs/$1/src',
  },
};
