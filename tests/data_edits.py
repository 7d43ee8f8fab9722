"""Additions to the data that several tests make, written once."""

# A notice no page string names yet: `check` and the build ask for its page string, and
# `diff` lists it with the answers it changes.
NEW_NOTICE = """
  - id: copy-ids-again
    level: action
    section: activation-errors
    when: {question: error, is: not-authorized}
    text:
      en: Copy the Access ID and Contract ID again.
      ja: Access ID と Contract ID をもう一度コピーしてください。
"""
