"""Rules engine of the guide: the programme's rules, read from its data.

Standard library only: the same modules run at build time under CPython and in the
reader's browser under Pyodide. They take already-parsed data (dicts), never YAML.

    programme = load(documents, locations)      # validate, then build the model
    result = evaluate(programme, answers, lang) # the contract's result dict
"""

from checker.problems import AnswerError, DataErrors, Problem
from checker.loading import load
from checker.engine import evaluate

__all__ = ["AnswerError", "DataErrors", "Problem", "evaluate", "load"]
