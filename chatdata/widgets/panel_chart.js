// The chart of an explorer panel in JupyterLab (an anywidget ES module, bundled offline with
// Vega by vl-convert, which provides `vegaEmbed`).
//
// The kernel's sliders are the only controls: the chart has no bound inputs of its own, takes
// the values of its plain params from the model's `_params`, and never writes them back, so
// a late echo cannot pull a slider back during a fast drag. Updates are applied one run at a
// time (a new one waits for the running one and replaces any still waiting), which keeps
// Vega from being asked to run while it runs. After each run the chart reports every
// top-level param as the view holds it, derived ones included, in `_view_params` and in the
// element's `data-chatdata-params` attribute (read by the JupyterLab tests).

function plainParams(spec) {
  return (spec.params || [])
    .filter((param) => !("expr" in param) && !("select" in param))
    .map((param) => param.name);
}

function allParams(spec) {
  return (spec.params || []).filter((param) => !("select" in param)).map((param) => param.name);
}

async function render({ model, el }) {
  const spec = structuredClone(model.get("spec"));
  if (spec == null) {
    return () => {};
  }
  const driven = new Set(plainParams(spec));
  const names = allParams(spec);
  let view = null;
  let waiting = null;
  let queue = Promise.resolve();
  let closed = false;

  function report() {
    const values = {};
    for (const name of names) {
      const value = view.signal(name);
      values[name] = value === undefined ? null : value;
    }
    el.dataset.chatdataParams = JSON.stringify(values);
    model.set("_view_params", values);
    model.save_changes();
  }

  async function applyWaiting() {
    const params = waiting;
    waiting = null;
    if (params == null || view == null || closed) {
      return;
    }
    for (const [name, value] of Object.entries(params)) {
      if (driven.has(name) && value != null) {
        view.signal(name, value);
      }
    }
    await view.runAsync();
    report();
  }

  function schedule(params) {
    const first = waiting == null;
    waiting = params;
    if (first) {
      queue = queue.then(applyWaiting).catch((error) => console.warn("chart update:", error));
    }
  }

  const onParams = () => schedule(model.get("_params"));
  model.on("change:_params", onParams);
  const options = Object.assign({ actions: false }, model.get("embed_options") || {});
  let result;
  try {
    result = await vegaEmbed(el, spec, options);
  } catch (error) {
    const message = document.createElement("p");
    message.className = "chatdata-chart-error";
    message.textContent = "JavaScript Error: the chart could not be drawn: " + error.message;
    el.replaceChildren(message);
    return () => model.off("change:_params", onParams);
  }
  view = result.view;
  schedule(model.get("_params"));
  return () => {
    closed = true;
    model.off("change:_params", onParams);
    result.finalize();
  };
}

export default { render };
