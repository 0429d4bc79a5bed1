// Live coverage: while a live story is open, ask for its latest updates every
// data-poll-seconds (30 by default) and swap them in. Each request sends the last ETag, so an
// unchanged story costs a 304 and no rendering. Without JavaScript the updates are in the
// page on reload. No framework: one small request, one DOM swap.
(function () {
  "use strict";
  var section = document.querySelector("[data-live-updates-url]");
  if (!section || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = section.getAttribute("data-live-updates-url");
  var seconds = Math.max(1, parseInt(section.getAttribute("data-poll-seconds"), 10) || 30);
  var etag = null;
  var timer = null;
  var busy = false; // a request is on its way: never two at once

  function currentList() {
    return section.querySelector("[data-live-updates-list]");
  }

  function knownIds() {
    var ids = {};
    currentList().querySelectorAll("[id^='update-']").forEach(function (node) {
      ids[node.id] = true;
    });
    return ids;
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live-updates-list]");
    if (!fresh) {
      return true;
    }
    var known = knownIds();
    fresh.querySelectorAll("[id^='update-']").forEach(function (node) {
      if (!known[node.id]) {
        node.classList.add("live-update-new");
      }
    });
    currentList().replaceWith(document.importNode(fresh, true));
    return fresh.getAttribute("data-live") === "true";
  }

  function poll() {
    timer = null;
    if (document.hidden) {
      return; // resumes when the tab is shown again
    }
    busy = true;
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) {
          return true;
        }
        if (!response.ok) {
          return response.status !== 404; // the story left the site: stop asking
        }
        etag = response.headers.get("ETag");
        return response.text().then(swap);
      })
      .catch(function () {
        return true; // offline for a moment: try again next time
      })
      .then(function (stillLive) {
        busy = false;
        if (stillLive) {
          schedule();
        }
      });
  }

  function schedule() {
    if (timer === null && !busy) {
      timer = window.setTimeout(poll, seconds * 1000);
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      schedule();
    }
  });
  schedule();
})();
