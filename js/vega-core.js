// The core Vega runtime: vega-lean.js less the data transforms chatdata's own charts never use.
//
// A site gets this runtime instead of the full one when every chart on it fits its record
// (build-vega.mjs builds both; chatdata/site/runtime_support.py checks the charts). Left out
// here: the bin, flatten, fold, impute, joinaggregate, lookup, pivot, project, pie and timeunit
// transforms. What else the core build leaves out (marks, curves, colour schemes...) is
// replaced in build-vega.mjs.
import {transforms} from 'vega-dataflow';
import {axisticks, datajoin, encode, legendentries, scale, sortitems, stack} from 'vega-encode';
import {expressionInterpreter} from 'vega-interpreter';
import {
  aggregate, collect, compare, expression, extent, facet, field, filter, formula, key,
  multiextent, multivalues, params, prefacet, proxy, relay, sequence, sieve, subflow, tupleindex,
  values, window
} from 'vega-transforms';
import {extend} from 'vega-util';
import * as viewTransforms from 'vega-view-transforms';

extend(transforms, viewTransforms, {
  axisticks, datajoin, encode, legendentries, scale, sortitems, stack,
  aggregate, collect, compare, expression, extent, facet, field, filter, formula, key,
  multiextent, multivalues, params, prefacet, proxy, relay, sequence, sieve, subflow, tupleindex,
  values, window
});

export {parse} from 'vega-parser';
export {View} from 'vega-view';
export {expressionInterpreter};

/** The transform types this runtime can run. */
export const transformTypes = Object.keys(transforms).sort();
