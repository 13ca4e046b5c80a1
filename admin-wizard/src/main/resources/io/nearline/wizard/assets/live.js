// Live parts of console pages: an element with data-live="URL" has its content replaced by
// each "body" event the server sends there (the same HTML the page was rendered with).
document.querySelectorAll("[data-live]").forEach(function (el) {
  var source = new EventSource(el.getAttribute("data-live"));
  source.addEventListener("body", function (e) {
    el.innerHTML = e.data;
    el.setAttribute("data-updates", String(Number(el.getAttribute("data-updates") || 0) + 1));
  });
  source.addEventListener("end", function () { source.close(); });
});
