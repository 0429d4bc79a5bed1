// Presence on the story screen: tells the server every few seconds that this tab still has
// the story open (articles/presence.py), shows who else has it open, and says goodbye when
// the page goes away. Without this script the page load alone counts, for under a minute.
(function () {
  "use strict";
  var box = document.getElementById("presence");
  if (!box) {
    return;
  }
  var url = box.dataset.beatUrl;
  var tab = box.dataset.tab;
  var seconds = parseInt(box.dataset.beatSeconds, 10) || 20;
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";

  function payload(leave) {
    var data = new FormData();
    data.append("tab", tab);
    data.append("csrfmiddlewaretoken", token);
    if (leave) {
      data.append("leave", "1");
    }
    return data;
  }

  function show(notes) {
    box.replaceChildren.apply(
      box,
      notes.map(function (note) {
        var p = document.createElement("p");
        p.className = "presence-note";
        p.textContent = note;
        return p;
      })
    );
  }

  function beat() {
    fetch(url, { method: "POST", body: payload(false), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer) { show(answer.notes); } })
      .catch(function () { /* offline: the next beat tries again */ });
  }

  var timer = setInterval(beat, seconds * 1000);
  window.addEventListener("pagehide", function () {
    clearInterval(timer);
    navigator.sendBeacon(url, payload(true));
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {  // back from the browser's cache: open again
      beat();
      timer = setInterval(beat, seconds * 1000);
    }
  });
  beat();
})();
