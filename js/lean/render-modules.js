// Stands in for vega-scenegraph's src/modules.js: the pages draw with SVG only, so the canvas
// and hybrid renderers (and the SVG string renderer behind view.toSVG) are left out.
import SVGHandler from '#vega/vega-scenegraph/src/SVGHandler.js';
import SVGRenderer from '#vega/vega-scenegraph/src/SVGRenderer.js';

export const RenderType = {Canvas: 'canvas', PNG: 'png', SVG: 'svg', Hybrid: 'hybrid', None: 'none'};

const modules = {
  svg: {renderer: SVGRenderer, handler: SVGHandler},
  none: {}
};

export function renderModule(name, module) {
  const key = String(name || '').toLowerCase();
  if (arguments.length > 1) {
    modules[key] = module;
    return this;
  }
  return modules[key];
}
