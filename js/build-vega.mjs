// Build the site's Vega runtime from the pinned packages in node_modules (no network).
//
// Usage: node build-vega.mjs [OUT]   (default: ../build/js)
// Writes OUT/vega-bundle.js, a minified script defining window.vega, and OUT/vega-bundle.json:
// the version of every package whose code is in the bundle (keyed by its package-lock.json
// path), the transform types it registers and its size. The bundle's first line repeats the
// versions of its two direct dependencies.
//
// To keep the runtime lean, Vega's packages are bundled from their ES module sources (each
// ships src/), so modules no page uses are dropped, and four modules are replaced by the
// ones in lean/ (SVG renderer only; no geographic functions; no TopoJSON reader; a CSV reader
// that compiles no code).
import {build} from 'esbuild';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const out = resolve(process.argv[2] || join(here, '..', 'build', 'js'));
const bundleName = 'vega-bundle.js';

/** Vega's modules that the pages do not need, and what stands in for each. */
const replaced = {
  'vega-scenegraph/src/modules.js': 'lean/render-modules.js',
  'vega-functions/src/functions/geo.js': 'lean/no-geo.js',
  'vega-loader/src/formats/topojson.js': 'lean/no-topojson.js',
};

/** d3-scale-chromatic's categorical schemes (lists of colours), which vega-scale imports. Its
 * sequential schemes and interpolators are never used (vega-scale has its own): the bundle gets
 * a module holding just these lists, read from the pinned package when the bundle is built. */
async function categoricalSchemes() {
  const chromatic = await import('d3-scale-chromatic');
  const lists = Object.entries(chromatic).filter(
    ([name, value]) => name.startsWith('scheme') && Array.isArray(value)
      && value.every(colour => typeof colour === 'string')
  );
  return lists.map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`).join('\n');
}

const readJson = path => JSON.parse(readFileSync(path, 'utf8'));

/** esbuild plugin: Vega packages from source, with the replacements above. */
const lean = {
  name: 'chatdata-lean-vega',
  setup(b) {
    // A Vega package by name: its source entry (vega-util ships its modules built already).
    b.onResolve({filter: /^vega-[a-z-]+$/}, args => {
      if (args.path === 'vega-util') return undefined;
      const folder = join(modules, args.path);
      const browser = join(folder, 'index.browser.js');
      return {path: existsSync(browser) ? browser : join(folder, 'index.js'), sideEffects: false};
    });
    // A file inside a Vega package, named from lean/ (package exports hide src/).
    b.onResolve({filter: /^#vega\//}, args => ({
      path: join(modules, args.path.slice('#vega/'.length)),
      sideEffects: false,
    }));
    // vega-loader's CSV reader: d3-dsv's parse() compiles code, so lean/dsv.js builds the rows.
    b.onResolve({filter: /^d3-dsv$/}, args => (
      /node_modules\/vega-loader\//.test(args.importer)
        ? {path: join(here, 'lean', 'dsv.js'), sideEffects: false}
        : undefined
    ));
    b.onResolve({filter: /^d3-scale-chromatic$/}, () => ({
      path: join(modules, 'd3-scale-chromatic', 'categorical-schemes.js'),
      namespace: 'chatdata-schemes',
    }));
    b.onLoad({filter: /.*/, namespace: 'chatdata-schemes'}, async () => ({
      contents: await categoricalSchemes(),
      loader: 'js',
    }));
    // Relative imports inside Vega's sources: replaced, or marked free of side effects.
    b.onResolve({filter: /^\./}, args => {
      if (!/node_modules\/vega-[a-z-]+\//.test(args.importer)) return undefined;
      const path = resolve(args.resolveDir, args.path);
      const inside = path.slice(modules.length + 1);
      if (replaced[inside]) return {path: join(here, replaced[inside]), sideEffects: false};
      return {path, sideEffects: false};
    });
  },
};

/** Lockfile path -> version of each package that contributes code to the bundle. */
function packagesIn(metafile) {
  const versions = {};
  for (const input of Object.keys(metafile.inputs)) {
    const match = input.match(/^(?:.*\/)?((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+)/);
    if (!match) continue;
    const folder = match[1].replace(/\/$/, '');
    versions[folder] = readJson(join(here, folder, 'package.json')).version;
  }
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
}

const direct = Object.keys(readJson(join(here, 'package.json')).dependencies).map(
  name => `${name}@${readJson(join(modules, name, 'package.json')).version}`
);

const result = await build({
  entryPoints: [join(here, 'vega-lean.js')],
  absWorkingDir: here,
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'vega',
  platform: 'browser',
  target: ['es2020'],
  legalComments: 'none',
  metafile: true,
  write: false,
  plugins: [lean],
  banner: {js: `/*! chatdata's Vega runtime: ${direct.join(' ')}; BSD-3-Clause and ISC licences */`},
});

const code = result.outputFiles[0].text;
const {transformTypes} = await import('./vega-lean.js');
const record = {
  bundle: bundleName,
  bytes: Buffer.byteLength(code),
  direct: Object.fromEntries(direct.map(entry => entry.split(/@(?=[^@]+$)/))),
  packages: packagesIn(result.metafile),
  transforms: transformTypes,
};
mkdirSync(out, {recursive: true});
writeFileSync(join(out, bundleName), code);
writeFileSync(join(out, 'vega-bundle.json'), JSON.stringify(record, null, 2) + '\n');
if (process.env.VEGA_SIZES) {
  // Bytes in the bundle per package (or per file of one package: VEGA_SIZES=vega-parser).
  const sizes = {};
  for (const [input, {bytesInOutput}] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
    const name = input.match(/.*node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] || input;
    const key = process.env.VEGA_SIZES === name ? input : name;
    sizes[key] = (sizes[key] || 0) + bytesInOutput;
  }
  for (const [key, size] of Object.entries(sizes).sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${(size / 1e3).toFixed(1).padStart(6)} KB  ${key}`);
  }
}
console.log(`${join(out, bundleName)}: ${(record.bytes / 1e3).toFixed(1)} KB from ` +
  `${Object.keys(record.packages).length} packages`);
