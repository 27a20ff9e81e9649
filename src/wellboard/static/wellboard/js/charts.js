// Draws every chart on the page from its Vega-Lite spec.
//
// Each chart is an element with data-chart="ID", where ID names a <script type="application/json">
// block (Django's json_script) holding the spec. Vega's expression interpreter is used instead of
// eval, so the Content Security Policy can forbid both inline scripts and eval. Without JavaScript,
// or if drawing fails, the data table beside each chart still shows every figure.
(function () {
  "use strict";

  var OPTIONS = {
    ast: true,
    actions: false,
    renderer: "svg",
    tooltip: { theme: "light" },
  };

  function say(element, text) {
    var message = document.createElement("p");
    message.className = "govuk-body-s wb-chart__message";
    message.textContent = text;
    element.appendChild(message);
  }

  function draw(element) {
    if (element.getAttribute("data-chart-state")) {
      return;
    }
    element.setAttribute("data-chart-state", "drawing");
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || typeof window.vegaEmbed !== "function" || !window.vegaInterpreter) {
      element.setAttribute("data-chart-state", "unavailable");
      return;
    }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (problem) {
      element.setAttribute("data-chart-state", "failed");
      say(element, "The chart could not be drawn. The table shows the same figures.");
      return;
    }
    var options = Object.assign({}, OPTIONS, { expr: window.vegaInterpreter.expressionInterpreter });
    var fallback = element.querySelector(".wb-chart__fallback");
    window
      .vegaEmbed(element, spec, options)
      .then(function () {
        if (fallback && fallback.parentNode) {
          fallback.parentNode.removeChild(fallback);
        }
        element.setAttribute("data-chart-state", "ready");
      })
      .catch(function (problem) {
        element.setAttribute("data-chart-state", "failed");
        say(element, "The chart could not be drawn. The table shows the same figures.");
        if (window.console) {
          window.console.warn("Chart not drawn:", problem);
        }
      });
  }

  function drawWithin(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    if (root.hasAttribute && root.hasAttribute("data-chart")) {
      draw(root);
    }
    var charts = root.querySelectorAll("[data-chart]");
    for (var i = 0; i < charts.length; i += 1) {
      draw(charts[i]);
    }
  }

  function start() {
    drawWithin(document);
    // Charts inside content htmx swaps in (e.g. a strategy node's indicators) are drawn too.
    document.body.addEventListener("htmx:load", function (event) {
      drawWithin(event.detail && event.detail.elt);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
