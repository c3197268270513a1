// The review page's keyboard, plain JavaScript: j / k move to the next / previous item of the
// page (an answer in the by-question view, a task on a submission), putting the cursor into its
// points field; n / p follow the page's next / previous link; Esc leaves a field. Keys typed into
// a comment or any other field are the field's; a points field takes only numbers and "auto", so
// there j, k, n and p are still commands (an answer without points is skipped with j).
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-nav]"));
  var at = items.findIndex(function (el) { return "#" + el.id === location.hash; });

  function go(index) {
    if (!items.length) { return; }
    at = Math.max(0, Math.min(items.length - 1, index));
    var el = items[at];
    el.scrollIntoView({ block: "start" });
    history.replaceState(null, "", "#" + el.id);
    var field = el.querySelector("input[name=points]");
    if (field) { field.focus({ preventScroll: true }); }
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    // a points field takes a number or "auto": its letters j, k, n, p are commands there too
    var points = target && target.tagName === "INPUT" && target.name === "points";
    var typing = target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && !points;
    if (event.key === "Escape" && (typing || points)) { target.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var link = null;
    if (event.key === "j") { go(at + 1); } else if (event.key === "k") { go(at < 0 ? 0 : at - 1); } else if (event.key === "n") { link = document.querySelector("a[rel=next]"); } else if (event.key === "p") { link = document.querySelector("a[rel=prev]"); } else { return; }
    event.preventDefault();
    if (link) { location.href = link.href; }
  });
}());
