// Build step after tsc: bundles the compiled CLI (dist/src/main.js and everything it imports) into
// one file, dist/bundle/mp-s3-lint.js, which bin/mp-s3-lint.js runs when it is newer than the
// compiled modules. Node loads one file much faster than ~130 modules (bench/RESULTS.md).
// Left outside: the AWS SDK (live mode loads it on first use) and files found at run time
// (the action catalog's data, the `ignore` package for .gitignore files).
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const VALIDATORS_LOAD = "createRequire(import.meta.url)('../../generated/validators.cjs')";

/** grammar.js loads the precompiled validators relative to its own file; in the bundle they are bundled in instead. */
const inlineValidators = {
  name: 'inline-validators',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]dist[\\/]src[\\/]policy[\\/]grammar\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(VALIDATORS_LOAD)) throw new Error(`${args.path} no longer loads the validators with ${VALIDATORS_LOAD}; update scripts/bundle.mjs`);
      return { contents: source.replace(VALIDATORS_LOAD, "require('../../generated/validators.cjs')"), loader: 'js' };
    });
  },
};

await build({
  entryPoints: [new URL('../dist/src/main.js', import.meta.url).pathname],
  outfile: new URL('../dist/bundle/mp-s3-lint.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@aws-sdk/*'],
  // Minified, V8 compiles the bundle in about half the time (bench/RESULTS.md); the linked source map
  // gives readable stack traces under NODE_OPTIONS=--enable-source-maps.
  minify: true,
  sourcemap: 'linked',
  // Bundled CommonJS modules (yaml, the validators) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
  plugins: [inlineValidators],
  logLevel: 'warning',
});
