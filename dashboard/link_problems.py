"""Problems with a link's filters and view settings: English text everywhere, and the same
message in the viewer's language where a page shows it.

(Not the import's row problems: those are dashboard.ingest.problems.Problem.)
A `LinkProblem` is a `str` (the English sentence), so the API, the command line and every caller
that joins, prints or compares problems see plain text. It also keeps its message id and values,
so the filter notice can say it in Russian. Message ids are marked with `N_` for extraction.
"""

from __future__ import annotations

from dashboard.i18n import N_, translate  # noqa: F401 (N_ re-exported: the extractor's keyword)


class LinkProblem(str):
    msgid: str
    params: dict[str, object]

    def __new__(cls, msgid: str, **params: object) -> LinkProblem:
        problem = super().__new__(cls, msgid % params)
        problem.msgid = msgid
        problem.params = params
        return problem

    def __reduce__(self):  # pickled (e.g. by a cache) as what it is
        return (_rebuild, (self.msgid, self.params))

    def translated(self, lang: str) -> str:
        return translate(self.msgid, lang) % self.params


def _rebuild(msgid: str, params: dict) -> LinkProblem:
    return LinkProblem(msgid, **params)


def in_language(problem: str, lang: str) -> str:
    """A problem in a language: LinkProblems are translated, any other text is shown as it is."""
    return problem.translated(lang) if isinstance(problem, LinkProblem) else problem
