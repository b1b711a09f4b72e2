// The sum of the activity weights under the weight column of a project's activities
// (templates/admin/programmes/project/activity_inline.html), updated as one types, adds or
// marks a row for deletion. The server writes the same sentence on every page, so without
// JavaScript the sum of the page as loaded is shown, and the warning after saving stays.
(function () {
  "use strict";

  function format(value, separator) {
    // 120 → "120", 99.5 → "99.5" (or "99,5"): as programmes.selectors.format_number writes it.
    const text = String(Math.round(value * 100) / 100);
    return separator ? text.replace(".", separator) : text;
  }

  function update(output) {
    const prefix = output.dataset.formset;
    const group = document.getElementById(prefix + "-group");
    if (!group) {
      return;
    }
    let total = 0;
    let counted = 0;
    group.querySelectorAll("tr.form-row:not(.empty-form)").forEach((row) => {
      const deletion = row.querySelector("input[name$='-DELETE']");
      if (deletion && deletion.checked) {
        return;
      }
      const input = row.querySelector("input[name$='-weight']");
      if (!input || input.value.trim() === "") {
        return;
      }
      const value = Number(input.value);
      if (Number.isFinite(value)) {
        total += value;
        counted += 1;
      }
    });
    let text;
    let consistent = true;
    if (counted === 0) {
      text = output.dataset.textNone;
    } else {
      consistent = Math.round(total * 100) === 10000;
      const template = consistent ? output.dataset.textConsistent : output.dataset.textInconsistent;
      text = template.replace("{sum}", format(total, output.dataset.decimalSeparator));
    }
    output.textContent = consistent ? text : "⚠ " + text;
    output.classList.toggle("weight-warning", !consistent);
  }

  function start() {
    document.querySelectorAll(".weight-sum[data-formset]").forEach((output) => {
      const group = document.getElementById(output.dataset.formset + "-group");
      if (!group) {
        return;
      }
      const refresh = () => update(output);
      group.addEventListener("input", refresh);
      group.addEventListener("change", refresh);
      document.addEventListener("formset:added", refresh);
      document.addEventListener("formset:removed", refresh);
      refresh();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
