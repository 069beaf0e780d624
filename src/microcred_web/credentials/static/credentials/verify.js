/* Progressive enhancement only: the page works without this file.
   When a check's result has just been rendered, move the keyboard and screen-reader focus to its
   heading, so the result is announced at once instead of the page's first line (WCAG 2.1 4.1.3;
   the verdict itself is a role=status or role=alert region). */
(function () {
  var result = document.querySelector("[data-announce] h2[tabindex='-1']");
  if (result) { result.focus(); }
})();
