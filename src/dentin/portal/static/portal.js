// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var input = document.getElementById(copy.getAttribute("data-copy"));
      if (!input) return;
      input.select();
      var done = function () { copy.textContent = "Copied"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
      } else { document.execCommand("copy"); done(); }
      return;
    }
    var opener = event.target.closest("[data-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-dialog"));
      if (dialog && dialog.showModal) {
        event.preventDefault();
        var src = opener.getAttribute("data-dialog-src");
        if (src && window.htmx) {
          htmx.ajax("GET", src, { target: "#" + dialog.id + " .dialog-body", swap: "innerHTML" })
            .then(function () { dialog.showModal(); focusFirst(dialog); });
        } else {
          dialog.showModal(); focusFirst(dialog);
        }
      }
      return;
    }
    var closer = event.target.closest("[data-close]");
    if (closer) {
      var d = closer.closest("dialog");
      if (d) { d.close(); if (closer.hasAttribute("data-reload")) window.location.reload(); }
    }
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var dialog = event.target.closest && event.target.closest("dialog");
    if (dialog) {
      if (!dialog.open && dialog.showModal) dialog.showModal();
      focusFirst(dialog);
    }
  });
  function focusFirst(root) {
    var el = root.querySelector("[data-secret], [autofocus], input:not([type=hidden]), textarea, select, button");
    if (el) el.focus();
  }
})();
