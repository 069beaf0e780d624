/* Progressive enhancement only: every page works without this file.
   On a wide screen, open the filter panels that a phone keeps closed. */
(function () {
  if (!window.matchMedia || !window.matchMedia("(min-width: 60rem)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
})();
