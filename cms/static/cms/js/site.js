/* Font size (0-3 steps) and high contrast, kept in a cookie so they stay on across pages. */
(function () {
  "use strict";
  var root = document.documentElement;
  function read() {
    var m = document.cookie.match(/(?:^|; )a11y=([^;]*)/);
    var v = m ? decodeURIComponent(m[1]).split(",") : ["0", "0"];
    return { font: Math.max(0, Math.min(3, parseInt(v[0], 10) || 0)), contrast: v[1] === "1" };
  }
  function write(state) {
    document.cookie = "a11y=" + encodeURIComponent(state.font + "," + (state.contrast ? "1" : "0")) +
      "; path=/; max-age=31536000; SameSite=Lax";
  }
  function apply(state) {
    for (var i = 1; i <= 3; i++) { root.classList.toggle("fs-" + i, state.font === i); }
    root.classList.toggle("hc", state.contrast);
    var btn = document.querySelector('[data-a11y="contrast"]');
    if (btn) { btn.setAttribute("aria-pressed", state.contrast ? "true" : "false"); }
  }
  var state = read();
  apply(state);
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-a11y]");
    if (target) {
      var action = target.getAttribute("data-a11y");
      if (action === "font-up") { state.font = Math.min(3, state.font + 1); }
      if (action === "font-down") { state.font = Math.max(0, state.font - 1); }
      if (action === "contrast") { state.contrast = !state.contrast; }
      write(state);
      apply(state);
      return;
    }
    if (event.target.closest("[data-cookie-accept]")) {
      document.cookie = "cookie_notice=1; path=/; max-age=31536000; SameSite=Lax";
      var notice = document.querySelector("[data-cookie-notice]");
      if (notice) { notice.hidden = true; }
    }
  });
  var notice = document.querySelector("[data-cookie-notice]");
  if (notice && !/(?:^|; )cookie_notice=1/.test(document.cookie)) { notice.hidden = false; }
})();
