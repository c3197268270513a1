// The review page's keyboard, plain JavaScript: j / k move to the next / previous item of the
// page (an answer in the by-question view, a task on a submission), putting the cursor into its
// points field; n / p follow the page's next / previous link; Esc leaves a field. Keys typed into
// a field are the field's, never a command.
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
    var typing = target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (event.key === "Escape" && typing) { target.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var link = null;
    if (event.key === "j") { go(at + 1); } else if (event.key === "k") { go(at < 0 ? 0 : at - 1); } else if (event.key === "n") { link = document.querySelector("a[rel=next]"); } else if (event.key === "p") { link = document.querySelector("a[rel=prev]"); } else { return; }
    event.preventDefault();
    if (link) { location.href = link.href; }
  });
}());
