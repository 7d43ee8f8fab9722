// Draws a result (the engine's dict) with DOM calls only: every text from data goes
// through textContent, every link through safeHref. The words come from the page
// (strings rendered at build time in the page's language).

// Own properties only: "{constructor}" or "{__proto__}" in a string stays as written,
// it never reaches what every JavaScript object inherits.
export function fill(template, values) {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// Only http(s) links leave the site; anything else (javascript:, data:) is dropped.
function safeHref(url) {
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

// `page`/`anchor` are relative to the language root; `root` leads there from this page.
// The form's own section links are written so too (checker_form.py section_href).
export function sectionHref(root, item) {
  if (item.page === undefined || item.page === null) return null;
  return root + item.page + (item.anchor ? "#" + item.anchor : "");
}

function sectionLink(root, item, words, template = "{section}") {
  const href = sectionHref(root, item);
  if (!href) return null;
  return el("a", { href, className: "checker-section-link", text: fill(template, { section: item.section_title }) });
}

export function renderResult(body, result, words, root) {
  const parts = [
    result.complete ? null : el("p", { className: "checker-incomplete", text: words["widget-result-incomplete"] }),
    entitlements(result, words),
    route(result, words, root),
    alternatives(result, words, root),
    notices(result, words, root),
    why(result, words, root),
  ];
  body.replaceChildren(...parts.filter(Boolean));
}

function entitlements(result, words) {
  const items = result.entitlement_detail || [];
  if (!items.length) return null;
  const list = el("ul", { className: "checker-entitlements" },
    items.map((e) => el("li", { "data-benefit": e.id }, [el("strong", { text: e.name }), " ", el("span", { text: e.text })])));
  return el("div", { className: "checker-block" }, [el("h3", { text: words["widget-entitlements-heading"] }), list]);
}

function route(result, words, root) {
  const detail = result.route_detail;
  if (!detail) return null;
  return el("div", { className: "checker-block checker-route", "data-route": result.route }, [
    el("h3", { text: words["widget-route-heading"] }),
    ...routeParts(detail, words, root, "md-button md-button--primary"),
  ]);
}

// The name and summary, the steps, the portal button and the guide's section.
function routeParts(detail, words, root, buttonClass) {
  const steps = el("ol", { className: "checker-steps" }, detail.steps.map((s) => el("li", { text: s })));
  const href = detail.url ? safeHref(detail.url) : null;
  const links = el("p", { className: "checker-links" }, [
    href ? el("a", { href, className: buttonClass, rel: "noopener", target: "_blank", text: fill(words["widget-open-portal"], { name: detail.name }) }) : null,
    " ",
    sectionLink(root, detail, words, words["widget-read-section"]),
  ]);
  return [el("p", {}, [el("strong", { text: detail.name }), " — ", detail.summary]), steps, links];
}

// Other routes that also work for these answers, best first.
function alternatives(result, words, root) {
  const items = result.alternative_detail || [];
  if (!items.length) return null;
  return el("div", { className: "checker-block checker-alternatives" }, [
    el("h3", { text: words["widget-alternatives-heading"] }),
    ...items.map((detail) => el("div", { className: "checker-alternative", "data-route": detail.id },
      routeParts(detail, words, root, "md-button"))),
  ]);
}

function notices(result, words, root) {
  const items = result.notice_detail || [];
  if (!items.length) return null;
  const list = el("ul", { className: "checker-notices" }, items.map((n) =>
    el("li", { className: `checker-notice checker-notice--${n.level}`, "data-notice": n.id }, [
      el("span", { text: n.text }), " ", sectionLink(root, n, words, words["widget-read-section"]),
    ])));
  return el("div", { className: "checker-block" }, [el("h3", { text: words["widget-notices-heading"] }), list]);
}

function why(result, words, root) {
  const items = result.why || [];
  if (!items.length) return null;
  const names = new Map([
    ...(result.alternative_detail || []).map((r) => [`alternative:${r.id}`, r.name]),
    ...(result.entitlement_detail || []).map((e) => [`entitlement:${e.id}`, e.name]),
  ]);
  const list = el("ul", { className: "checker-why" }, items.map((w) =>
    el("li", { "data-kind": w.kind }, [el("span", { text: whyLabel(w, words, names) }), " — ", sectionLink(root, w, words)])));
  return el("div", { className: "checker-block checker-why-block" }, [el("h3", { text: words["widget-why-heading"] }), list]);
}

function routeName(id, names) {
  return names.get(`alternative:${id}`) || id;
}

// `names` maps "kind:id" to the words the result already holds for that rule.
function whyLabel(entry, words, names) {
  const name = names.get(`${entry.kind}:${entry.id}`);
  if (entry.kind === "entitlement") return fill(words["widget-why-entitlement"], { benefit: name || entry.id, because: entry.because });
  if (entry.kind === "route") return fill(words["widget-why-route"], { because: entry.because });
  if (entry.kind === "alternative") return fill(words["widget-why-alternative"], { name: routeName(entry.id, names), because: entry.because });
  return fill(words["widget-why-notice"], { section: entry.section_title || name || entry.id, because: entry.because });
}

// Options the rules do not offer for the answers above: disabled, with the reason.
// True when a kept (checked) answer is enabled again.
export function markUnavailable(form, unavailable, words) {
  const reasons = new Map(unavailable.map((u) => [`${u.question}=${u.option}`, u.reason]));
  let returned = false;
  for (const input of form.querySelectorAll("input")) {
    const reason = reasons.get(`${input.name}=${input.value}`);
    const label = input.closest("label");
    let note = label.querySelector(".checker-option-unavailable");
    returned ||= input.disabled && input.checked && reason === undefined;
    input.disabled = reason !== undefined;
    label.classList.toggle("checker-option--unavailable", reason !== undefined);
    if (reason === undefined) {
      if (note) note.remove();
      continue;
    }
    if (!note) label.append(note = Object.assign(document.createElement("span"), { className: "checker-option-unavailable" }));
    note.textContent = fill(words["widget-not-offered"], { reason });
  }
  return returned;
}
