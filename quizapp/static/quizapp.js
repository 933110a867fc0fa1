// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Sign-up: suggest the browser's time zone (the settings page can change it).
  var tz = document.querySelector('input[name="timezone"][type="hidden"]');
  if (tz && window.Intl) {
    try { tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { /* keep UTC */ }
  }

  function typing(target) {
    return target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && target.type !== "radio" && target.type !== "checkbox";
  }

  // Flashcards: Space reveals the answer, 1-4 rate it.
  var reveal = document.getElementById("reveal");
  if (reveal) {
    reveal.querySelector("summary").focus();
    document.addEventListener("keydown", function (event) {
      if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (event.key === " " && !reveal.open) {
        event.preventDefault();
        reveal.open = true;
        var good = reveal.querySelector('button[data-key="3"]');
        if (good) { good.focus(); }
      } else if (reveal.open && /^[1-4]$/.test(event.key)) {
        var button = reveal.querySelector('button[data-key="' + event.key + '"]');
        if (button) { event.preventDefault(); button.click(); }
      }
    });
  }

  // Choices and true/false: the number keys 1-9 pick an option, as the hints beside them say.
  var options = document.querySelectorAll('.answer-form .choices input[type="radio"]');
  if (options.length) {
    document.addEventListener("keydown", function (event) {
      if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (!/^[1-9]$/.test(event.key)) { return; }
      var option = options[Number(event.key) - 1];
      if (option) { event.preventDefault(); option.checked = true; option.focus(); }
    });
  }

  // Back to a page the browser kept in memory: the form can be sent again (the server records once).
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form.answer-form").forEach(function (form) {
      delete form.dataset.sent;
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
    });
  });

  // Any answer form: submit once, even on a double click (the server also records it once).
  document.querySelectorAll("form.answer-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      // Keep the clicked button's value (a flashcard rating) when disabling.
      setTimeout(function () { form.querySelectorAll("button").forEach(function (b) { b.disabled = true; }); }, 0);
    });
  });

  // A quiz's countdown; the server enforces the time, the page only shows it. At zero the page
  // reloads, and the server submits what was saved.
  var timer = document.querySelector(".countdown[data-seconds-left]");
  if (timer) {
    var left = parseInt(timer.dataset.secondsLeft, 10);
    var shown = timer.querySelector(".countdown-left");
    var tick = function () {
      left -= 1;
      if (left <= 0) { window.location.reload(); return; }
      shown.textContent = Math.floor(left / 60) + " min " + (left % 60) + " s";
    };
    if (!isNaN(left)) { setInterval(tick, 1000); }
  }
})();
