// Progressive enhancement of the studio editor: live checker findings and "add a row" buttons.
// Without JavaScript the form still works: findings show after saving, and a blank row is
// always offered for each repeatable group.
(function () {
  "use strict";
  var form = document.getElementById("spec-editor");
  if (!form) { return; }

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  var panel = document.getElementById("findings");
  var url = form.getAttribute("data-check-url");
  var timer = null;
  var pending = null;

  function check() {
    if (!url || !panel) { return; }
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
      credentials: "same-origin",
      signal: pending.signal
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      panel.innerHTML = html;
      // Announce only the one-line summary, not the whole list, to screen reader users.
      var summary = panel.querySelector(".findings-summary");
      if (announce && summary) { announce.textContent = summary.textContent; }
    }).catch(function () { /* keep the last findings; saving still checks */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 700);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  var announce = document.getElementById("findings-announce");
  var liveHint = document.querySelector("[data-live-hint]");
  if (liveHint) { liveHint.hidden = false; }

  Array.prototype.forEach.call(form.querySelectorAll("[data-add-row]"), function (button) {
    var prefix = button.getAttribute("data-add-row");
    var template = document.getElementById(prefix + "-template");
    var rows = form.querySelector("[data-rows='" + prefix + "']");
    var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    if (!template || !rows || !total) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      var legend = row.querySelector("legend");
      if (legend) { legend.textContent = legend.textContent + " " + (index + 1); }
      rows.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("input, textarea, select");
      if (first) { first.focus(); }
    });
  });

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
