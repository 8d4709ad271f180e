// Build step after tsc: bundles the compiled code into one file per entry point. The CLI
// (dist/src/main.js and everything it imports) becomes dist/bundle/mp-s3-lint.cjs, which
// bin/mp-s3-lint.js runs when it is newer than the compiled modules: Node loads one file much faster
// than ~130 modules, and a CommonJS file faster than an ES module (bench/RESULTS.md). The library
// (dist/src/index.js) becomes dist/bundle/index.js, an ES module, the package's main export. The packages they carry are therefore build-time dependencies, those
// loaded on first use included (below); left outside: the AWS SDK and the proxy agent (live mode loads them on first use,
// runtime dependencies) and the data read at run time (dist/generated/actions/ and managed-policies/).
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * Files the compiled code finds relative to itself, rewritten for the bundle (one folder less deep).
 * Modules it loads with createRequire (relative to its own file, or on first use) the bundle carries
 * instead: the precompiled validators, and the `ignore` and `yaml` packages (loading them from
 * node_modules started Node's CommonJS loader, ~3 ms of a 130 ms start, and the package is not
 * installed with mp-s3-lint). esbuild wraps a bundled CommonJS module so that it still runs only
 * when first required.
 */
const BUNDLED_REQUIRES = [
  { file: /[\\/]dist[\\/]src[\\/]policy[\\/]grammar\.js$/, load: "createRequire(import.meta.url)('../../generated/validators.cjs')", bundled: "require('../../generated/validators.cjs')" },
  { file: /[\\/]dist[\\/]src[\\/]sources[\\/]gitignore\.js$/, load: "createRequire(import.meta.url)('ignore')", bundled: "require('ignore')" },
  { file: /[\\/]dist[\\/]src[\\/]documents[\\/]iac[\\/]tree\.js$/, load: "createRequire(import.meta.url)('yaml')", bundled: "require('yaml')" },
  // Not bundled but found from the bundle's folder: the action names (scripts/compile-actions.mjs).
  { file: /[\\/]dist[\\/]src[\\/]policy[\\/]catalog\.js$/, load: "new URL('../../generated/actions/', import.meta.url)", bundled: "new URL('../generated/actions/', import.meta.url)" },
  // Likewise the AWS managed policies (scripts/compile-managed-policies.mjs).
  { file: /[\\/]dist[\\/]src[\\/]documents[\\/]managed\.js$/, load: "new URL('../../generated/managed-policies/', import.meta.url)", bundled: "new URL('../generated/managed-policies/', import.meta.url)" },
];

const bundleRequires = {
  name: 'bundle-requires',
  setup(builder) {
    for (const { file, load, bundled } of BUNDLED_REQUIRES) {
      builder.onLoad({ filter: file }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(load)) throw new Error(`${args.path} no longer contains ${load}; update scripts/bundle.mjs`);
        return { contents: source.replace(load, bundled), loader: 'js' };
      });
    }
  },
};

/** The packages left outside the bundles; live mode imports them on first use. */
const EXTERNAL = ['@aws-sdk/*', 'proxy-agent'];

/**
 * In the CommonJS bundle, `import()` of those packages goes through `__importExternal`: bin/mp-s3-lint.js
 * runs that bundle through vm.Script (for V8's code cache), where Node 20 has no `import()` without an
 * experimental flag or warning, so it passes its own as `__mpS3LintImport`; required as a plain module,
 * the bundle uses its own `import()`.
 */
const externalImports = {
  name: 'external-imports',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]dist[\\/]src[\\/]sources[\\/]live[\\/]sdk\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const rewritten = source.replace(/\bimport\(('(?:@aws-sdk\/[^']+|proxy-agent)')\)/g, '__importExternal($1)');
      if (rewritten === source) throw new Error(`${args.path} no longer imports ${EXTERNAL.join(' or ')}; update scripts/bundle.mjs`);
      return { contents: rewritten, loader: 'js' };
    });
  },
};

/**
 * chalk works out on load whether the terminal shows colour (loading node:tty, ~6 ms of a start); this
 * code never asks it, it always gives chalk the level (src/cli.ts colorFor, src/report/stylish.ts), so
 * the bundles carry a detection that finds none.
 */
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(builder) {
    builder.onResolve({ filter: /^#supports-color$/ }, (args) => ({ path: args.path, namespace: 'chalk-without-detection' }));
    builder.onLoad({ filter: /.*/, namespace: 'chalk-without-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

const options = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Minified, V8 compiles the bundle in about half the time (bench/RESULTS.md); the linked source map
  // gives readable stack traces under NODE_OPTIONS=--enable-source-maps.
  minify: true,
  sourcemap: 'linked',
  plugins: [bundleRequires, chalkWithoutDetection],
  logLevel: 'warning',
};

const BUNDLES = [
  {
    entry: '../dist/src/main.js',
    outfile: '../dist/bundle/mp-s3-lint.cjs',
    format: 'cjs',
    // Strict, as the ES modules it is made of (esbuild's own 'use strict' comes after the banner).
    // The compiled code finds its files with import.meta.url, which CommonJS has not: the bundle's own URL.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "'use strict'; const __bundleUrl = require('node:url').pathToFileURL(__filename).href; const __importExternal = typeof __mpS3LintImport === 'function' ? __mpS3LintImport : (specifier) => import(specifier);" },
    plugins: [...options.plugins, externalImports],
  },
  {
    entry: '../dist/src/index.js',
    outfile: '../dist/bundle/index.js',
    format: 'esm',
    // Bundled CommonJS modules (yaml, the validators) call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
  },
];

await Promise.all(
  BUNDLES.map(({ entry, outfile, ...bundle }) =>
    build({ ...options, ...bundle, entryPoints: [new URL(entry, import.meta.url).pathname], outfile: new URL(outfile, import.meta.url).pathname }),
  ),
);
