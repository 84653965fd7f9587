/* coffeechat: a static page goes stale. Against the reader's own date, recompute every
   item's "in N days", turn a chat whose day has passed into one to confirm, move each
   item into the bucket it belongs to today, and fix the counts; then say the page is
   stale. The rules are SPEC §3's, as in the Python core (core/followup.py). */
(function () {
  "use strict";
  var DAY = 86400000;
  var ORDER = ["overdue", "this-week", "next-30-days", "later"];

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

  function bucketOf(days) {
    if (days < 0) return "overdue";
    if (days <= 6) return "this-week";
    if (days <= 30) return "next-30-days";
    return "later";
  }

  function urgent(kind, days) {
    return (days < 0 && kind !== "interview") || (days >= 0 && days <= 6);
  }

  function update(row, today) {
    var days = Math.round((parse(row.getAttribute("data-due")) - today) / DAY);
    row.setAttribute("data-days", days);
    row.classList.toggle("cc-overdue", days < 0);
    var when = row.querySelector(".cc-when");
    if (when) when.textContent = relative(days);
    if (row.getAttribute("data-kind") === "interview" && days < 0) {
      row.setAttribute("data-kind", "confirm");
      row.classList.replace("cc-item--interview", "cc-item--confirm");
      var badge = row.querySelector(".cc-badge");
      if (badge) {
        badge.classList.replace("cc-badge--interview", "cc-badge--confirm");
        badge.textContent = "Confirm";
      }
      var details = row.querySelector(".cc-details");
      if (details) details.textContent = "did it happen? mark it done, then thank them — or cancelled";
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
    ORDER.forEach(function (bucket) {
      if (!sections[bucket]) return;
      sections[bucket].querySelectorAll("tr.cc-item").forEach(function (row) {
        var target = sections[bucketOf(+row.getAttribute("data-days"))];
        if (target && target !== sections[bucket]) insertByDue(target.querySelector("tbody"), row);
      });
    });
    var total = 0;
    ORDER.forEach(function (bucket) {
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
    var shown = 0, overdue = 0;
    page.querySelectorAll("tr.cc-item").forEach(function (row) {
      var days = +row.getAttribute("data-days");
      var needed = urgent(row.getAttribute("data-kind"), days);
      row.hidden = !needed;
      if (needed) shown++;
      if (days < 0) overdue++;
    });
    var calm = page.querySelector(".cc-calm");
    if (calm) calm.hidden = shown > 0;
    var tile = page.querySelector('[data-tile="overdue"]');
    if (tile) {
      tile.querySelector(".cc-tile__n").textContent = overdue;
      tile.querySelector(".cc-tile__text").textContent =
        tile.getAttribute(overdue === 1 ? "data-one" : "data-many");
    }
  }

  function refresh() {
    var stamp = document.querySelector(".cc-computed[data-today]");
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
