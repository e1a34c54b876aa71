// Form controls that break KERN's look: a radio or checkbox without KERN's class (the
// browser's own box), Django's "---------" as an empty choice, a hint squeezed into the
// narrow column of a checkbox (one word per line).
() => {
  const problems = [];
  for (const input of document.querySelectorAll("input[type=checkbox], input[type=radio]")) {
    if (!input.matches(".kern-form-check__checkbox, .kern-form-check__radio")) {
      problems.push(`${input.type} ${input.name} looks like the browser's, not KERN's`);
    }
  }
  for (const option of document.querySelectorAll("option")) {
    if (/^-{3,}$/.test(option.textContent.trim())) {
      problems.push(`the select ${option.parentElement.name} offers "${option.textContent.trim()}"`);
    }
  }
  for (const hint of document.querySelectorAll(".kern-form-check .kern-hint")) {
    const box = hint.getBoundingClientRect();
    if (box.width > 0 && box.width < 120) problems.push(`the hint "${hint.textContent.trim().slice(0, 30)}" is ${Math.round(box.width)}px narrow`);
  }
  return problems;
}
