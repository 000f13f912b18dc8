// Parley's layering, as rules `npm run deps` (dependency-cruiser) checks in CI. Each rule says
// which way imports may go and why; a violation is an error.
/** Node's modules that touch the world (files, network, processes, threads). */
const NODE_IO = '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|dgram|tls)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles anywhere: a shared type goes where both sides can import it.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'server/session/ is the pure domain: no sockets, HTTP, stores, live-session service or cluster — and no I/O of its own.',
      severity: 'error',
      from: { path: '^server/session/' },
      to: { path: '^server/(socket|http|store|cluster)/|^server/sessions(\\.ts$|/)' },
    },
    {
      name: 'domain-does-no-io',
      comment: 'server/session/ does no I/O (files, network, processes, threads).',
      severity: 'error',
      from: { path: '^server/session/' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'deck-parsing-does-no-io',
      comment: 'server/deck/ parses and renders as pure functions; only files.ts, load.ts and watch.ts touch the disk.',
      severity: 'error',
      from: { path: '^server/deck/', pathNot: '^server/deck/(files|load|watch)\\.ts$' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'pages-take-only-the-wire',
      comment:
        'The phone and presenter pages import from the server only what goes over the wire (protocol.ts, the deck types), the timing plan computed from the deck (deck/plan.ts, pure) and the shared word counting (text/).',
      severity: 'error',
      from: { path: '^(audience|presenter)/' },
      to: { path: '^server/', pathNot: '^server/(protocol\\.ts|deck/(types|plan)\\.ts|text/)' },
    },
    {
      name: 'stores-stand-alone',
      comment: 'server/store/ stores: it knows nothing of the live sessions, sockets or HTTP.',
      severity: 'error',
      from: { path: '^server/store/' },
      to: { path: '^server/(socket|http)/|^server/sessions(\\.ts$|/)' },
    },
    {
      name: 'export-without-sockets',
      comment: 'server/export/ builds files from what is stored; it never reaches into the socket layer.',
      severity: 'error',
      from: { path: '^server/export/' },
      to: { path: '^server/socket/' },
    },
    {
      name: 'sockets-below-http',
      comment: 'server/socket/ and server/http/ are siblings: what both need lives below both.',
      severity: 'error',
      from: { path: '^server/socket/' },
      to: { path: '^server/http/' },
    },
    {
      name: 'cluster-below-sessions',
      comment: 'server/sessions.ts uses server/cluster/ (what processes tell each other); the cluster never imports the sessions.',
      severity: 'error',
      from: { path: '^server/cluster/' },
      to: { path: '^server/sessions(\\.ts$|/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|bench/results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
