/* Zoom for build-time figures; scrolling their container pans. */
(function () {
  "use strict";
  function years(tools) {
    const input = tools.querySelector("input[type=range]");  /* print-site prefixes ids */
    if (!input) return;
    const show = () => {
      const y = input.value;
      document.querySelectorAll("svg.kb-hype .kb-year").forEach((g) => {
        if (g.getAttribute("data-year") === y) g.removeAttribute("display");
        else g.setAttribute("display", "none");
      });
      document.querySelectorAll(".kb-year-value").forEach((o) => { o.textContent = y; });
      document.querySelectorAll("table[data-default-year] tr[data-phases]").forEach((tr) => {
        tr.querySelector(".kb-phase-cell").textContent = JSON.parse(tr.getAttribute("data-phases"))[y];
      });
    };
    tools.hidden = false;
    input.addEventListener("input", show);
  }

  function start() {
    document.querySelectorAll(".kb-hype-tools").forEach(years);
    document.querySelectorAll(".kb-map-tools").forEach((tools) => {
      const svg = document.querySelector("svg.kb-map");
      if (!svg) return;
      const w = +svg.getAttribute("width"), h = +svg.getAttribute("height");
      let scale = 1;
      tools.hidden = false;
      tools.querySelectorAll(".kb-zoom").forEach((b) => b.addEventListener("click", () => {
        const z = b.getAttribute("data-zoom");
        scale = z === "fit" ? svg.parentElement.parentElement.clientWidth / w
                            : Math.min(4, Math.max(0.2, scale * +z));
        svg.setAttribute("width", Math.round(w * scale));
        svg.setAttribute("height", Math.round(h * scale));
      }));
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
