// django-prose-editor's editable area has no accessible name: give it its field's label
// ("Body"), so screen readers announce what the box is for.
document.addEventListener("prose-editor:ready", (event) => {
  const { editor, textarea } = event.detail;
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const name = label ? label.textContent.replace(/:\s*$/, "").trim() : textarea.name;
  editor.view.dom.setAttribute("aria-label", name);
});
