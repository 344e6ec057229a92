// Every equation: drawn with a size, in the site's math font; TeX errors shown.
async () => {
  await document.fonts.ready;
  const out = {count: 0, empty: [], errors: [], font: null, fontLoaded: false};
  for (const math of document.querySelectorAll(".md-content math")) {
    out.count += 1;
    const r = math.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) out.empty.push(math.textContent.slice(0, 60));
    if (out.font === null) out.font = getComputedStyle(math).fontFamily;
  }
  for (const e of document.querySelectorAll(".math-error"))
    out.errors.push(e.textContent.trim());
  for (const face of document.fonts)
    if (face.family.replace(/"/g, "") === "STIX Two Math" && face.status === "loaded")
      out.fontLoaded = true;
  return out;
}
