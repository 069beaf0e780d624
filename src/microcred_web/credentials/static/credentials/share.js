// Copy-link button of a credential's share bar (ADR 1303). Without JavaScript the button stays
// hidden and the link is in a read-only field to select and copy; with it, one press copies.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById("copy-status");
    if (!field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied") || field.value; }
      }, function () {
        field.select();
      });
    });
  });
}());
