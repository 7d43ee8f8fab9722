// The decision table at the reader's own case. The checker's fallback link carries the
// answers in the fragment (#membership=gold&product=azure&...), as its share link
// does. On the index (sitebuild/pages/decision_pages.py renders `data-case` on each link:
// question -> the labels of the option groups that case covers; the index's
// `data-decision-cases` gives the options of each group of several) we follow the link
// whose case matches; on a case page we mark the reader's path through the tree and scroll to it.
// Without JavaScript both pages are plain lists of links.

import { isAnswerFragment, linkAnswers } from "./fragment.js";

// A case covers an answer when every chosen option is in one of its groups and every
// group has one of them (a competency of each class it names).
function covers(groups, chosen) {
  if (!chosen || !chosen.length) return false;
  return chosen.every((value) => groups.some((group) => group.includes(value)))
    && groups.every((group) => group.some((member) => chosen.includes(member)));
}

// The cases that agree with every answer given so far (a question the reader has not
// answered yet agrees with any case).
function agreeing(links, answers, grouped) {
  const options = (question, label) => grouped[question]?.[label] || [label];
  return links.filter((link) => Object.entries(JSON.parse(link.dataset.case))
    .every(([question, labels]) => !answers.get(question)?.length
      || covers(labels.map((label) => options(question, label)), answers.get(question))));
}

// One case: open it. Several (the reader stopped before answering all the questions
// that split the table): mark them, and show the first.
function followCase(index, answers, hash) {
  const links = agreeing([...index.querySelectorAll("a[data-case]")], answers, JSON.parse(index.dataset.decisionCases || "{}"));
  if (links.length === 1) {
    location.replace(links[0].href.split("#")[0] + hash);
    return;
  }
  if (links.length === [...index.querySelectorAll("a[data-case]")].length) return;
  for (const link of links) link.closest("li").classList.add("guide-on-path");
  links[0]?.scrollIntoView({ block: "center" });
}

// The deepest item of the tree on the reader's path, or null.
function pathEnd(tree, answers) {
  let level = tree;
  let found = null;
  for (;;) {
    const next = [...level.children].find((item) => {
      const chosen = answers.get(item.dataset.q);
      return chosen && chosen.every((value) => item.dataset.a.split(" ").includes(value));
    });
    if (!next) return found;
    next.classList.add("guide-on-path");
    found = next;
    const inner = next.querySelector(":scope > ul");
    if (!inner) return found;
    level = inner;
  }
}

export function route() {
  const hash = location.hash;
  if (!isAnswerFragment(hash)) return;
  const answers = linkAnswers(hash);
  const index = document.querySelector("[data-decision-cases]");
  if (index) return followCase(index, answers, hash);
  const tree = document.querySelector(".guide-decision-tree");
  const end = tree && pathEnd(tree, answers);
  if (end) end.scrollIntoView({ block: "center" });
}
