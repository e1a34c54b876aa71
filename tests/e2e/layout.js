// What sticks out at the current width: elements past the main column's edges or below
// the top of the footer. Elements inside a box that clips or scrolls them (a wide table
// in its scroll container, a map's tiles) count as that box.
() => {
  const main = document.querySelector("main");
  const footer = document.querySelector("footer");
  // A page outside the site's layout (the printable notice) has neither.
  if (!main || !footer) return { problems: [], height: document.documentElement.scrollHeight };
  const column = main.getBoundingClientRect();
  const footerTop = footer.getBoundingClientRect().top;
  const problems = [];
  const clipped = (element) => {
    for (let parent = element.parentElement; parent && parent !== main; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (style.overflowX !== "visible" || style.overflowY !== "visible") return true;
    }
    return false;
  };
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += `#${element.id}`;
    if (element.classList.length) name += `.${[...element.classList].join(".")}`;
    const text = (element.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return text ? `${name} ("${text}")` : name;
  };
  for (const element of main.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 && box.height <= 1) continue;  // visually hidden
    if (!element.checkVisibility({ visibilityProperty: true })) continue;  // e.g. in a closed <details>
    if (getComputedStyle(element).position === "fixed" || clipped(element)) continue;
    if (box.right > column.right + 1 || box.left < column.left - 1) {
      problems.push(`${describe(element)} spans ${Math.round(box.left)}–${Math.round(box.right)}px, the main column ${Math.round(column.left)}–${Math.round(column.right)}px`);
    } else if (box.bottom > footerTop + 1) {
      problems.push(`${describe(element)} reaches ${Math.round(box.bottom)}px, below the footer's top at ${Math.round(footerTop)}px`);
    }
    if (problems.length >= 5) break;
  }
  return { problems, height: document.documentElement.scrollHeight };
}
