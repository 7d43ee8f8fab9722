// "Your answers" (each asked question with its answer and a change link) and the step
// indicator. Both are drawn from the engine's result: `asked` says which answers count,
// `progress` how many questions can still come (a range: it depends on the answers).

import { el, fill } from "./render.js";

export function legendOf(fieldset) {
  return fieldset.querySelector("legend").textContent;
}

export function chosenNames(fieldset) {
  return [...fieldset.querySelectorAll("input:checked")]
    .map((input) => input.closest("label").querySelector(".checker-option-name").textContent);
}

// `fieldsets`: question id -> fieldset. Returns the list's rows, asked order.
export function renderAnswers(section, result, fieldsets, words) {
  const rows = [];
  for (const question of result.asked) {
    const fieldset = fieldsets.get(question);
    const names = fieldset ? chosenNames(fieldset) : [];
    if (!names.length) continue;
    const change = el("a", { href: `#${fieldset.id}`, className: "checker-change", "data-question": question }, [
      words["widget-change"],
      el("span", { className: "checker-visually-hidden", text: " " + fill(words["widget-change-detail"], { question: legendOf(fieldset) }) }),
    ]);
    rows.push(el("div", { className: "checker-answer", "data-question": question }, [
      el("dt", { text: legendOf(fieldset) }),
      el("dd", {}, [el("span", { className: "checker-answer-value", text: names.join(words["list-separator"]) }), " ", change]),
    ]));
  }
  section.querySelector("#checker-answers-list").replaceChildren(...rows);
  section.hidden = rows.length === 0;
  return rows.length;
}

// "Question 3 of 5 to 8" on the next question; "All 7 questions answered" when done.
export function stepText(progress, words) {
  const { answered, fewest_left: fewest, most_left: most } = progress;
  if (!fewest) return fill(words["widget-step-done"], { count: answered });
  const step = answered + 1;
  if (fewest === most) return fill(words["widget-step"], { step, total: answered + most });
  return fill(words["widget-step-range"], { step, fewest: answered + fewest, most: answered + most });
}

export function showStep(root, fieldsets, result, words) {
  for (const [question, fieldset] of fieldsets) {
    const line = fieldset.querySelector(".checker-step");
    const here = question === result.next && result.progress;
    line.hidden = !here;
    line.textContent = here ? stepText(result.progress, words) : "";
  }
  const done = root.querySelector("#checker-answers-step");
  done.textContent = result.complete && result.progress ? stepText(result.progress, words) : "";
}
