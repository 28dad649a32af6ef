// Build the site's Vega runtime from the pinned packages in node_modules (no network).
//
// Usage: node build-vega.mjs [OUT]   (default: ../build/js)
// Writes OUT/vega-bundle.js, a minified script defining window.vega; OUT/site.js and
// OUT/site.css, minified copies of chatdata/site/static's readable sources; and
// OUT/vega-bundle.json: the version of every package whose code is in the bundle (keyed by its
// package-lock.json path), what the bundle can run (transform types) and what it leaves out
// (scale types, expression functions, data formats), the minified copies' sources (SHA-256)
// and the sizes. The bundle's first line repeats the versions of its two direct dependencies.
//
// To keep the runtime lean, Vega's packages are bundled from their ES module sources (each
// ships src/), so modules no page uses are dropped; modules are replaced by the ones in lean/
// (SVG renderer and handler only; expressions only by vega-interpreter; no TopoJSON reader; a
// CSV reader that compiles no code);
// expression functions no chart calls are left out (stand-ins that throw, generated from the
// modules they replace); and a few sources are edited (below). The publisher refuses a chart
// that needs anything left out (chatdata/site/runtime_support.py), naming the chart.
import {build, transform} from 'esbuild';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const out = resolve(process.argv[2] || join(here, '..', 'build', 'js'));
const staticFolder = join(here, '..', 'chatdata', 'site', 'static');
const bundleName = 'vega-bundle.js';

/** Vega's modules that the pages do not need, and what stands in for each. */
const replaced = {
  'vega-scenegraph/src/modules.js': 'lean/render-modules.js',
  'vega-scenegraph/src/CanvasHandler.js': 'lean/svg-handler.js',
  'vega-loader/src/formats/topojson.js': 'lean/no-topojson.js',
  'vega-runtime/src/expression.js': 'lean/no-codegen.js',
};

/** Modules of expression functions that no published chart calls (nor Vega-Lite emits), with
 * why each is left out. Each is replaced by a module exporting the same names, every function
 * a stand-in that throws; `default` names the expression function a default export is (null:
 * none). The record lists the names, so the publisher can refuse a chart that calls one. */
const leftOutFunctions = {
  'vega-functions/src/functions/geo.js': {why: 'maps (d3-geo)', default: null},
  'vega-functions/src/functions/ease.js': {why: 'animation easing (d3-ease)', default: null},
  'vega-functions/src/functions/lasso.js': {why: 'lasso selections', default: null},
  'vega-functions/src/functions/intersect.js': {why: 'hit tests of a region', default: 'intersect'},
  'vega-functions/src/functions/tree.js': {why: 'trees (no hierarchy transforms)', default: null},
  'vega-statistics/src/normal.js': {why: 'probability distributions', default: null},
  'vega-statistics/src/lognormal.js': {why: 'probability distributions', default: null},
  'vega-statistics/src/uniform.js': {why: 'probability distributions', default: null},
};

/** Scale types Vega registers that Vega-Lite never emits (its continuous colour scales are
 * linear, log, ... with an interpolated range), removed by the edit to vega-scale below. */
const leftOutScales = ['sequential', 'diverging'].flatMap(kind => [
  ...(kind === 'sequential' ? [kind] : []),
  ...['linear', 'log', 'pow', 'sqrt', 'symlog'].map(base => `${kind}-${base}`),
]);

/** Text edits to Vega's sources, each [what, replacement, why, times]; the build fails unless
 * an edit's text is found `times` times (1 if not given), so a new Vega version gets each edit
 * looked at again. */
const edits = {
  'vega-expression/src/parser.js': [
    [/new RegExp\('\[\\\\xAA[^']*'\),\n/, '/\\p{ID_Start}/u,\n',
      'non-ASCII identifier start: a Unicode property escape instead of a 5 KB class'],
    [/new RegExp\('\[\\\\xAA[^']*'\);\n/, '/[\\p{ID_Continue}\\u200C\\u200D]/u;\n',
      'non-ASCII identifier part, likewise (with ZWNJ and ZWJ, as in ECMAScript)'],
  ],
  // Each mark's canvas drawing and hit testing, which only the canvas renderer and handler
  // call: with SVG, the item under the pointer is the event target's.
  ...Object.fromEntries(['group', 'image', 'markItemPath', 'markMultiItemPath', 'path', 'rect',
    'rule', 'text'].map(mark => [`vega-scenegraph/src/marks/${mark}.js`, [
    [/^ *draw: .*\n *pick: .*\n/m, '', 'canvas draw and pick functions of a mark'],
  ]])),
  // view.toSVG, toCanvas and toImageURL (rendering off screen): the pages never call them.
  'vega-view/src/View.js': [
    [/^ *toImageURL: renderToImageURL,\n *toCanvas: renderToCanvas,\n *toSVG: renderToSVG,\n/m, '',
      'off-screen rendering methods of View'],
  ],
  'vega-scale/src/scales.js': [
    [/^scale\(`?\$?\{?(?:Sequential|Diverging)\b.*\n/gm, '',
      `scale types left out: ${leftOutScales.join(', ')}`, leftOutScales.length],
  ],
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

/** The expression functions a left-out module defines, by its exports. */
async function functionNames(inside) {
  const exported = await import(pathToFileURL(join(modules, inside)).href);
  const names = {};
  for (const [name, value] of Object.entries(exported)) {
    if (name === 'default') {
      names.default = leftOutFunctions[inside].default;
    } else if (typeof value === 'function') {
      names[name] = name;
    } else if (value && typeof value === 'object') {
      names[name] = Object.keys(value).filter(key => typeof value[key] === 'function');
    } else {
      throw new Error(`${inside}: export ${name} is neither a function nor a table of them`);
    }
  }
  return names;
}

/** A module exporting the names of `inside`, each function a stand-in that throws. */
async function leftOutModule(inside) {
  const {why} = leftOutFunctions[inside];
  const lines = [
    `const leftOut = name => () => { throw new Error(name + ": not in chatdata's Vega build ` +
      `(${why} are left out)"); };`,
  ];
  for (const [name, value] of Object.entries(await functionNames(inside))) {
    const stub = n => `leftOut(${JSON.stringify(n || name)})`;
    if (name === 'default') lines.push(`export default ${stub(value)};`);
    else if (Array.isArray(value)) {
      lines.push(`export const ${name} = Object.fromEntries(${JSON.stringify(value.join(' '))}` +
        '.split(" ").map(n => [n, leftOut(n)]));');
    } else lines.push(`export const ${name} = ${stub(value)};`);
  }
  return lines.join('\n');
}

const readJson = path => JSON.parse(readFileSync(path, 'utf8'));

/** esbuild plugin: Vega packages from source, with the replacements and edits above. */
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
    b.onLoad({filter: /.*/, namespace: 'chatdata-left-out'}, async args => ({
      contents: await leftOutModule(args.path),
      loader: 'js',
    }));
    // Relative imports inside Vega's sources: replaced, left out, or free of side effects.
    b.onResolve({filter: /^\./}, args => {
      if (!/node_modules\/vega-[a-z-]+\//.test(args.importer)) return undefined;
      const path = resolve(args.resolveDir, args.path);
      const inside = path.slice(modules.length + 1);
      if (replaced[inside]) return {path: join(here, replaced[inside]), sideEffects: false};
      if (leftOutFunctions[inside]) return {path: inside, namespace: 'chatdata-left-out'};
      return {path, sideEffects: false};
    });
    b.onLoad({filter: /node_modules\/vega-[a-z-]+\/src\/.*\.js$/}, args => {
      const inside = args.path.slice(modules.length + 1);
      if (!edits[inside]) return undefined;
      let contents = readFileSync(args.path, 'utf8');
      for (const [find, replacement, why, times = 1] of edits[inside]) {
        const found = contents.match(new RegExp(find.source, find.flags.replace('g', '') + 'g'));
        if ((found || []).length !== times) {
          throw new Error(`${inside}: edit (${why}) found ${(found || []).length} times, not ${times}`);
        }
        contents = contents.replace(find, replacement);
      }
      return {contents, loader: 'js'};
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

/** Left-out modules are imported (among the modules whose code is in the bundle) only by the
 * function table and by each other. A kept module that needs one (after an upgrade, or a
 * transform added to vega-lean.js) would break, so the build stops instead. */
function checkLeftOutImporters(metafile) {
  const kept = Object.values(metafile.outputs)[0].inputs;
  for (const [input, {imports}] of Object.entries(metafile.inputs)) {
    const importer = input.replace(/^.*node_modules\//, '');
    if (!kept[input]?.bytesInOutput || importer === 'vega-functions/src/codegen.js') continue;
    if (leftOutFunctions[importer.replace(/^chatdata-left-out:/, '')]) continue;
    for (const {path} of imports) {
      const inside = path.replace(/^chatdata-left-out:/, '');
      if (leftOutFunctions[inside]) {
        throw new Error(`${importer} needs ${inside}, which this build leaves out`);
      }
    }
  }
}

/** The built bundle, run once here: it must parse and run a small chart, and refuse each scale
 * type and expression function it leaves out. Returns its `transformTypes`. */
async function smokeTest(code, functions) {
  const vega = new Function(`${code}\nreturn vega;`)();
  const chart = extra => ({
    width: 60, height: 20,
    data: [{name: 't', values: [{a: 1}, {a: 3}]}],
    signals: [{name: 'q', update: 'format(1234.5, ",.0f")'}, ...(extra.signals || [])],
    scales: [{name: 'x', type: extra.scale || 'linear', domain: {data: 't', field: 'a'},
      range: 'width'}],
    marks: [{type: 'rect', from: {data: 't'}, encode: {update: {x: {scale: 'x', field: 'a'},
      width: {value: 4}, y: {value: 0}, height: {signal: 'length(q)'}}}}],
  });
  // Vega logs a failed update instead of rejecting runAsync: collect what it logs.
  const run = async spec => {
    const errors = [];
    const logger = {level() { return this; }, warn() {}, info() {}, debug() {},
      error(...args) { errors.push(args.join(' ')); }};
    const view = new vega.View(vega.parse(spec, null, {ast: true}), {
      expr: vega.expressionInterpreter, renderer: 'none', logger,
    });
    await view.runAsync();
    if (errors.length) throw new Error(errors.join('; '));
    return view;
  };
  const refusal = spec => run(spec).then(() => '', error => error.message);
  const view = await run(chart({}));
  if (view.signal('q') !== '1,235') throw new Error('the bundle does not run a small chart');
  for (const type of leftOutScales) {
    if (!await refusal(chart({scale: type}))) {
      throw new Error(`scale type ${type} should be left out but runs`);
    }
  }
  for (const name of functions) {
    if (!await refusal(chart({signals: [{name: 'f', update: `${name}('x')`}]}))) {
      throw new Error(`expression function ${name} should be left out but runs`);
    }
  }
  return vega.transformTypes;
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
checkLeftOutImporters(result.metafile);

const code = result.outputFiles[0].text;
const functionsLeftOut = [];
for (const inside of Object.keys(leftOutFunctions)) {
  for (const value of Object.values(await functionNames(inside))) {
    if (value) functionsLeftOut.push(...[value].flat());
  }
}
functionsLeftOut.sort();
const transformTypes = await smokeTest(code, functionsLeftOut);

// The site's own script and style sheet, minified; the readable sources stay the truth, and
// the publisher copies these only while their recorded source is the one in the tree.
const sha256 = text => createHash('sha256').update(text).digest('hex');
const minified = {};
for (const [name, loader] of [['site.js', 'js'], ['site.css', 'css']]) {
  const source = readFileSync(join(staticFolder, name), 'utf8');
  const {code: small} = await transform(source, {
    loader, minify: true, legalComments: 'none', ...(loader === 'js' ? {target: 'es2020'} : {}),
  });
  minified[name] = {code: small, record: {source: sha256(source), bytes: Buffer.byteLength(small)}};
}

const record = {
  bundle: bundleName,
  bytes: Buffer.byteLength(code),
  direct: Object.fromEntries(direct.map(entry => entry.split(/@(?=[^@]+$)/))),
  packages: packagesIn(result.metafile),
  transforms: transformTypes,
  left_out: {
    scales: leftOutScales,
    functions: functionsLeftOut,
    formats: ['topojson'],
  },
  minified: Object.fromEntries(Object.entries(minified).map(([name, m]) => [name, m.record])),
};
mkdirSync(out, {recursive: true});
writeFileSync(join(out, bundleName), code);
for (const [name, {code: small}] of Object.entries(minified)) writeFileSync(join(out, name), small);
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
const kb = bytes => `${(bytes / 1e3).toFixed(1)} KB`;
console.log(`${join(out, bundleName)}: ${kb(record.bytes)} from ` +
  `${Object.keys(record.packages).length} packages; site.js ${kb(minified['site.js'].record.bytes)}, ` +
  `site.css ${kb(minified['site.css'].record.bytes)}`);
