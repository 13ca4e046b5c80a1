// Live parts of console pages: an element with data-live="URL" has its content replaced by
// each "body" event the server sends there (the same HTML the page was rendered with). Focus
// stays where it was, so a keyboard user is not thrown back to the top by an update.
document.querySelectorAll("[data-live]").forEach(function (el) {
  var focusable = "a, button, input, select, textarea, [tabindex]";
  var source = new EventSource(el.getAttribute("data-live"));
  source.addEventListener("body", function (e) {
    var before = Array.prototype.indexOf.call(el.querySelectorAll(focusable),
        document.activeElement);
    el.innerHTML = e.data;
    if (before >= 0) {
      var again = el.querySelectorAll(focusable)[before];
      if (again) { again.focus(); }
    }
    el.setAttribute("data-updates", String(Number(el.getAttribute("data-updates") || 0) + 1));
  });
  source.addEventListener("end", function () { source.close(); });
});
