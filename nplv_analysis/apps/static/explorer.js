// The workshop page (nplv_analysis/apps/explorer.py, Explorer.show): what ipywidgets leaves
// out for screen readers (WCAG 2.1 AA), kept up as the widgets redraw.
// - a slider's handle gets its visible label as its name (aria-labelledby) and the value as
//   the page shows it ("70%", "€ 7.000", "1 jaar") as aria-valuetext, at once when it moves;
//   a disabled slider says what its read-out says ("per jaar (veld hieronder)");
// - the chart's image gets its short text (alt) from the text alternative after it;
// - "Open scenario" without the count of files ipywidgets adds: "(0)".
// Nothing is loaded from another host.
(() => {
  const TEXTS = __NPLV_VALUE_TEXTS__;
  let labels = 0;

  const setAttr = (el, name, value) => {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  };

  const nearest = (list, raw) => {
    let best = null;
    let gap = Infinity;
    for (const [value, text] of list) {
      const d = Math.abs(value - raw);
      if (d < gap) {
        gap = d;
        best = text;
      }
    }
    return gap < 1e-6 * Math.max(1, Math.abs(raw)) ? best : null;
  };

  const slider = (box, list) => {
    const handle = box.querySelector(".noUi-handle");
    const label = box.querySelector(".widget-label");
    if (!handle || !label) return;
    if (!label.id) label.id = `nplv-label-${++labels}`;
    setAttr(handle, "aria-labelledby", label.id);
    label.removeAttribute("title"); // ipywidgets writes title="null"
    const shown = handle.getAttribute("aria-valuetext");
    if (shown !== null && shown.trim() !== "" && !Number.isNaN(Number(shown))) {
      handle.dataset.nplvRaw = shown; // noUiSlider's own text: the raw number
    }
    const raw = Number(handle.dataset.nplvRaw ?? handle.getAttribute("aria-valuenow"));
    let text = nearest(list, raw);
    const target = box.querySelector(".noUi-target");
    const readout = box.parentElement?.querySelector("[class*='nplv-readout-']");
    if ((target?.hasAttribute("disabled") || text === null) && readout) {
      text = readout.textContent.trim();
    }
    if (text) setAttr(handle, "aria-valuetext", text);
  };

  const fix = () => {
    for (const [cls, list] of Object.entries(TEXTS)) {
      for (const box of document.querySelectorAll(`.${cls}.widget-slider`)) slider(box, list);
    }
    const summary = document.querySelector(".nplv-chart-text .nplv-chart-summary");
    for (const img of document.querySelectorAll("img.nplv-chart")) {
      setAttr(img, "alt", summary?.dataset.alt ?? "");
    }
    for (const button of document.querySelectorAll(".nplv-open-scenario")) {
      for (const node of button.childNodes) {
        if (node.nodeType === Node.TEXT_NODE && / \(\d+\)$/.test(node.data)) {
          node.data = node.data.replace(/ \(\d+\)$/, "");
        }
      }
    }
  };

  fix();
  new MutationObserver(fix).observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ["aria-valuetext", "aria-valuenow", "disabled"],
  });
})();
