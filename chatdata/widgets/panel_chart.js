// The chart of an explorer panel in JupyterLab (an anywidget ES module, bundled offline with
// Vega by vl-convert, which provides `vegaEmbed`).
//
// The kernel's sliders are the only controls: the chart has no bound inputs of its own, takes
// the values of its plain params from the model's `_params`, and never writes them back, so
// a late echo cannot pull a slider back during a fast drag. Updates are applied one at a
// time (a new one waits for the running one and replaces any still waiting), which keeps
// Vega from being asked to run while it runs. After each run the chart reports every
// top-level param as the view holds it, derived ones included, in `_view_params` and in the
// element's `data-chatdata-params` attribute (read by the JupyterLab tests).
//
// The chart follows the width of its output area: the element's width goes to the kernel as
// `available_width` (once it has stayed put for a moment), the kernel lays the chart out for
// it and sends a new `spec`, and the new spec is drawn off-screen at the current params and
// then swapped in for the old drawing in one step; Vega's autosize then keeps it within that
// width as the params move. `data-chatdata-width` says which layout width is drawn
// (`layout_width`); `data-chatdata-pending` is set while any update waits or runs.

// How long the output area's width must stay put before it goes to the kernel.
const WIDTH_SETTLE_MS = 200;
// Vega's autosize corrects a drawing's size once per run; at most this many runs follow one
// change of params for it to settle (a label that moves with the plot needs a few).
const AUTOSIZE_RUNS = 4;

async function run(view) {
  await view.runAsync();
  for (let i = 0; i < AUTOSIZE_RUNS; i++) {
    const width = view.width();
    const height = view.height();
    await view.resize().runAsync();
    if (view.width() === width && view.height() === height) {
      break;
    }
  }
}

function plainParams(spec) {
  return (spec.params || [])
    .filter((param) => !("expr" in param) && !("select" in param))
    .map((param) => param.name);
}

function allParams(spec) {
  return (spec.params || []).filter((param) => !("select" in param)).map((param) => param.name);
}

function render({ model, el }) {
  let view = null;
  let finalize = null;
  let driven = new Set();
  let names = [];
  let closed = false;
  // What is waiting to be applied: a spec to draw, and the latest params.
  let specWaiting = true;
  let paramsWaiting = null;
  let queue = Promise.resolve();
  let queued = false;

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

  function setDriven(target, params) {
    for (const [name, value] of Object.entries(params || {})) {
      if (driven.has(name) && value != null) {
        target.signal(name, value);
      }
    }
  }

  function showError(error) {
    const message = document.createElement("p");
    message.className = "chatdata-chart-error";
    message.textContent = "JavaScript Error: the chart could not be drawn: " + error.message;
    el.replaceChildren(message);
  }

  async function draw() {
    const spec = structuredClone(model.get("spec"));
    const width = model.get("layout_width");
    if (spec == null) {
      return;
    }
    const options = Object.assign({ actions: false }, model.get("embed_options") || {});
    const holder = document.createElement("div");
    let result;
    try {
      result = await vegaEmbed(holder, spec, options);
    } catch (error) {
      showError(error);
      return;
    }
    const old = finalize;
    driven = new Set(plainParams(spec));
    names = allParams(spec);
    setDriven(result.view, model.get("_params"));
    await run(result.view);
    if (closed) {
      result.finalize();
      return;
    }
    el.replaceChildren(holder);
    el.dataset.chatdataWidth = String(width);
    view = result.view;
    finalize = result.finalize;
    if (old) {
      old();
    }
    report();
  }

  async function applyParams() {
    const params = paramsWaiting;
    paramsWaiting = null;
    if (params == null || view == null) {
      return;
    }
    setDriven(view, params);
    await run(view);
    report();
  }

  async function step() {
    while (!closed && (specWaiting || paramsWaiting != null)) {
      if (specWaiting) {
        specWaiting = false;
        paramsWaiting = null; // a new drawing starts from the latest params anyway
        await draw();
      } else {
        await applyParams();
      }
    }
  }

  function schedule() {
    el.dataset.chatdataPending = "1";
    if (queued) {
      return;
    }
    queued = true;
    queue = queue
      .then(step)
      .catch((error) => console.warn("chart update:", error))
      .finally(() => {
        queued = false;
        if (specWaiting || paramsWaiting != null) {
          schedule();
        } else {
          delete el.dataset.chatdataPending;
        }
      });
  }

  const onParams = () => {
    paramsWaiting = model.get("_params");
    schedule();
  };
  const onSpec = () => {
    specWaiting = true;
    schedule();
  };
  model.on("change:_params", onParams);
  model.on("change:spec", onSpec);

  let timer = null;
  function sendWidth() {
    timer = null;
    const width = Math.floor(el.clientWidth);
    el.dataset.chatdataAvailable = String(width);
    if (width > 0 && width !== model.get("available_width")) {
      model.set("available_width", width);
      model.save_changes();
    }
  }
  const observer = new ResizeObserver(() => {
    if (timer != null) {
      clearTimeout(timer);
    }
    timer = setTimeout(sendWidth, WIDTH_SETTLE_MS);
  });
  observer.observe(el);

  schedule();
  return () => {
    closed = true;
    observer.disconnect();
    if (timer != null) {
      clearTimeout(timer);
    }
    model.off("change:_params", onParams);
    model.off("change:spec", onSpec);
    if (finalize) {
      finalize();
    }
  };
}

export default { render };
