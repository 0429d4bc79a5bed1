// The tag box of the article form: the admin's select2 autocomplete (the same search as
// Django's autocomplete.js), plus new names: type one and press Enter (or a comma). A new
// name is posted as "new:<name>"; the server reuses an existing tag that differs only in
// case ("kenya" is "Kenya") and creates the rest when the story is saved.
"use strict";
// The admin's media lists may put this file before jQuery: start when the page has loaded.
document.addEventListener("DOMContentLoaded", () => {
  const $ = django.jQuery;

  function startTagBox(element) {
    $(element).select2({
      tags: true,
      tokenSeparators: [","],
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: element.dataset.appLabel,
          model_name: element.dataset.modelName,
          field_name: element.dataset.fieldName,
        }),
      },
      createTag: (params) => {
        const name = params.term.trim();
        if (!name) {
          return null;
        }
        return { id: `new:${name}`, text: name, newTag: true };
      },
      // Typing "kenya" when "Kenya" is listed picks "Kenya" rather than offering a new tag.
      insertTag: (results, tag) => {
        const same = tag.text.toLocaleLowerCase();
        if (!results.some((result) => (result.text || "").toLocaleLowerCase() === same)) {
          results.unshift(tag);
        }
      },
      templateResult: (item) => (item.newTag ? `Add new tag “${item.text}”` : item.text),
    });
  }

  $(".tag-autocomplete").each((index, element) => startTagBox(element));
});
