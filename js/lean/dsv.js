// Stands in for d3-dsv where vega-loader reads CSV and TSV data. d3-dsv's parse() turns each
// row into an object with a function it compiles from the header (new Function), which a page
// whose policy has no 'unsafe-eval' refuses. The same rows are built here from parseRows():
// one object per line, keyed by the header, a missing cell as "".
import {dsvFormat as d3DsvFormat} from 'd3-dsv';

export function dsvFormat(delimiter) {
  const format = d3DsvFormat(delimiter);
  const parse = (text, convert) => {
    let columns = null;
    const rows = format.parseRows(text, (cells, index) => {
      if (columns === null) {
        columns = cells;
        return null;
      }
      const row = {};
      columns.forEach((name, at) => {
        row[name] = cells[at] || '';
      });
      return convert ? convert(row, index - 1, columns) : row;
    });
    rows.columns = columns || [];
    return rows;
  };
  return {...format, parse};
}
