// Live parts of console pages: an element with data-live="URL" has its content replaced by
// each "body" event the server sends there (the same HTML the page was rendered with). Focus
// and anything typed into a field stay as they were, so an update never throws a keyboard
// user back to the top or wipes a reason half written.
document.querySelectorAll("[data-live]").forEach(function (el) {
  var focusable = "a, button, input, select, textarea, [tabindex]";
  var source = new EventSource(el.getAttribute("data-live"));
  source.addEventListener("body", function (e) {
    var before = Array.prototype.indexOf.call(el.querySelectorAll(focusable),
        document.activeElement);
    var typed = {};
    el.querySelectorAll("input[name], textarea[name]").forEach(function (f) {
      if (f.type !== "hidden" && f.value !== f.defaultValue) { typed[f.name] = f.value; }
    });
    el.innerHTML = e.data;
    el.querySelectorAll("input[name], textarea[name]").forEach(function (f) {
      if (Object.prototype.hasOwnProperty.call(typed, f.name)) { f.value = typed[f.name]; }
    });
    if (before >= 0) {
      var again = el.querySelectorAll(focusable)[before];
      if (again) { again.focus(); }
    }
    el.setAttribute("data-updates", String(Number(el.getAttribute("data-updates") || 0) + 1));
  });
  source.addEventListener("end", function () { source.close(); });
});
