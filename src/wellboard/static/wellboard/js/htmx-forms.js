// Forms that htmx enhances (e.g. posting a progress update without reloading the page).
// The server answers 400 with the form and its error summary, or 409 with the conflict page (aimed at
// the whole page); htmx ignores 4xx responses by default, so let it swap those in. Then move focus to what changed, as a full page load would:
// the error summary if there is one, otherwise the success banner.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400 || event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.elt && event.detail.elt.isConnected ? event.detail.elt : document;
    var target = document.querySelector("#progress .govuk-error-summary, #progress .govuk-notification-banner");
    if (!target && root !== document) {
      target = root.querySelector(".govuk-error-summary, .govuk-notification-banner");
    }
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });
})();
