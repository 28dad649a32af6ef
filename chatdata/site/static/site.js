/* chatdata site: draw each chart with Vega and keep its slider settings in the address.
 *
 * Every figure.chart holds its compiled Vega spec in a <script type="application/json">.
 * Bound signals (the sliders and the scenario radio) are stored in the URL fragment as
 * "<chart id>.<signal>=<value>", so a copied link reopens the page with the same assumptions.
 */
(function () {
  "use strict";

  function readState() {
    return new URLSearchParams(window.location.hash.slice(1));
  }

  function writeState(state) {
    var text = state.toString();
    var base = window.location.href.split("#")[0];
    window.history.replaceState(null, "", text ? base + "#" + text : base);
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

  /* Vega shows a range input's raw value (600000000); give large ones thousands separators. */
  function formatReadouts(holder, view) {
    holder.querySelectorAll(".vega-bind input[type=range]").forEach(function (input) {
      var readout = input.nextElementSibling;
      if (!readout) return;
      var format = function () {
        var number = Number(input.value);
        if (Math.abs(number) >= 10000) readout.textContent = number.toLocaleString("en-US");
      };
      input.addEventListener("input", format);
      input.addEventListener("change", format);
      view.addSignalListener(input.name, format);
      format();
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
      hover: true,
    });
    figure.chartView = view;
    return view.runAsync().then(function () {
      signals.forEach(function (signal) {
        view.addSignalListener(signal.name, function (name, value) {
          var current = readState();
          current.set(figure.id + "." + name, String(value));
          writeState(current);
        });
      });
      labelRadioGroups(holder);
      formatReadouts(holder, view);
      figure.classList.add("is-live");
    });
  }

  function drawAll() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.chart"));
    figures.forEach(function (figure) {
      var holder = figure.querySelector(".chart-view");
      try {
        draw(figure).catch(function (error) { showStatic(figure, holder, error); });
      } catch (error) {
        showStatic(figure, holder, error);
      }
    });
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
    drawAll();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
