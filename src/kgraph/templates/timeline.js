// kgraph timeline: the actor menu shows only the events of the chosen actor, and
// #kgraph-status records how many rows are shown. Static text: the page's CSP allows
// it by hash. Nothing here parses text as HTML.
(function () {
  "use strict";
  var status = document.getElementById("kgraph-status");
  var menu = document.getElementById("kgraph-actor");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.event"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("tr.group"));

  function involves(row, actor) {
    return (" " + row.getAttribute("data-actors") + " ").indexOf(" " + actor + " ") >= 0;
  }

  function apply() {
    var actor = menu.value;
    var shown = 0;
    var visible = {};
    rows.forEach(function (row) {
      var keep = !actor || involves(row, actor);
      row.hidden = !keep;
      if (keep) {
        shown += 1;
        visible[row.getAttribute("data-group")] = true;
      }
    });
    groups.forEach(function (group) {
      group.hidden = !visible[group.getAttribute("data-group")];
    });
    status.setAttribute("data-shown", String(shown));
    status.textContent = actor ? shown + " of " + rows.length + " events shown" : "";
  }

  // #actor=NAME (the name as the menu shows it, without the count) picks an actor
  function fromHash() {
    var match = /^#actor=(.*)$/.exec(window.location.hash);
    if (!match) {
      return;
    }
    var want = match[1];
    try {
      want = decodeURIComponent(want);
    } catch (err) {
      // not valid percent-encoding (#actor=100%): take the text as it is
    }
    want = want.toLowerCase();
    Array.prototype.forEach.call(menu.options, function (option) {
      var name = option.textContent.replace(/ \(\d+\)$/, "").toLowerCase();
      if (option.value && name === want) {
        menu.value = option.value;
      }
    });
  }

  menu.addEventListener("change", apply);
  window.addEventListener("hashchange", function () {
    fromHash();
    apply();
  });
  fromHash();
  apply();
  status.setAttribute("data-state", "ready");
})();
