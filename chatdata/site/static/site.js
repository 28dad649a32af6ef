/* chatdata site: draw each chart with Vega and keep its slider settings in the address.
 *
 * Every figure.chart shows its build-time SVG (a <picture> choosing the layout for the screen
 * width) and holds, in a <script type="application/json">, the compiled Vega spec of each
 * layout: the widest whole, the others as patches of it. The live chart is drawn from the
 * layout the picture chose, over the picture and at its size, so nothing moves when it
 * appears; Vega's inputs replace the build-time ones.
 * Charts are drawn one at a time as they come near the screen.
 * Bound signals (the sliders and the scenario radio) are stored in the URL fragment as
 * "<chart id>.<signal>=<value>", so a copied link reopens the page with the same assumptions.
 * The address is rewritten once a control settles (released, or still for STATE_DELAY ms),
 * not on every step of a drag; a rewrite drops keys naming no chart or control of the page.
 * In-page links scroll and move the focus without touching the fragment, so the skip link
 * and the contents keep the settings; a restored value snaps to its slider's step.
 * An explorer's table of derived figures (table.chatdata-derived right after its figure, as
 * the page writes every table: in a box that scrolls sideways) has one row per "derived_<n>"
 * signal of the chart; each row follows its signal.
 */
(function () {
  "use strict";

  var STATE_DELAY = 200;
  var unsaved = new Map();
  var saveTimer = null;
  /* Intl's number formats, made only for a number formatNumeral cannot write (one with an
   * exponent, below 1e-6 or from 1e21): the first Intl.NumberFormat a page makes costs ~20 ms,
   * 70-110 ms with the CPU slowed four times. "three" figures and "whole" numbers round as
   * Python's round() and format() do (see formatValue); "" is Intl's default. */
  var formats = {};
  function numberFormat(kind) {
    if (!formats[kind]) {
      formats[kind] = new Intl.NumberFormat("en-US", {
        three: { maximumSignificantDigits: 3, roundingMode: "halfEven" },
        whole: { maximumFractionDigits: 0, roundingMode: "halfEven" },
      }[kind]);
    }
    return formats[kind];
  }

  /* The settings last read from or written to the address; chart id -> names of its bound
   * signals, for each chart drawn so far. */
  var current = new URLSearchParams();
  var drawnSignals = new Map();

  /* A fragment holds settings when it has a "key=value" pair; one that does not (an in-page
   * anchor such as #main, followed some way this script did not catch) leaves the settings
   * last seen, so the next write puts them back instead of losing them. */
  function holdsState(fragment) {
    return fragment.indexOf("=") >= 0;
  }

  function readState() {
    var fragment = window.location.hash.slice(1);
    if (holdsState(fragment)) current = new URLSearchParams(fragment);
    return new URLSearchParams(current);
  }

  /* Keep only keys "<chart id>.<signal>" naming a chart on this page and, once that chart is
   * drawn, one of its bound signals. */
  function known(key) {
    var dot = key.lastIndexOf(".");
    if (dot <= 0) return false;
    var chart = document.getElementById(key.slice(0, dot));
    if (!chart || !chart.matches("figure.chart")) return false;
    var names = drawnSignals.get(chart.id);
    return !names || names.has(key.slice(dot + 1));
  }

  function writeState(state) {
    Array.from(state.keys()).forEach(function (key) {
      if (!known(key)) state.delete(key);
    });
    current = new URLSearchParams(state);
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

  /* Digits after the point that a number written like "0.005" or "1e-7" needs. */
  function decimals(number) {
    var parts = /(?:\.(\d+))?(?:e-(\d+))?$/.exec(String(number));
    return Math.min(20, (parts[1] || "").length + Number(parts[2] || 0));
  }

  /* A number as the slider can hold it: within [min, max] and on its grid min + k * step, the
   * value a range input would itself snap to, so the readout agrees with the chart. */
  function snap(number, bind) {
    var min = bind.min != null ? Number(bind.min) : null;
    var max = bind.max != null ? Number(bind.max) : null;
    var step = Number(bind.step);
    if (min != null) number = Math.max(min, number);
    if (max != null) number = Math.min(max, number);
    if (!(step > 0) || !isFinite(step)) return number;
    var base = min != null ? min : 0;
    var snapped = base + Math.round((number - base) / step) * step;
    if (max != null && snapped > max) snapped -= step;
    return Number(snapped.toFixed(Math.max(decimals(step), decimals(base))));
  }

  /* Put a value from the address into a signal's spec, if it is one the input allows;
   * true if it was put there. */
  function restore(signal, raw) {
    var bind = signal.bind;
    var found = false;
    if (bind.input === "range") {
      var number = Number(raw);
      if (raw === "" || !isFinite(number)) return false;
      signal.value = snap(number, bind);
      return true;
    } else if (bind.options) {
      bind.options.forEach(function (option) {
        if (String(option) === raw) {
          signal.value = option;
          found = true;
        }
      });
    } else if (bind.input === "checkbox" && (raw === "true" || raw === "false")) {
      signal.value = raw === "true";
      found = true;
    }
    return found;
  }

  /* Restore a chart's settings from the address before it is drawn. The address is then
   * rewritten if it held a value the chart could not take as written (snapped, clamped or
   * refused), or a key naming none of the chart's controls. */
  function restoreAll(figure, signals, state) {
    var names = new Set();
    var changed = false;
    signals.forEach(function (signal) {
      var key = figure.id + "." + signal.name;
      names.add(signal.name);
      if (!state.has(key)) return;
      if (!restore(signal, state.get(key))) {
        state.delete(key);
        changed = true;
      } else if (String(signal.value) !== state.get(key)) {
        state.set(key, String(signal.value));
        changed = true;
      }
    });
    drawnSignals.set(figure.id, names);
    Array.from(state.keys()).forEach(function (key) {
      if (!known(key)) changed = true;
    });
    if (changed) writeState(state);
  }

  /* The chart stays as its build-time image: its controls go, since nothing would move them. */
  function showStatic(figure, error) {
    figure.classList.add("is-static");
    var controls = figure.querySelector(".chart-controls");
    if (controls) controls.hidden = true;
    if (window.console) console.error("chart " + figure.id + " could not be drawn", error);
  }

  /* The layout drawn for this screen: the widest whose media query matches, the same
   * choice the page's <picture> made for the static image, so the live chart has its size. */
  function chooseVariant(embedded) {
    var variants = embedded.variants.slice().sort(function (a, b) { return b.width - a.width; });
    for (var i = 0; i < variants.length; i++) {
      if (!variants[i].media || window.matchMedia(variants[i].media).matches) return variants[i];
    }
    return variants[variants.length - 1];
  }

  /* The widest layout's spec with a patch's edits made (see chatdata/site/spec_patch.py):
   * [path] deletes a key, [path, value] sets it; an empty path is the whole spec. The spec
   * is the one just parsed for this draw, so it is edited in place. */
  function patched(spec, patch) {
    patch.forEach(function (edit) {
      var path = edit[0];
      if (!path.length) {
        spec = edit[1];
        return;
      }
      var parent = spec;
      for (var i = 0; i < path.length - 1; i++) parent = parent[path[i]];
      if (edit.length > 1) parent[path[path.length - 1]] = edit[1];
      else delete parent[path[path.length - 1]];
    });
    return spec;
  }

  /* A variant's Vega spec (its own, or the widest's patched) with its shared rows put back. */
  function variantSpec(embedded, variant) {
    var spec = variant.spec;
    if (!spec) {
      var widest = embedded.variants.reduce(function (a, b) { return b.width > a.width ? b : a; });
      spec = patched(widest.spec, variant.patch);
    }
    (spec.data || []).forEach(function (entry) {
      if (!entry.values && embedded.data[entry.name]) entry.values = embedded.data[entry.name];
    });
    return spec;
  }

  /* Vega names a radio input after its signal, and every chart has a "scenario" signal: in one
   * page those would be one group. Each chart's group gets a name of its own (Vega does not
   * read the name; the signal's name stays in data-signal for the address). */
  function separateRadioGroups(figure, controls) {
    controls.querySelectorAll("input[type=radio]").forEach(function (input) {
      input.setAttribute("data-signal", input.name);
      input.name = figure.id + "." + input.name;
    });
    // Vega marks the chosen radio button checked="true"; HTML's boolean attributes take "".
    controls.querySelectorAll("input[checked]").forEach(function (input) {
      input.setAttribute("checked", "");
    });
  }

  /* Vega labels each radio button but not the group: name the group for screen readers. */
  function labelRadioGroups(figure, controls) {
    controls.querySelectorAll(".vega-bind").forEach(function (bind, index) {
      var group = bind.querySelector(".vega-bind-radio");
      var name = bind.querySelector(".vega-bind-name");
      if (!group || !name) return;
      name.id = figure.id + "-group-" + index;
      group.setAttribute("role", "radiogroup");
      group.setAttribute("aria-labelledby", name.id);
    });
  }

  /* The unit in a slider's label: the last parenthesis, "Chats a day (chats/day)" -> "chats/day";
   * nested ones count, "WhatsApp share (share (0-1))" -> "share (0-1)". */
  function sliderUnit(label) {
    var text = label.trim();
    if (text.charAt(text.length - 1) !== ")") return "";
    var depth = 0;
    for (var i = text.length - 1; i >= 0; i--) {
      if (text.charAt(i) === ")") depth++;
      if (text.charAt(i) === "(" && --depth === 0) return text.slice(i + 1, -1);
    }
    return "";
  }

  /* A numeral without exponent ("-6944.4000000000005456...", "12345.6785") rounded and written
   * as Intl.NumberFormat("en-US") writes it, without making one (see numberFormat): to
   * `figures` significant digits, else to `decimals` decimals; a half to even when `even`,
   * else away from zero; no trailing zeros; a comma every three digits. Null for a numeral
   * with an exponent. */
  function formatNumeral(text, figures, decimals, even) {
    var parts = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!parts) return null;
    var whole = parts[2];
    var digits = whole + (parts[3] || "");
    var first = digits.search(/[1-9]/);
    if (first < 0) return parts[1] + "0";
    var kept = Math.min(figures ? first + figures : whole.length + decimals, digits.length);
    var rest = digits.slice(kept);
    var number = BigInt(digits.slice(0, kept) || "0");
    var half = rest.charAt(0) === "5" && !/[1-9]/.test(rest.slice(1));
    if (rest.charAt(0) > "5" || (rest.charAt(0) === "5" && !half)) number += BigInt(1);
    else if (half && (!even || number % BigInt(2) === BigInt(1))) number += BigInt(1);
    var places = kept - whole.length;
    var text10 = places > 0 ? String(number).padStart(places + 1, "0") : String(number);
    var integer = places > 0 ? text10.slice(0, -places) : text10 + "0".repeat(-places);
    var fraction = places > 0 ? text10.slice(-places).replace(/0+$/, "") : "";
    integer = integer.replace(/\B(?=(\d{3})+$)/g, ",");
    return parts[1] + integer + (fraction ? "." + fraction : "");
  }

  /* 600000000 -> "600,000,000", -12345.6785 -> "-12,345.679": as Intl.NumberFormat("en-US")
   * writes a number (the shortest numeral that reads back as it, to three decimals, a half
   * away from zero). */
  function withSeparators(number) {
    var text = Object.is(number, -0) ? "-0" : String(number);
    return formatNumeral(text, 0, 3, false) || numberFormat("").format(number);
  }

  /* 600000000 chats/day -> "600,000,000 chats/day"; a share 0.67 -> "67% share". The same
   * text as the build-time controls (page.py: readout). */
  function readoutText(number, unit) {
    if (/^share\b/.test(unit)) return Math.round(number * 100) + "% share";
    var text = Math.abs(number) >= 10000 ? withSeparators(number) : String(number);
    return unit ? text + " " + unit : text;
  }

  /* Vega shows a range input's raw value (600000000): show it with thousands separators
   * and the unit from the slider's label, "(chats/day)". The signal listener runs after Vega
   * has written the raw value for a move. */
  function formatReadouts(controls, view) {
    controls.querySelectorAll(".vega-bind input[type=range]").forEach(function (input) {
      var readout = input.nextElementSibling;
      if (!readout) return;
      var name = input.parentNode.querySelector(".vega-bind-name");
      var unit = sliderUnit(name ? name.textContent : "");
      var format = function () { readout.textContent = readoutText(Number(input.value), unit); };
      input.addEventListener("change", format);
      view.addSignalListener(input.name, format);
      format();
    });
  }

  /* A double's exact decimal value: 0.08125 is stored as 0.081250000000000002775..., which
   * Python rounds to 0.0813. formatNumeral (and Intl) round a numeral as written, so given
   * this one they round as Python does, on the exact value, and only a true tie (0.125) to
   * even. */
  function exactDecimal(number) {
    return number.toPrecision(100);
  }

  /* A number to three significant figures, a half (on its exact value) to even. */
  function threeFigures(number) {
    return formatNumeral(exactDecimal(number), 3, 0, true) ||
      numberFormat("three").format(exactDecimal(number));
  }

  /* A figure as the Python panel writes it (chatdata.widgets.explorer.format_value), to the
   * character: words for millions and billions, else separators or three figures. */
  function formatValue(value) {
    if (typeof value !== "number" || !isFinite(value)) return "\u2013";
    var sizes = [[1e9, " billion"], [1e6, " million"]];
    for (var i = 0; i < sizes.length; i++) {
      if (Math.abs(value) >= sizes[i][0]) {
        return threeFigures(value / sizes[i][0]) + sizes[i][1];
      }
    }
    if (Math.abs(value) < 100) return threeFigures(value);
    return formatNumeral(exactDecimal(value), 0, 0, true) ||
      numberFormat("whole").format(exactDecimal(value));
  }

  /* The derived-figures table right after a figure, bare or in its scrolling box; or null. */
  function derivedTable(figure) {
    var next = figure.nextElementSibling;
    if (!next) return null;
    if (next.matches("table.chatdata-derived")) return next;
    if (!next.matches(".table-scroll")) return null;
    return next.querySelector(":scope > table.chatdata-derived");
  }

  /* Keep the derived-figures table after a figure in step with the chart's derived signals. */
  function followDerived(figure, view) {
    var table = derivedTable(figure);
    if (!table) return;
    table.querySelectorAll("tr[class^=derived_]").forEach(function (row) {
      var name = row.className;
      var cell = row.children[1];
      var show = function () { cell.textContent = formatValue(view.signal(name)); };
      try { show(); } catch (error) { return; }  // no such signal: leave the build's figure
      view.addSignalListener(name, show);
    });
  }

  /* A released slider or a chosen option is saved at once, with its own value. */
  function saveOnChange(figure, controls) {
    controls.addEventListener("change", function (event) {
      var input = event.target;
      var signal = input.getAttribute("data-signal") || input.name;
      if (!signal || !input.closest(".vega-bind")) return;
      var value = input.type === "checkbox" ? String(input.checked) : input.value;
      unsaved.set(figure.id + "." + signal, value);
      saveNow();
    });
  }

  /* Where Vega puts the chart's inputs: the build-time controls, or for a chart that has none
   * a box of the same kind (after the chart if it binds inputs, else never shown). Given no
   * box, Vega would make a <form> with nothing to submit, which WCAG checkers flag. */
  function bindingsBox(figure, holder, signals) {
    var controls = figure.querySelector(".chart-controls");
    if (controls) return controls;
    controls = document.createElement("div");
    controls.className = "chart-controls vega-bindings";
    if (signals.length) holder.after(controls);
    return controls;
  }

  /* A promise kept in a later task: the browser may paint and take input in between.
   * scheduler.yield where there is one (the rest of the draw then goes before other queued
   * work), else a message posted to this page (a task, without setTimeout's clamping). */
  var channel = null;
  var waiting = [];
  function nextTask() {
    if (window.scheduler && typeof window.scheduler.yield === "function") {
      return window.scheduler.yield();
    }
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = function () { waiting.shift()(); };
    }
    return new Promise(function (resolve) {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
  }

  /* Draw a chart in steps, each a task of its own so that none holds the main thread long
   * (with the CPU slowed four times, one task parsing, running and rendering a chart held it
   * for ~400 ms): read its layout's spec and the address; parse the spec; make the View,
   * without a container; run its dataflow; then give it its container and controls and
   * render the SVG, which goes over the picture; the derived figures follow a task later. */
  function draw(figure) {
    var vega = window.vega;
    var holder = figure.querySelector(".chart-view");
    var embedded = JSON.parse(document.getElementById(holder.getAttribute("data-spec")).textContent);
    var variant = chooseVariant(embedded);
    var spec = variantSpec(embedded, variant);
    var signals = boundSignals(spec);
    restoreAll(figure, signals, readState());
    var runtime, view;
    return nextTask().then(function () {
      // Expressions keep their syntax trees (ast: true) and Vega's interpreter evaluates them,
      // so no code is compiled at run time: the page's policy has no 'unsafe-eval'.
      runtime = vega.parse(spec, null, { ast: true });
      return nextTask();
    }).then(function () {
      view = new vega.View(runtime, { expr: vega.expressionInterpreter, renderer: "svg" });
      return nextTask();
    }).then(function () {
      return view.runAsync();
    }).then(nextTask).then(function () {
      var live = document.createElement("div");
      live.className = "chart-live";
      var controls = bindingsBox(figure, holder, signals);
      /* Vega binds its own inputs where the build-time ones were: the same markup, same room. */
      controls.replaceChildren();
      view.initialize(live, controls);
      figure.chartView = view;
      figure.chartWidth = variant.width;
      separateRadioGroups(figure, controls);
      labelRadioGroups(figure, controls);
      formatReadouts(controls, view);
      return view.runAsync().then(function () {
        holder.appendChild(live);
        figure.classList.add("is-live");
        signals.forEach(function (signal) {
          view.addSignalListener(signal.name, function (name, value) {
            saveLater(figure.id + "." + name, String(value));
          });
        });
        saveOnChange(figure, controls);
      });
    }).then(nextTask).then(function () {
      followDerived(figure, view);
    });
  }

  /* Draw one figure; a figure Vega cannot draw shows its static image instead. */
  function drawOrFallBack(figure) {
    try {
      return draw(figure).catch(function (error) { showStatic(figure, error); });
    } catch (error) {
      showStatic(figure, error);
      return Promise.resolve();
    }
  }

  /* Draw the figures one at a time, in the order they come near the screen, yielding to the
   * browser between two of them so that each chart is painted before the next one is parsed.
   * A figure far below the fold is drawn only when the reader scrolls within NEAR of it.
   * Those already near when the page starts are queued at once, in page order: an
   * IntersectionObserver reports them only at the next frame, some 10-17 ms later. */
  var NEAR_PX = 600;
  var NEAR = NEAR_PX + "px 0px";

  function nearNow(figure) {
    var box = figure.getBoundingClientRect();
    return box.bottom >= -NEAR_PX && box.top <= window.innerHeight + NEAR_PX;
  }

  function drawAll() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.chart"));
    var queue = [];
    var busy = false;
    var pump = function () {
      if (busy || !queue.length) return;
      busy = true;
      drawOrFallBack(queue.shift()).then(function () {
        window.setTimeout(function () { busy = false; pump(); }, 0);
      });
    };
    var enqueue = function (figure) {
      if (figure.queued) return;
      figure.queued = true;
      queue.push(figure);
      pump();
    };
    if (!("IntersectionObserver" in window)) {
      figures.forEach(enqueue);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        enqueue(entry.target);
      });
    }, { rootMargin: NEAR });
    figures.forEach(function (figure) {
      if (nearNow(figure)) enqueue(figure);
      else observer.observe(figure);
    });
  }

  /* In-page links (the skip link, a contents list) would replace the address's fragment,
   * which holds the settings. Follow them here instead: scroll to the target and move the
   * focus there, as the browser would, and leave the address as it is. A fragment changed
   * some other way (typed, or the history) is put back to the settings at once. */
  function followInPageLinks() {
    document.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || link.target || link.hasAttribute("download")) return;
      var parts = link.href.split("#");
      if (parts.length < 2 || parts[0] !== window.location.href.split("#")[0]) return;
      var fragment = parts.slice(1).join("#");
      if (!fragment || holdsState(fragment)) return;
      var target = document.getElementById(decodeURIComponent(fragment));
      if (!target) return;
      event.preventDefault();
      if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    });
    window.addEventListener("hashchange", function () {
      var fragment = window.location.hash.slice(1);
      if (!holdsState(fragment) && current.toString()) writeState(readState());
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
        showStatic(figure, "Vega did not load");
      });
      return;
    }
    window.addEventListener("pagehide", saveNow);
    followInPageLinks();
    drawAll();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
