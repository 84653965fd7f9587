/* coffeechat: a static page goes stale. Against the reader's own date, recompute every
   item's "in N days", turn a chat whose day has passed into one to confirm, move each
   item into the bucket it belongs to today, and fix the counts; then say the page is
   stale. The rules and their words come from the core, embedded in the page
   (`data-rules` on `.cc-computed` and each list of items, from site/views.py
   `page_rules`): this script only
   applies them to the reader's date. */
(function () {
  "use strict";
  var DAY = 86400000;
  var RULES = null;

  function rules() {
    if (RULES) return RULES;
    var holder = document.querySelector("[data-rules]");
    RULES = holder ? JSON.parse(holder.getAttribute("data-rules")) : null;
    return RULES;
  }

  function localToday() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function parse(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function relative(days) {
    var words = rules().days;
    if (words.hasOwnProperty(String(days))) return words[String(days)];
    return (days > 0 ? words.ahead : words.overdue).replace("{n}", String(Math.abs(days)));
  }

  function bucketOf(days) {
    var buckets = rules().buckets;
    for (var i = 0; i < buckets.length; i++) {
      if (buckets[i][1] === null || days <= buckets[i][1]) return buckets[i][0];
    }
    return buckets[buckets.length - 1][0];
  }

  function urgent(kind, days) {
    if (days < 0) return rules().calm_when_overdue.indexOf(kind) < 0;
    return bucketOf(days) === rules().urgent_bucket;
  }

  function update(row, today) {
    var days = Math.round((parse(row.getAttribute("data-due")) - today) / DAY);
    row.setAttribute("data-days", days);
    row.classList.toggle("cc-overdue", days < 0);
    var when = row.querySelector(".cc-when");
    if (when) when.textContent = relative(days);
    var confirm = rules().confirm;
    if (row.getAttribute("data-kind") === confirm.from && days < 0) {
      row.setAttribute("data-kind", confirm.kind);
      row.classList.replace("cc-item--" + confirm.from, "cc-item--" + confirm.kind);
      var badge = row.querySelector(".cc-badge");
      if (badge) {
        badge.classList.replace("cc-badge--" + confirm.from, "cc-badge--" + confirm.kind);
        badge.textContent = confirm.label;
      }
      var details = row.querySelector(".cc-details");
      if (details) details.textContent = confirm.hint;
    }
    return days;
  }

  function insertByDue(tbody, row) {
    var due = row.getAttribute("data-due");
    var rows = tbody.querySelectorAll("tr.cc-item");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i] !== row && rows[i].getAttribute("data-due") > due) {
        tbody.insertBefore(row, rows[i]);
        return;
      }
    }
    tbody.appendChild(row);
  }

  function refreshUpcoming(page) {
    var sections = {};
    page.querySelectorAll("section.cc-bucket[data-bucket]").forEach(function (s) {
      sections[s.getAttribute("data-bucket")] = s;
    });
    var order = rules().buckets.map(function (b) { return b[0]; });
    order.forEach(function (bucket) {
      if (!sections[bucket]) return;
      sections[bucket].querySelectorAll("tr.cc-item").forEach(function (row) {
        var target = sections[bucketOf(+row.getAttribute("data-days"))];
        if (target && target !== sections[bucket]) insertByDue(target.querySelector("tbody"), row);
      });
    });
    var total = 0;
    order.forEach(function (bucket) {
      if (!sections[bucket]) return;
      var count = sections[bucket].querySelectorAll("tr.cc-item").length;
      total += count;
      sections[bucket].querySelector(".cc-count").textContent = count;
      sections[bucket].hidden = count === 0;
    });
    var calm = page.querySelector(".cc-calm");
    if (calm) calm.hidden = total > 0;
  }

  function refreshHome(page) {
    var shown = 0, needed = 0, overdue = 0, limit = rules().home_limit;
    page.querySelectorAll("tr.cc-item").forEach(function (row) {
      var days = +row.getAttribute("data-days");
      var urgentNow = urgent(row.getAttribute("data-kind"), days);
      if (urgentNow) needed++;
      var show = urgentNow && (!limit || shown < limit);  // the most urgent come first
      row.hidden = !show;
      if (show) shown++;
      if (days < 0) overdue++;
    });
    var calm = page.querySelector(".cc-calm");
    if (calm) calm.hidden = shown > 0;
    var more = page.querySelector(".cc-more-urgent");
    if (more) {
      more.hidden = needed <= shown;
      more.querySelector(".cc-more-urgent__n").textContent = needed - shown;
    }
    var tile = page.querySelector('[data-tile="overdue"]');
    if (tile) {
      tile.querySelector(".cc-tile__n").textContent = overdue;
      tile.querySelector(".cc-tile__text").textContent =
        tile.getAttribute(overdue === 1 ? "data-one" : "data-many");
    }
  }

  function refresh() {
    RULES = null;  // a page swapped in by Material's instant navigation brings its own
    var stamp = document.querySelector(".cc-computed[data-today]");
    if (!rules()) return;  // a page with no agenda
    var today = localToday();
    document.querySelectorAll("tr.cc-item[data-due]").forEach(function (row) {
      update(row, today);
    });
    document.querySelectorAll(".cc-upcoming").forEach(refreshUpcoming);
    document.querySelectorAll(".cc-home").forEach(refreshHome);
    if (stamp && parse(stamp.getAttribute("data-today")) !== today &&
        !stamp.querySelector(".cc-stale-note")) {
      stamp.classList.add("cc-stale");
      stamp.setAttribute("data-stale", "true");
      var note = document.createElement("span");
      note.className = "cc-stale-note";
      note.textContent = " This page was built on another day: the items have been moved " +
        "to where they are due today; rebuild the site to see what changed since.";
      stamp.appendChild(note);
    }
  }

  /* Material swaps pages without reloading when navigation.instant is on */
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(refresh);
  else document.addEventListener("DOMContentLoaded", refresh);
})();
