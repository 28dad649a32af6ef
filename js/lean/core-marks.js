// Stands in for vega-scenegraph's src/marks/index.js in the core runtime: the marks chatdata's
// own charts draw (their axes, legends and titles are groups, rules, symbols, text and rects).
// arc, area, image, path, shape and trail are left out (the publisher gives a site with any of
// them the full runtime); the scenegraph looking one up stops with an error that says so.
import group from '#vega/vega-scenegraph/src/marks/group.js';
import line from '#vega/vega-scenegraph/src/marks/line.js';
import rect from '#vega/vega-scenegraph/src/marks/rect.js';
import rule from '#vega/vega-scenegraph/src/marks/rule.js';
import symbol from '#vega/vega-scenegraph/src/marks/symbol.js';
import text from '#vega/vega-scenegraph/src/marks/text.js';

export default new Proxy({group, line, rect, rule, symbol, text}, {
  get(marks, type) {
    if (typeof type !== 'string' || type in marks) return marks[type];
    throw new Error(`${type} marks are not in chatdata's core Vega build`);
  },
});
