// The story screen (admin article form): live length guidance for the headline and
// standfirst, one-click copy of share links, and folded panels that open when they hold an
// error. Everything here only adds to a page that works without it.
"use strict";

function lengthGuidance(field) {
  const limit = Number(field.dataset.lengthLimit);
  const note = document.createElement("p");
  note.className = "length-guidance";
  note.id = `${field.id}_length`;
  note.setAttribute("aria-live", "polite");
  field.insertAdjacentElement("afterend", note);
  const described = field.getAttribute("aria-describedby");
  field.setAttribute("aria-describedby", described ? `${described} ${note.id}` : note.id);
  const update = () => {
    const length = field.value.length;
    const over = length - limit;
    note.textContent =
      over > 0
        ? `${length} characters: ${over} over the ${limit} we aim for`
        : `${length} of ${limit} characters`;
    note.classList.toggle("over", over > 0);
  };
  field.addEventListener("input", update);
  update();
}

function copyButton(button) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) {
    return; // the read-only box stays: select and copy by hand
  }
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.value);
      button.textContent = "Copied";
    } catch {
      source.select();
      button.textContent = "Press Ctrl+C to copy";
    }
    setTimeout(() => {
      button.textContent = "Copy";
    }, 3000);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-length-limit]").forEach(lengthGuidance);
  document.querySelectorAll("button[data-copy]").forEach(copyButton);
  // Django folds panels with <details>; one holding an error must not hide it.
  document.querySelectorAll("#article_form details").forEach((panel) => {
    if (panel.querySelector(".errorlist, .errors")) {
      panel.open = true;
    }
  });
});
