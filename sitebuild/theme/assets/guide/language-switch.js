// The language switcher takes the address's fragment along: the checker's answers
// (ids, the same in every language) or a heading's anchor (pages set explicit ids, the
// same in every language). Set just before the link is used: by pointer, keyboard or a
// script's click, so the answers given last are the ones carried.

const SWITCHER = "a[data-keeps-fragment]";

function carry(event) {
  const link = event.target instanceof Element ? event.target.closest(SWITCHER) : null;
  if (link) link.hash = location.hash;
}

for (const type of ["pointerdown", "focusin", "click"]) document.addEventListener(type, carry, true);
