// Stands in for vega-functions' src/functions/geo.js: no chart on these pages has a map, so
// d3-geo is left out. The expression functions still exist and say why they cannot run.
function missing(name) {
  return () => {
    throw new Error(`${name}: geographic functions are not in chatdata's Vega build`);
  };
}

export const geoArea = missing('geoArea');
export const geoBounds = missing('geoBounds');
export const geoCentroid = missing('geoCentroid');
export const geoScale = missing('geoScale');
export const geoTranslate = missing('geoTranslate');
