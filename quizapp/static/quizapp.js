// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The number-key hints (kbd.key) show only where this script runs to make the keys work.
  document.documentElement.classList.add("js");

  // Sign-up: suggest the browser's time zone (the settings page can change it).
  var tz = document.querySelector('input[name="timezone"][type="hidden"]');
  if (tz && window.Intl) {
    try { tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { /* keep UTC */ }
  }

  // Sign-in cards: a Print button (hidden without this script; the browser's own print works).
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  function typing(target) {
    return target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && target.type !== "radio" && target.type !== "checkbox";
  }

  // Flashcards: Space reveals the answer, 1-4 rate it.
  var reveal = document.querySelector("details#reveal");  // not the quiz form's "reveal" field
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

  // The New quiz page's question picker: filter by words and tag as the teacher types. A question
  // filtered out is only hidden, never removed or disabled, so a ticked one is still submitted.
  var filter = document.querySelector("[data-pool-filter]");
  if (filter) {
    var words = filter.querySelector("[data-pool-search]");
    var tagChoice = filter.querySelector("[data-pool-tag]");
    var count = filter.querySelector("[data-pool-count]");
    var items = document.querySelectorAll("[data-pool-item]");
    var groups = document.querySelectorAll(".quiz-pool details");
    var wasOpen = [];
    groups.forEach(function (group, i) { wasOpen[i] = group.open; });
    var apply = function (event) {
      var wanted = words.value.trim().toLowerCase();
      var tag = tagChoice ? tagChoice.value : "";
      var shown = 0;
      var ticked = 0;
      items.forEach(function (item) {
        var tags = (item.dataset.tags || "").split("\n");
        var match = (!wanted || item.textContent.toLowerCase().indexOf(wanted) !== -1) &&
          (!tag || tags.indexOf(tag) !== -1);
        item.hidden = !match;
        if (match) { shown += 1; }
        if (item.querySelector("input").checked) { ticked += 1; }
      });
      var filtering = wanted || tag;
      // A tick only updates the count: the groups the teacher opened stay as they are.
      var ticking = event && event.target && event.target.name === "questions";
      if (!ticking) {
        groups.forEach(function (group, i) {
          var any = group.querySelector("[data-pool-item]:not([hidden])");
          group.hidden = Boolean(filtering) && !any;
          group.open = filtering ? Boolean(any) : wasOpen[i] || Boolean(group.querySelector("input:checked"));
        });
      }
      count.textContent = filtering
        ? shown + " of " + items.length + " questions shown; " + ticked + " chosen in all, shown or not."
        : ticked + " chosen.";
    };
    filter.hidden = false;
    words.addEventListener("input", apply);
    if (tagChoice) { tagChoice.addEventListener("change", apply); }
    document.querySelector(".quiz-pool").addEventListener("change", apply);
    apply();
  }

  // A quiz's countdown; the server enforces the time, the page only shows it. At zero the page
  // reloads, and the server submits what was saved.
  // A question with its own limit has a second countdown, for that question.
  document.querySelectorAll(".countdown[data-seconds-left]").forEach(function (timer) {
    var left = parseInt(timer.dataset.secondsLeft, 10);
    var shown = timer.querySelector(".countdown-left");
    var tick = function () {
      left -= 1;
      if (left <= 0) { window.location.reload(); return; }
      shown.textContent = Math.floor(left / 60) + " min " + (left % 60) + " s";
    };
    if (!isNaN(left)) { setInterval(tick, 1000); }
  });
})();
