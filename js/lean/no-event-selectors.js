// Stands in for vega-event-selector in the core runtime: it parses a signal's `on` events
// given as a string ("mousedown, touchstart"); chatdata's charts listen to no events (their
// controls are bound inputs), so the parser is left out. Events given as objects still work.
export function parseSelector(selector) {
  throw new Error(`event selector strings are not in chatdata's core Vega build: ${selector}`);
}
