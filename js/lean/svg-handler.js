// Stands in for vega-scenegraph's src/CanvasHandler.js. A View starts with a canvas handler
// that holds the event handlers the runtime registers until the view is given its element;
// with the SVG renderer, an SVG handler (which keeps them the same way until it has its
// <svg>) does that, and the canvas hit testing is left out.
export {default} from '#vega/vega-scenegraph/src/SVGHandler.js';
