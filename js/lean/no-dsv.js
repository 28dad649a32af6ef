// Stands in for vega-loader's src/formats/dsv.js in the core runtime: chatdata's charts carry
// their data inline as rows, never as CSV, TSV or other delimited text, so d3-dsv is left out.
// (The publisher puts a notebook's local CSV file into its chart as text, format csv: a site
// with such a chart gets the full runtime.)
function refuse() {
  throw new Error('CSV, TSV and DSV data are not in chatdata\'s core Vega build');
}
refuse.responseType = 'text';

export function delimitedFormat() {
  return refuse;
}

export default refuse;
