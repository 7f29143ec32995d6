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
      name: 'match-command-domain-stays-pure',
      severity: 'error',
      comment: 'Decide functions and their results are plain TypeScript: only the event contracts, no framework, no I/O.',
      from: { path: '^apps/match-command/src/domain/' },
      to: {
        pathNot: ['^apps/match-command/src/domain/', '^libs/contracts/'],
        dependencyTypesNot: ['core'],
      },
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
