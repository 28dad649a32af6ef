// Stands in for vega-runtime's src/expression.js, the default way a view evaluates expressions:
// it compiles each one with Function(), which a page whose policy has no 'unsafe-eval' refuses.
// chatdata's pages give every View vega-interpreter instead (site.js: `expr:
// vega.expressionInterpreter`, after parsing with `ast: true`); a View made without it stops
// here and says so. Without `codegen`, field and comparator accessors are built as they are
// with the interpreter.
function compiled() {
  throw new Error('chatdata\'s Vega build compiles no expressions: ' +
    'give the View {expr: vega.expressionInterpreter} and parse with {ast: true}');
}

export default {
  operator: compiled,
  parameter: compiled,
  event: compiled,
  handler: compiled,
  encode: compiled,
};
