/* coffeechat: a static page goes stale. Recompute "overdue" and "in N days" from the
   ISO dates embedded in the page against the reader's own date, and say so. */
(function () {
  "use strict";

  function localToday() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function parse(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function relative(days) {
    if (days === 0) return "today";
    if (days === 1) return "tomorrow";
    if (days === -1) return "1 day overdue";
    return days > 0 ? "in " + days + " days" : -days + " days overdue";
  }

  function refresh() {
    var today = localToday();
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var days = Math.round((parse(el.getAttribute("data-due")) - today) / 86400000);
      if (el.classList.contains("cc-when")) el.textContent = relative(days);
      el.classList.toggle("cc-overdue", days < 0);
    });
    var stamp = document.querySelector(".cc-computed[data-today]");
    if (stamp && parse(stamp.getAttribute("data-today")) !== today) {
      stamp.classList.add("cc-stale");
      stamp.setAttribute("data-stale", "true");
    }
  }

  /* Material swaps pages without reloading when navigation.instant is on */
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(refresh);
  else document.addEventListener("DOMContentLoaded", refresh);
})();
