// The Vega runtime for chatdata's pages: only what the published charts use.
//
// Pages receive specs compiled to Vega at build time, so there is no Vega-Lite compiler and no
// vega-embed; views are drawn with SVG. Registered transforms: those Vega's parser adds for
// marks, axes, legends and facets, and the data transforms Vega-Lite emits for charts without
// maps or statistical fits. Geographic, force, hierarchy, label, regression, voronoi,
// word-cloud, crossfilter, density, quantile and sampling transforms are left out, and so are
// `linkpath` (tree and network links) and `load` (data read from a URL at run time: the
// publisher puts every chart's data in its spec).
// Expressions are evaluated by vega-interpreter, which walks their syntax trees: no code is
// generated at run time, so pages need no 'unsafe-eval'.
import {transforms} from 'vega-dataflow';
import {
  axisticks, datajoin, encode, legendentries, pie, scale, sortitems, stack
} from 'vega-encode';
import {expressionInterpreter} from 'vega-interpreter';
import {
  aggregate, bin, collect, compare, expression, extent, facet, field, filter, flatten, fold,
  formula, impute, joinaggregate, key, lookup, multiextent, multivalues, params, pivot,
  prefacet, project, proxy, relay, sequence, sieve, subflow, timeunit, tupleindex, values, window
} from 'vega-transforms';
import {extend} from 'vega-util';
import * as viewTransforms from 'vega-view-transforms';

extend(transforms, viewTransforms, {
  axisticks, datajoin, encode, legendentries, pie, scale, sortitems, stack,
  aggregate, bin, collect, compare, expression, extent, facet, field, filter, flatten, fold,
  formula, impute, joinaggregate, key, lookup, multiextent, multivalues, params, pivot,
  prefacet, project, proxy, relay, sequence, sieve, subflow, timeunit, tupleindex, values, window
});

export {parse} from 'vega-parser';
export {View} from 'vega-view';
export {expressionInterpreter};

/** The transform types this runtime can run. */
export const transformTypes = Object.keys(transforms).sort();
