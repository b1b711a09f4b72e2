// django-import-export's "Select all" box of the export page, without an inline onchange
// handler (the Content-Security-Policy has script-src 'self'): the same function, bound here.
// onSelectToggleChange comes from import_export/export_selectable_fields.js (the form's media).
document.addEventListener("change", (event) => {
  const toggle = event.target;
  if (toggle.matches('input.select-toggle[name="select-all-toggle"]') && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event);
  }
});
