// The idea and observation forms after a refused submission: focus moves to the error summary
// (templates/consultations/includes/form_errors.html) so that it is read first; without
// JavaScript the summary is simply the first thing in the form. A link of the summary moves
// focus to its field (a plain anchor would only scroll) and keeps the field's label in view.
(function () {
  "use strict";
  function start() {
    const summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) {
        return;
      }
      event.preventDefault();
      const group = field.closest(".field") || field;
      group.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
