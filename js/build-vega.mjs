// Build the site's Vega runtimes from the pinned packages in node_modules (no network).
//
// Usage: node build-vega.mjs [OUT]   (default: ../build/js)
// Writes two runtimes, each a minified script defining window.vega with a record beside it:
// OUT/vega-bundle.js (the full runtime, for any published Altair chart) and OUT/vega-core.js
// (the core runtime: what chatdata's own charts need, less than the full one); OUT/site.js and
// OUT/site.css, minified copies of chatdata/site/static's readable sources. Each record
// (OUT/vega-bundle.json, OUT/vega-core.json) holds the version of every package whose code is
// in its bundle (keyed by its package-lock.json path), what the bundle can run (transform
// types; the schemes Vega's named ranges stand for) and what it leaves out (scale types,
// expression functions, data formats, marks, transforms, line interpolations, colour schemes,
// spec syntax), the minified copies' sources (SHA-256) and the sizes. Each bundle's first line
// repeats the versions of its two direct dependencies.
//
// To keep the runtime lean, Vega's packages are bundled from their ES module sources (each
// ships src/), so modules no page uses are dropped; modules are replaced by the ones in lean/
// (SVG renderer and handler only; expressions only by vega-interpreter; no TopoJSON reader; a
// CSV reader that compiles no code);
// expression functions no chart calls are left out (stand-ins that throw, generated from the
// modules they replace); and a few sources are edited (below). The core runtime replaces and
// edits more (see `runtimes`). The publisher refuses a chart that needs anything the full
// runtime leaves out, naming the chart, and gives a site the core runtime when every chart on
// it fits the core's record (chatdata/site/runtime_support.py).
import {build, transform} from 'esbuild';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const out = resolve(process.argv[2] || join(here, '..', 'build', 'js'));
const staticFolder = join(here, '..', 'chatdata', 'site', 'static');

/** Vega's modules that the pages do not need, and what stands in for each (both runtimes). */
const replaced = {
  'vega-scenegraph/src/modules.js': 'lean/render-modules.js',
  'vega-scenegraph/src/CanvasHandler.js': 'lean/svg-handler.js',
  'vega-loader/src/formats/topojson.js': 'lean/no-topojson.js',
  'vega-runtime/src/expression.js': 'lean/no-codegen.js',
};

/** Modules of expression functions that no published chart calls (nor Vega-Lite emits), with
 * why each is left out. Each is replaced by a module exporting the same names, every function
 * a stand-in that throws; `default` names the expression function a default export is (null:
 * none), and `names` the expression function of a named export where the names differ (null:
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

/** The runtimes `make js` builds, each from its entry (transforms registered) with the shared
 * replacements, left-out functions and edits above plus its own. The full runtime draws any
 * chart Vega-Lite compiles from an Altair notebook (less what is left out above); the core one,
 * a site's when every chart on it fits its record, draws what chatdata's own charts need:
 * - marks group, line, rect, rule, symbol and text (lean/core-marks.js), and lines straight
 *   from point to point only (lean/core-shapes.js: no d3-shape, no curves);
 * - no data transforms bin, flatten, fold, impute, joinaggregate, lookup, pivot, project, pie,
 *   timeunit (vega-core.js);
 * - no CSV, TSV or DSV data (inline values only); no event selector strings (a signal's `on`
 *   events as objects still work); no Vega-Lite selection functions; no continuous colour
 *   schemes (`{scheme: 'blues'}`, the `ramp` range...): the categorical ones are kept. */
const runtimes = {
  full: {entry: 'vega-lean.js', bundle: 'vega-bundle.js', record: 'vega-bundle.json'},
  core: {
    entry: 'vega-core.js', bundle: 'vega-core.js', record: 'vega-core.json',
    banner: 'core build (see vega-core.json)',
    replaced: {
      'vega-scenegraph/src/marks/index.js': 'lean/core-marks.js',
      'vega-scenegraph/src/path/shapes.js': 'lean/core-shapes.js',
      'vega-loader/src/formats/dsv.js': 'lean/no-dsv.js',
      'vega-event-selector/index.js': 'lean/no-event-selectors.js',
    },
    functions: {
      'vega-selections/index.js': {why: "Vega-Lite's selections", default: null, names: {
        selectionTest: 'vlSelectionTest', selectionIdTest: 'vlSelectionIdTest',
        selectionResolve: 'vlSelectionResolve', selectionTuples: 'vlSelectionTuples',
        selectionVisitor: null,
      }},
    },
    edits: {
      'vega-scale/src/palettes.js': [
        [/^export const continuous = \{\n[^]*?\n\};\n/m, 'export const continuous = {};\n',
          'continuous colour schemes left out'],
      ],
    },
    // what lean/core-shapes.js draws a line with (the marks are read from the bundle)
    curves: ['linear'],
    formats: ['csv', 'dsv', 'tsv'],
    schemes: async () => Object.keys(
      (await import(pathToFileURL(join(modules, 'vega-scale/src/palettes.js')).href)).continuous
    ).map(name => name.toLowerCase()),
    syntax: ['event selector strings'],
  },
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

/** The expression functions a left-out module (an entry of `table`) defines, by its exports. */
async function functionNames(inside, table) {
  const exported = await import(pathToFileURL(join(modules, inside)).href);
  const renamed = table[inside].names || {};
  const names = {};
  for (const [name, value] of Object.entries(exported)) {
    if (name === 'default') {
      names.default = table[inside].default;
    } else if (typeof value === 'function') {
      names[name] = name in renamed ? renamed[name] : name;
    } else if (value && typeof value === 'object') {
      names[name] = Object.keys(value).filter(key => typeof value[key] === 'function');
    } else {
      throw new Error(`${inside}: export ${name} is neither a function nor a table of them`);
    }
  }
  return names;
}

/** A module exporting the names of `inside`, each function a stand-in that throws. */
async function leftOutModule(inside, table) {
  const {why} = table[inside];
  const lines = [
    `const leftOut = name => () => { throw new Error(name + ": not in chatdata's Vega build ` +
      `(${why} are left out)"); };`,
  ];
  for (const [name, value] of Object.entries(await functionNames(inside, table))) {
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

/** esbuild plugin: Vega packages from source, with the replacements and edits above and the
 * runtime's own (`swapped`, `stubbed`: left-out function modules, `edited`). */
function leanPlugin({swapped, stubbed, edited}) {
  // A module of Vega's, by its path inside node_modules: replaced, left out, or as it is.
  const resolved = (path, inside) => {
    if (swapped[inside]) return {path: join(here, swapped[inside]), sideEffects: false};
    if (stubbed[inside]) return {path: inside, namespace: 'chatdata-left-out'};
    return {path, sideEffects: false};
  };
  return {
    name: 'chatdata-lean-vega',
    setup(b) {
      // A Vega package by name: its source entry (vega-util ships its modules built already).
      b.onResolve({filter: /^vega-[a-z-]+$/}, args => {
        if (args.path === 'vega-util') return undefined;
        const folder = join(modules, args.path);
        const browser = join(folder, 'index.browser.js');
        const entry = existsSync(browser) ? 'index.browser.js' : 'index.js';
        return resolved(join(folder, entry), `${args.path}/${entry}`);
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
        contents: await leftOutModule(args.path, stubbed),
        loader: 'js',
      }));
      // Relative imports inside Vega's sources: replaced, left out, or free of side effects.
      b.onResolve({filter: /^\./}, args => {
        if (!/node_modules\/vega-[a-z-]+\//.test(args.importer)) return undefined;
        const path = resolve(args.resolveDir, args.path);
        return resolved(path, path.slice(modules.length + 1));
      });
      b.onLoad({filter: /node_modules\/vega-[a-z-]+\/src\/.*\.js$/}, args => {
        const inside = args.path.slice(modules.length + 1);
        if (!edited[inside]) return undefined;
        let contents = readFileSync(args.path, 'utf8');
        for (const [find, replacement, why, times = 1] of edited[inside]) {
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
}

/** Lockfile path -> version of each package that contributes code to the bundle (a module
 * imported but tree-shaken away contributes none). */
function packagesIn(metafile) {
  const versions = {};
  const kept = Object.values(metafile.outputs)[0].inputs;
  for (const input of Object.keys(metafile.inputs).filter(i => kept[i]?.bytesInOutput)) {
    const match = input.match(/^(?:.*\/)?((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+)/);
    if (!match) continue;
    const folder = match[1].replace(/\/$/, '');
    versions[folder] = readJson(join(here, folder, 'package.json')).version;
  }
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
}

/** The bundle's inputs that put code in it (paths inside node_modules for Vega's). */
function keptInputs(metafile) {
  const kept = Object.values(metafile.outputs)[0].inputs;
  return new Set(Object.keys(kept).filter(input => kept[input].bytesInOutput)
    .map(input => input.replace(/^.*node_modules\//, '')));
}

/** Left-out modules (`stubbed`) are imported (among the modules whose code is in the bundle)
 * only by the function table and by each other. A kept module that needs one (after an
 * upgrade, or a transform added to an entry) would break, so the build stops instead. */
function checkLeftOutImporters(metafile, stubbed) {
  const kept = keptInputs(metafile);
  for (const [input, {imports}] of Object.entries(metafile.inputs)) {
    const importer = input.replace(/^.*node_modules\//, '');
    if (!kept.has(importer) || importer === 'vega-functions/src/codegen.js') continue;
    if (stubbed[importer.replace(/^chatdata-left-out:/, '')]) continue;
    for (const {path} of imports) {
      const inside = path.replace(/^chatdata-left-out:/, '');
      if (stubbed[inside]) {
        throw new Error(`${importer} needs ${inside}, which this build leaves out`);
      }
    }
  }
}

/** The marks Vega defines whose module is not in the bundle, by mark type. */
async function marksLeftOut(metafile) {
  const index = 'vega-scenegraph/src/marks/index.js';
  const marks = (await import(pathToFileURL(join(modules, index)).href)).default;
  const kept = keptInputs(metafile);
  return Object.keys(marks).filter(type => !kept.has(`vega-scenegraph/src/marks/${type}.js`))
    .sort();
}

/** Every line interpolation Vega draws (`interpolate` of a line or area mark), by name: the
 * keys of the lookup table in its curves module, each checked to give a curve. */
async function curveNames() {
  const inside = 'vega-scenegraph/src/path/curves.js';
  const curves = (await import(pathToFileURL(join(modules, inside)).href)).default;
  const table = readFileSync(join(modules, inside), 'utf8').match(/const lookup = \{\n[^]*?\n\};/);
  const names = [...(table?.[0] || '').matchAll(/^ {2}'([a-z-]+)': \{/gm)].map(m => m[1]);
  if (names.length < 10 || !names.includes('linear') || names.some(n => !curves(n, 'vertical'))) {
    throw new Error(`${inside}: its table of curves is not where this build reads it`);
  }
  return names.sort();
}

/** The colour scheme each of Vega's named scale ranges (`range: 'ramp'`...) stands for, from
 * the default config of vega-parser (a spec's own config may set others, which have `scheme`
 * keys of their own). */
async function rangeSchemes() {
  const inside = 'vega-parser/src/config.js';
  const config = (await import(pathToFileURL(join(modules, inside)).href)).default();
  return Object.fromEntries(Object.entries(config.range)
    .filter(([, range]) => typeof range?.scheme === 'string')
    .map(([name, range]) => [name, range.scheme.toLowerCase()]));
}

/** A small chart, with `extra` for what a check needs: its signals, scale type, marks, data,
 * transforms, a line's interpolation or a colour scheme. */
function smallChart(extra = {}) {
  const data = [{name: 't', values: [{a: 1, b: 2}, {a: 3, b: null}, {a: 4, b: 1}]}];
  return {
    width: 60, height: 20,
    data: [...data, ...(extra.data || [])].map((set, at) => (
      at === 0 && extra.transform ? {...set, transform: extra.transform} : set)),
    signals: [{name: 'q', update: 'format(1234.5, ",.0f")'}, ...(extra.signals || [])],
    scales: [
      {name: 'x', type: extra.scale || 'linear', domain: {data: 't', field: 'a'},
        range: 'width'},
      {name: 'c', type: 'ordinal', domain: {data: 't', field: 'a'},
        range: extra.scheme ? {scheme: extra.scheme} : 'category'},
    ],
    marks: [
      {type: 'rect', from: {data: 't'}, encode: {update: {x: {scale: 'x', field: 'a'},
        width: {value: 4}, y: {value: 0}, height: {signal: 'length(q)'},
        fill: {scale: 'c', field: 'a'}}}},
      {type: 'line', from: {data: 't'}, encode: {update: {x: {scale: 'x', field: 'a'},
        y: {field: 'b'}, defined: {signal: 'datum.b != null'},
        interpolate: {value: extra.interpolate || 'linear'}}}},
      {type: 'group', marks: [
        {type: 'symbol', from: {data: 't'}, encode: {update: {x: {field: 'a'}, y: {value: 2},
          shape: {value: 'diamond'}}}},
        {type: 'rule', encode: {update: {x: {value: 0}, x2: {value: 9}, y: {value: 1}}}},
        {type: 'text', encode: {update: {text: {signal: 'q'}, x: {value: 1}}}},
      ]},
      ...(extra.marks || []),
    ],
  };
}

/** How a chart asks for each kind of thing a runtime may leave out (a record's `left_out`). */
const askFor = {
  scales: type => smallChart({scale: type}),
  functions: name => smallChart({signals: [{name: 'f', update: `${name}('x')`}]}),
  formats: type => smallChart({data: [{name: 'd', values: 'a\n1', format: {type}}]}),
  marks: type => smallChart({marks: [{type, from: {data: 't'},
    encode: {update: {x: {value: 1}, y: {value: 1}, x2: {value: 2}, y2: {value: 2}}}}]}),
  transforms: type => smallChart({transform: [{type}]}),
  interpolate: name => smallChart({interpolate: name}),
  schemes: name => smallChart({scheme: name}),
  syntax: feature => ({
    'event selector strings': smallChart({signals: [
      {name: 'e', value: 0, on: [{events: 'click', update: '1'}]}]}),
  })[feature],
};

/** The built bundle, run once here: it must parse and run a small chart (every mark type the
 * core runtime keeps, a line with a gap), and refuse each thing its record leaves out, which
 * `leftOut` gives from the transform types the bundle registers. Returns those types. */
async function smokeTest(code, leftOut) {
  const vega = new Function(`${code}\nreturn vega;`)();
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
  const refusal = spec => run(spec).then(() => '', error => error.message || String(error));
  const view = await run(smallChart());
  if (view.signal('q') !== '1,235') throw new Error('the bundle does not run a small chart');
  for (const [kind, names] of Object.entries(leftOut(vega.transformTypes))) {
    for (const name of names) {
      const spec = askFor[kind]?.(name);
      if (!spec) throw new Error(`the smoke test cannot ask for ${kind}: ${name}`);
      if (!await refusal(spec)) throw new Error(`${kind}: ${name} should be left out but runs`);
    }
  }
  return vega.transformTypes;
}

const direct = Object.keys(readJson(join(here, 'package.json')).dependencies).map(
  name => `${name}@${readJson(join(modules, name, 'package.json')).version}`
);

/** Sorted names of the expression functions the modules of `stubbed` define. */
async function functionsIn(stubbed) {
  const names = [];
  for (const inside of Object.keys(stubbed)) {
    for (const value of Object.values(await functionNames(inside, stubbed))) {
      if (value) names.push(...[value].flat());
    }
  }
  return names.sort();
}

/** Build one runtime (an entry of `runtimes`) and smoke-test it; returns its code, its record
 * (without `minified`) and esbuild's metafile. `reference` is the full runtime's record: the
 * transforms it registers and this one does not are listed as left out. */
async function buildRuntime(runtime, reference = null) {
  const edited = {...edits};
  for (const [inside, more] of Object.entries(runtime.edits || {})) {
    edited[inside] = [...(edited[inside] || []), ...more];
  }
  const stubbed = {...leftOutFunctions, ...runtime.functions};
  const result = await build({
    entryPoints: [join(here, runtime.entry)],
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
    plugins: [leanPlugin({swapped: {...replaced, ...runtime.replaced}, stubbed, edited})],
    banner: {js: `/*! chatdata's Vega runtime: ${direct.join(' ')}; ` +
      `${runtime.banner ? `${runtime.banner}; ` : ''}BSD-3-Clause and ISC licences */`},
  });
  checkLeftOutImporters(result.metafile, stubbed);
  const code = result.outputFiles[0].text;
  const curves = await curveNames();
  const leftOut = {
    scales: leftOutScales,
    functions: await functionsIn(stubbed),
    formats: ['topojson', ...(runtime.formats || [])].sort(),
    marks: await marksLeftOut(result.metafile),
    interpolate: curves.filter(name => runtime.curves && !runtime.curves.includes(name)),
    schemes: runtime.schemes ? (await runtime.schemes()).sort() : [],
    syntax: runtime.syntax || [],
  };
  const transforms = await smokeTest(code, registered => Object.assign(leftOut, {
    transforms: (reference?.transforms || []).filter(type => !registered.includes(type)),
  }));
  const record = {
    bundle: runtime.bundle,
    bytes: Buffer.byteLength(code),
    direct: Object.fromEntries(direct.map(entry => entry.split(/@(?=[^@]+$)/))),
    packages: packagesIn(result.metafile),
    transforms,
    range_schemes: await rangeSchemes(),
    left_out: leftOut,
  };
  return {code, record, metafile: result.metafile};
}

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

const kb = bytes => `${(bytes / 1e3).toFixed(1)} KB`;
mkdirSync(out, {recursive: true});
let full = null;
for (const [name, runtime] of Object.entries(runtimes)) {
  const {code, record, metafile} = await buildRuntime(runtime, full);
  full = full || record;
  record.minified = Object.fromEntries(Object.entries(minified).map(([n, m]) => [n, m.record]));
  writeFileSync(join(out, runtime.bundle), code);
  writeFileSync(join(out, runtime.record), JSON.stringify(record, null, 2) + '\n');
  if (process.env.VEGA_SIZES) {
    // Bytes in the bundle per package (or per file of one package: VEGA_SIZES=vega-parser).
    const sizes = {};
    for (const [input, {bytesInOutput}] of Object.entries(Object.values(metafile.outputs)[0].inputs)) {
      const name = input.match(/.*node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] || input;
      const key = process.env.VEGA_SIZES === name ? input : name;
      sizes[key] = (sizes[key] || 0) + bytesInOutput;
    }
    for (const [key, size] of Object.entries(sizes).sort((a, b) => b[1] - a[1]).slice(0, 40)) {
      console.log(`${(size / 1e3).toFixed(1).padStart(6)} KB  ${key}`);
    }
  }
  console.log(`${join(out, runtime.bundle)} (${name}): ${kb(record.bytes)} from ` +
    `${Object.keys(record.packages).length} packages`);
}
for (const [name, {code: small}] of Object.entries(minified)) writeFileSync(join(out, name), small);
console.log(`site.js ${kb(minified['site.js'].record.bytes)}, ` +
  `site.css ${kb(minified['site.css'].record.bytes)}`);
