// The focused element's indicator: the colours of its outline and box-shadow rings, and the
// colour of what lies behind them (the element's own background for an outline drawn inside
// it, else its parent's), every colour as #rrggbb. A canvas turns any CSS colour into sRGB.
() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const rgba = (color) => {
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = "rgba(0, 0, 0, 0)";
    context.fillStyle = color;
    context.fillRect(0, 0, 1, 1);
    return [...context.getImageData(0, 0, 1, 1).data];
  };
  const hex = ([r, g, b]) => "#" + [r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("");
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const rings = [];
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) rings.push(rgba(style.outlineColor));
  if (style.boxShadow !== "none") {
    for (const color of style.boxShadow.match(/(rgba?|oklch|oklab|lab|lch|hsla?|color)\([^)]*\)/g) || []) rings.push(rgba(color));
  }
  // Layers of background from the start element up to the first opaque one, blended over white.
  const layers = [];
  let node = parseFloat(style.outlineOffset) < 0 ? element : element.parentElement;
  for (; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] === 255) break;
  }
  let background = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) {
    const alpha = a / 255;
    background = [r, g, b].map((c, i) => Math.round(c * alpha + background[i] * (1 - alpha)));
  }
  const name = (element.getAttribute("aria-label") || element.textContent || element.name || "").trim().replace(/\s+/g, " ").slice(0, 30);
  return {
    element: `${element.tagName.toLowerCase()} "${name}"`,
    inMain: !!element.closest("main"),
    inForm: element.closest("form")?.id || null,
    rings: rings.filter((c) => c[3] > 0).map(hex),
    background: hex(background),
  };
}
