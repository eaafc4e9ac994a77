// Keyboard shortcuts for the staff queues. Everything also works without this file: each
// shortcut only moves focus or presses a button that is already on the page.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("article.flag"));
  var current = -1;

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function focusItem(index) {
    if (!items.length) { return; }
    current = Math.max(0, Math.min(items.length - 1, index));
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }

  function here() {
    var active = document.activeElement;
    for (var i = 0; i < items.length; i++) {
      if (items[i] === active || items[i].contains(active)) { return i; }
    }
    return current;
  }

  function press(selector) {
    var i = here();
    if (i < 0) { return; }
    var button = items[i].querySelector(selector);
    if (button) { button.click(); }
  }

  var selectAll = document.getElementById("select-all");
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      document.querySelectorAll("input.pick").forEach(function (box) { box.checked = selectAll.checked; });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    var key = event.key;
    var handled = true;
    if (key === "j") { focusItem(here() + 1); }
    else if (key === "k") { focusItem(here() - 1); }
    else if (key === "x") {
      var i = here();
      var box = i >= 0 ? items[i].querySelector("input.pick") : null;
      if (box) { box.checked = !box.checked; } else { handled = false; }
    }
    else if (key === "c") { press(".act-confirm"); }
    else if (key === "d") { press(".act-dismiss"); }
    else if (key === "q") { press(".act-queue"); }
    else if (key === "r") { press(".act-irrelevant"); }
    else if (key === "n") {
      var j = here();
      var note = j >= 0 ? items[j].querySelector("textarea.note") : null;
      if (note) { note.focus(); } else { handled = false; }
    }
    else if (key === "/") {
      var first = document.querySelector(".filters select");
      if (first) { first.focus(); } else { handled = false; }
    }
    else { handled = false; }
    if (handled) { event.preventDefault(); }
  });
})();
