// Jalon: small progressive enhancements. Every page works without this script.
(function () {
  "use strict";
  // Announce htmx request failures in the page's live region.
  document.addEventListener("htmx:responseError", function (e) {
    var region = document.getElementById("live");
    if (!region) { return; }
    var text = (e.detail && e.detail.xhr && e.detail.xhr.responseText) || "";
    var msg = document.body.getAttribute("data-error-text") || "Error";
    region.textContent = msg + " (" + e.detail.xhr.status + ")" + (text.length < 200 ? " " + text : "");
  });
  // Confirm destructive actions marked data-confirm.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { e.preventDefault(); }
  });
  // Filters submit on change (the submit button remains for keyboard users).
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.form && el.form.hasAttribute("data-autosubmit") && !el.form.hasAttribute("hx-get")) { el.form.requestSubmit(); }
  });
})();
