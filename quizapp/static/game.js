// A live game's pages: poll the game's state each second (data-poll-ms) and draw the page again
// when it changes.
// Without this file the pages refresh themselves (a <noscript> refresh) while something may change.
(function () {
  "use strict";
  var room = document.querySelector("[data-game-state]");
  if (!room) { return; }
  var url = room.getAttribute("data-game-state");
  var version = room.getAttribute("data-version");
  var left = parseFloat(room.getAttribute("data-remaining") || "0");
  var paused = room.hasAttribute("data-paused");
  var every = parseInt(room.getAttribute("data-poll-ms") || "1000", 10);
  var etag = null;

  function fill(selector, value) {
    room.querySelectorAll(selector).forEach(function (el) { el.textContent = String(value); });
  }

  // The countdown runs on the page; each state read sets it again from the server's clock.
  setInterval(function () {
    if (paused || left <= 0) { return; }
    left = Math.max(0, left - 0.25);
    fill("[data-countdown]", Math.ceil(left));
  }, 250);

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status !== 200) { return null; }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (state) {
        if (!state) { return; }
        if (state.version !== version) { window.location.reload(); return; }
        left = state.remaining;
        paused = state.paused;
        fill("[data-answered]", state.answered);
        fill("[data-players]", state.players);
        fill("[data-countdown]", Math.ceil(left));
      })
      .catch(function () { /* a dropped connection: try again on the next tick */ })
      .then(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);

  // A phone's answer: sent without leaving the page, which then shows "Answer sent" in place (a
  // room of phones loading their page again after each answer would hold the answers up). Where
  // the server has something to say beside the fields, the form is sent as a page after all.
  var form = room.querySelector("form.answer-form");
  var sent = room.querySelector("[data-sent]");
  if (form && sent) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }  // a second click: quizapp.js sends once
      event.preventDefault();
      var body = new FormData(form, event.submitter || null);
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") !== 0) { return null; }
          return response.json();
        })
        .then(function (reply) {
          if (!reply) { form.submit(); return; }
          if (!reply.taken) { sent.querySelector("h1").textContent = "Your answer was not counted"; }
          if (reply.message) { sent.querySelector("[data-sent-message]").textContent = reply.message; }
          var question = form.closest("article") || form;
          question.parentNode.removeChild(question);
          sent.hidden = false;
          sent.querySelector("h1").focus();
        })
        .catch(function () { form.submit(); });  // sent again as a page: an answer counts once
    });
  }

  // The projector's keys: each button names its own (N next, S skip, P pause, E end, H names).
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) { return; }
    var button = room.querySelector('button[data-key="' + event.key.toLowerCase() + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
