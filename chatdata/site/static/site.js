/* chatdata site: draw each chart with Vega and keep its slider settings in the address.
 *
 * Every figure.chart holds its compiled Vega spec in a <script type="application/json">.
 * Charts are drawn one at a time, the first straight away and each next one in a later task,
 * so the first chart shows without waiting for the others to be parsed.
 * Bound signals (the sliders and the scenario radio) are stored in the URL fragment as
 * "<chart id>.<signal>=<value>", so a copied link reopens the page with the same assumptions.
 * The address is rewritten once a control settles (released, or still for STATE_DELAY ms),
 * not on every step of a drag.
 */
(function () {
  "use strict";

  var STATE_DELAY = 200;
  var unsaved = new Map();
  var saveTimer = null;
  var thousands = new Intl.NumberFormat("en-US");

  function readState() {
    return new URLSearchParams(window.location.hash.slice(1));
  }

  function writeState(state) {
    var text = state.toString();
    var base = window.location.href.split("#")[0];
    window.history.replaceState(null, "", text ? base + "#" + text : base);
  }

  /* Write the settings changed since the last write into the address. */
  function saveNow() {
    window.clearTimeout(saveTimer);
    saveTimer = null;
    if (!unsaved.size) return;
    var state = readState();
    unsaved.forEach(function (value, key) { state.set(key, value); });
    unsaved.clear();
    writeState(state);
  }

  function saveLater(key, value) {
    unsaved.set(key, value);
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(saveNow, STATE_DELAY);
  }

  function boundSignals(spec) {
    return (spec.signals || []).filter(function (signal) {
      return signal.bind && signal.bind.input;
    });
  }

  /* Put a value from the address into a signal's spec, if it is one the input allows. */
  function restore(signal, raw) {
    var bind = signal.bind;
    if (bind.input === "range") {
      var number = Number(raw);
      if (raw === "" || !isFinite(number)) return;
      if (bind.min != null) number = Math.max(Number(bind.min), number);
      if (bind.max != null) number = Math.min(Number(bind.max), number);
      signal.value = number;
    } else if (bind.options) {
      bind.options.forEach(function (option) {
        if (String(option) === raw) signal.value = option;
      });
    } else if (bind.input === "checkbox") {
      signal.value = raw === "true";
    }
  }

  function showStatic(figure, holder, error) {
    var image = document.createElement("img");
    image.src = holder.getAttribute("data-static");
    image.alt = holder.getAttribute("data-alt") || "";
    holder.replaceChildren(image);
    figure.classList.add("is-static");
    if (window.console) console.error("chart " + figure.id + " could not be drawn", error);
  }

  /* Vega labels each radio button but not the group: name the group for screen readers. */
  function labelRadioGroups(holder) {
    holder.querySelectorAll(".vega-bind").forEach(function (bind, index) {
      var group = bind.querySelector(".vega-bind-radio");
      var name = bind.querySelector(".vega-bind-name");
      if (!group || !name) return;
      name.id = holder.getAttribute("data-spec") + "-group-" + index;
      group.setAttribute("role", "radiogroup");
      group.setAttribute("aria-labelledby", name.id);
    });
  }

  /* Vega shows a range input's raw value (600000000); give large ones thousands separators.
   * The signal listener runs after Vega has written the raw value for a move. */
  function formatReadouts(holder, view) {
    holder.querySelectorAll(".vega-bind input[type=range]").forEach(function (input) {
      var readout = input.nextElementSibling;
      if (!readout) return;
      var format = function () {
        var number = Number(input.value);
        if (Math.abs(number) >= 10000) readout.textContent = thousands.format(number);
      };
      input.addEventListener("change", format);
      view.addSignalListener(input.name, format);
      format();
    });
  }

  /* A released slider or a chosen option is saved at once, with its own value. */
  function saveOnChange(figure, holder) {
    holder.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.name || !input.closest(".vega-bind")) return;
      var value = input.type === "checkbox" ? String(input.checked) : input.value;
      unsaved.set(figure.id + "." + input.name, value);
      saveNow();
    });
  }

  function draw(figure) {
    var holder = figure.querySelector(".chart-view");
    var spec = JSON.parse(document.getElementById(holder.getAttribute("data-spec")).textContent);
    var state = readState();
    var signals = boundSignals(spec);
    signals.forEach(function (signal) {
      var key = figure.id + "." + signal.name;
      if (state.has(key)) restore(signal, state.get(key));
    });
    var view = new window.vega.View(window.vega.parse(spec), {
      renderer: "svg",
      container: holder,
    });
    figure.chartView = view;
    return view.runAsync().then(function () {
      signals.forEach(function (signal) {
        view.addSignalListener(signal.name, function (name, value) {
          saveLater(figure.id + "." + name, String(value));
        });
      });
      saveOnChange(figure, holder);
      labelRadioGroups(holder);
      formatReadouts(holder, view);
      figure.classList.add("is-live");
    });
  }

  /* Draw one figure; a figure Vega cannot draw shows its static image instead. */
  function drawOrFallBack(figure) {
    var holder = figure.querySelector(".chart-view");
    try {
      return draw(figure).catch(function (error) { showStatic(figure, holder, error); });
    } catch (error) {
      showStatic(figure, holder, error);
      return Promise.resolve();
    }
  }

  /* Draw the figures in page order, yielding to the browser between two of them so that each
   * chart can be painted before the next one is parsed. */
  function drawAll() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.chart"));
    var drawNext = function (index) {
      if (index >= figures.length) return;
      drawOrFallBack(figures[index]).then(function () {
        window.setTimeout(function () { drawNext(index + 1); }, 0);
      });
    };
    drawNext(0);
  }

  function codeToggle() {
    var button = document.querySelector(".code-toggle");
    var blocks = document.querySelectorAll("details.code");
    if (!button || !blocks.length) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      blocks.forEach(function (block) { block.open = open; });
      button.setAttribute("aria-pressed", String(open));
      button.textContent = open ? "Hide all code" : "Show all code";
    });
  }

  function start() {
    codeToggle();
    if (!window.vega) {
      document.querySelectorAll("figure.chart").forEach(function (figure) {
        showStatic(figure, figure.querySelector(".chart-view"), "Vega did not load");
      });
      return;
    }
    window.addEventListener("pagehide", saveNow);
    drawAll();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
