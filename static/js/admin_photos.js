// The lead-image picker of the article form: the admin's select2 autocomplete, searching
// the photo library through ImageAdmin's photo search, with a thumbnail beside each result.
"use strict";
// The admin's media lists may put this file before jQuery: start when the page has loaded.
document.addEventListener("DOMContentLoaded", () => {
  const $ = django.jQuery;

  function withThumbnail(item) {
    if (!item.thumbnail) {
      return item.text;
    }
    const row = document.createElement("span");
    row.className = "photo-choice";
    const picture = document.createElement("img");
    picture.src = item.thumbnail;
    picture.alt = ""; // the caption beside it says what it shows
    picture.width = 80;
    row.append(picture, document.createTextNode(item.text));
    return $(row);
  }

  $(".photo-autocomplete").each((index, element) => {
    $(element).select2({
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: element.dataset.appLabel,
          model_name: element.dataset.modelName,
          field_name: element.dataset.fieldName,
        }),
      },
      templateResult: withThumbnail,
    });
  });
});
