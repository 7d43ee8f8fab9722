// Material's search box reacts to key events only, so text that arrives without a
// key (a paste from the context menu, an input method's commit, dictation) was not
// searched. Each such input is passed on as the key event Material listens for.
document.addEventListener("input", (event) => {
  const box = event.target;
  if (box instanceof HTMLInputElement && box.matches("[data-md-component=search-query]")) {
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
});
