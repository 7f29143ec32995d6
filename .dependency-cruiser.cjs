/** Keeps the folder tree honest: see STYLE ("apps import @app/<lib>, never a deep path, never another app"). */
module.exports = {
  forbidden: [
    {
      name: 'no-app-to-other-app',
      severity: 'error',
      comment: 'An app never imports another app; shared code goes to a lib.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'libs-only-through-their-index',
      severity: 'error',
      comment: 'Import a lib through @app/<lib> (its index.ts), never a deep path.',
      from: { path: '^(apps|bench|test)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'lib-to-lib-only-through-index',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'rankings-rules-stay-pure',
      severity: 'error',
      comment: 'The ranking rules are plain TypeScript: no framework, no I/O.',
      from: { path: '^libs/rankings/' },
      to: { dependencyTypes: ['npm', 'core'] },
    },
    {
      name: 'rankings-rules-import-only-contracts',
      severity: 'error',
      comment: 'The ranking rules depend on the event contracts alone, never on a store adapter (cache, search, ...).',
      from: { path: '^libs/rankings/' },
      to: { pathNot: ['^libs/rankings/', '^libs/contracts/'], dependencyTypesNot: ['npm', 'core'] },
    },
    {
      name: 'domain-stays-pure',
      severity: 'error',
      comment:
        "Every app's domain/ (decide/evolve functions and their results) is plain TypeScript: its own domain, the event contracts and the pure ranking rules; no framework, no I/O, no infrastructure lib, nothing else of the app.",
      from: { path: '^apps/([^/]+)/src/domain/' },
      to: {
        pathNot: ['^apps/$1/src/domain/', '^libs/(contracts|rankings)/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'domain-core-modules-without-io',
      severity: 'error',
      comment: 'Of the Node core modules a domain/ may use only pure helpers (ids, assertions), never I/O.',
      from: { path: '^apps/[^/]+/src/domain/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?(crypto|assert|util)$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
