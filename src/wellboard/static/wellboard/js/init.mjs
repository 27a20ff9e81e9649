// Starts GOV.UK Frontend's components (error summary focus, service navigation toggle, tabs…),
// and starts them again inside any content htmx swaps in.
import { initAll } from "../../vendor/govuk-frontend-5.14.0/govuk-frontend.min.js";

initAll();

document.body.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail && event.detail.elt;
  if (target instanceof HTMLElement) {
    initAll({ scope: target });
  }
});
