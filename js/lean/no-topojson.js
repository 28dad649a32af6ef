// Stands in for vega-loader's TopoJSON reader: the pages' data is inline, never TopoJSON.
export default function topojson() {
  throw new Error('TopoJSON data is not supported by chatdata\'s Vega build');
}
topojson.responseType = 'json';
