/**
 * The layers, as rules CI enforces (`npm run lint:deps`): Nest is the outer shell, apps never
 * import each other, libs never import apps, and the pure libraries stay pure. Type-only imports
 * are erased by the compiler, so they do not count as reaching into a library at run time.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-app-to-app',
      comment: 'Apps never import each other: what two processes share is a library (libs/).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      comment: 'Libraries never reach up into the shell.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-only-itself',
      comment: 'libs/domain is the decider: no Nest, no I/O, no other library, no Node module.',
      severity: 'error',
      from: { path: '^libs/domain/src/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/domain/src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-nest-in-pure-libs',
      comment:
        'Nest stays out of the domain, the policy, the projections, the event processor and the payment prediction: neither @nestjs nor a library built on it ' +
        '(accounts, policy-engine) at run time. Type-only imports are erased by the compiler.',
      severity: 'error',
      from: { path: '^libs/(domain|policy|projections|event-processor|payment-prediction)/src/' },
      to: { path: '^(node_modules/@nestjs/|libs/(accounts|policy-engine)/)', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
