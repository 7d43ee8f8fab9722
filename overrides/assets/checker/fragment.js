// Answers in the URL fragment, so a result can be bookmarked or shared:
//   #v=<rules version>&membership=gold&competencies=security,data-analytics
// Reading never trusts the fragment: the caller keeps only ids its form offers.

const VERSION_KEY = "v";

export function readFragment(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const answers = new Map();
  let version = null;
  for (const [key, value] of params) {
    if (key === VERSION_KEY) {
      version = value;
    } else {
      answers.set(key, value.split(",").map((v) => v.trim()).filter(Boolean));
    }
  }
  return { version, answers };
}

// Only the questions that have an answer; commas stay readable in the link.
export function writeFragment(version, answers) {
  const parts = [`${VERSION_KEY}=${encodeURIComponent(version)}`];
  for (const [question, values] of Object.entries(answers)) {
    const list = Array.isArray(values) ? values : [values];
    if (list.length) parts.push(`${encodeURIComponent(question)}=${list.map(encodeURIComponent).join(",")}`);
  }
  return "#" + parts.join("&");
}

// True when the fragment is ours (holds answers or a version), not a heading anchor.
export function isAnswerFragment(hash) {
  return /^#?(v|[a-z][a-z0-9-]*)=/.test(hash);
}
