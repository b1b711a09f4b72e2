// The tracking page's code (templates/consultations/includes/tracking_code_box.html): shows the
// "copy" and "print" buttons, which need JavaScript (without it, the page asks to note the
// code). The status line says whether the code was copied, or that the person copies it.
(function () {
  "use strict";
  function selectText(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function start() {
    const actions = document.querySelector("[data-code-actions]");
    if (!actions) {
      return;
    }
    const status = actions.querySelector(".copy-status");
    const copyButton = actions.querySelector("[data-copy-code]");
    const code = document.getElementById(copyButton.dataset.copyCode);
    copyButton.addEventListener("click", () => {
      const text = code.textContent.trim();
      const copied = () => {
        status.textContent = copyButton.dataset.copied;
      };
      const failed = () => {
        // Without the clipboard (a page served over plain HTTP): the older copy command on the
        // selected code, else the code stays selected for the person to copy.
        selectText(code);
        let done = false;
        try {
          done = document.execCommand("copy");
        } catch (error) {
          done = false;
        }
        status.textContent = done ? copyButton.dataset.copied : copyButton.dataset.copyFailed;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(copied, failed);
      } else {
        failed();
      }
    });
    actions.querySelector("[data-print-page]").addEventListener("click", () => {
      window.print();
    });
    actions.hidden = false;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
