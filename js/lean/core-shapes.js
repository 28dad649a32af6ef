// Stands in for vega-scenegraph's src/path/shapes.js in the core runtime, for the marks it
// keeps (lean/core-marks.js): rectangles (rect, group backgrounds and clips), symbols, and
// lines drawn straight from point to point, with a gap where `defined` is false. d3-shape and
// its curves are left out: a line with any other `interpolate` stops with an error (the
// publisher gives a site with one the full runtime). Drawn to a path string (context null)
// with coordinates to 3 decimals, as d3-shape does.
import {pathRound} from 'd3-path';
import rectangleShape from '#vega/vega-scenegraph/src/path/rectangle.js';
import symbols from '#vega/vega-scenegraph/src/path/symbols.js';

const given = (a, b) => (a != null ? a : b);

const rectShape = rectangleShape()
  .x(item => item.x || 0)
  .y(item => item.y || 0)
  .width(item => item.width || 0)
  .height(item => item.height || 0)
  .cornerRadius(
    item => given(item.cornerRadiusTopLeft, item.cornerRadius) || 0,
    item => given(item.cornerRadiusTopRight, item.cornerRadius) || 0,
    item => given(item.cornerRadiusBottomRight, item.cornerRadius) || 0,
    item => given(item.cornerRadiusBottomLeft, item.cornerRadius) || 0
  );

export function hasCornerRadius(item) {
  return item.cornerRadius || item.cornerRadiusTopLeft || item.cornerRadiusTopRight
    || item.cornerRadiusBottomRight || item.cornerRadiusBottomLeft;
}

export function rectangle(context, item, x, y) {
  return rectShape.context(context)(item, x, y);
}

/** Draw `items` as straight segments into `context`, or return the path (null if empty). A
 * run of defined items is one subpath; a run of one point is closed, so caps show a dot. */
export function line(context, items) {
  const interpolate = items[0] && items[0].interpolate;
  if (interpolate && interpolate !== 'linear') {
    throw new Error(`line interpolation "${interpolate}" is not in chatdata's core Vega build`);
  }
  const path = context || pathRound(3);
  let run = 0;
  for (const item of items) {
    if (item.defined === false) {
      if (run === 1) path.closePath();
      run = 0;
      continue;
    }
    const x = +(item.x || 0), y = +(item.y || 0);
    if (run++) path.lineTo(x, y);
    else path.moveTo(x, y);
  }
  if (run === 1) path.closePath();
  return context ? null : (path + '' || null);
}

export function symbol(context, item) {
  const path = context || pathRound(3);
  symbols(item.shape || 'circle').draw(path, +given(item.size, 64));
  return context ? null : (path + '' || null);
}
