"""Field-length caps of every reader, and the one place that applies them.

A field over its cap is almost always damage (an open quote that swallowed
the rest of a CSV file, a title and abstract run together), and an unbounded
text would crash or stall the NLP pipeline (spaCy refuses texts over
1,000,000 characters). So:

- an **abstract** over :data:`MAX_ABSTRACT` characters is cut to that length
  (at the last space before it) and a warning names the file and line;
- any other field over its cap (title, one name, one URL, the arXiv id, the
  number of authors, organisations or URLs, the title and authors of a
  listing's second line)
  makes the record invalid: a ``file:line`` problem.

The caps are documented in ``docs/input-formats.md``.
"""
from __future__ import annotations

#: arXiv allows 1,920 characters (the longest of the 10k corpus has 2,442); the NLP pipeline's
#: time grows faster than the text: 20,000 characters of real abstracts take about 0.2 s, one
#: sentence repeated to 20,000 characters up to 1.5 s, to 100,000 characters 4-11 s
MAX_ABSTRACT = 20_000
MAX_TITLE = 2_000
MAX_NAME = 500  # one author or one organisation
MAX_AUTHORS = 5_000  # collaborations list a few thousand
MAX_ORGS = 1_000
MAX_URL = 2_000
MAX_URLS = 200  # URLs kept per paper; more found in an abstract are dropped with a warning
MAX_ARXIV_ID = 64
MAX_CATEGORY = 16
#: a listing's second line before its " · " organisations: the title and at most three authors
MAX_TITLE_AUTHORS = MAX_TITLE + 3 * MAX_NAME + 20
#: strict mode lists at most this many problems (then "and N more")
MAX_LISTED_PROBLEMS = 20


class TooLong(ValueError):
    """A field is over its cap; ``found`` is a short excerpt, ``expected`` says the cap."""

    def __init__(self, field: str, length: int, cap: int, text: str = "", unit: str = "characters"):
        self.found = f"{text[:40]}... ({length:,} {unit})" if text else f"{length:,} {unit}"
        self.expected = f"at most {cap:,} {unit} in field {field!r} (the limit)"
        super().__init__(f"found {self.found!r}; expected {self.expected}")


def check_length(text: str, field: str, cap: int) -> str:
    """``text`` unchanged, or :class:`TooLong` when it is over ``cap`` characters."""
    if len(text) > cap:
        raise TooLong(field, len(text), cap, text)
    return text


def check_count(items: tuple[str, ...], field: str, cap: int, each: int) -> tuple[str, ...]:
    """``items`` unchanged, or :class:`TooLong` when there are too many or one is too long."""
    if len(items) > cap:
        raise TooLong(field, len(items), cap, unit="entries")
    for item in items:
        check_length(item, field, each)
    return items


def cut_abstract(text: str) -> tuple[str, int | None]:
    """``(text, None)``, or the text cut to :data:`MAX_ABSTRACT` and its original length."""
    if len(text) <= MAX_ABSTRACT:
        return text, None
    cut = text[:MAX_ABSTRACT]
    space = cut.rfind(" ", MAX_ABSTRACT - 1_000)
    return (cut[:space] if space > 0 else cut).rstrip(), len(text)


def cut_warning(where: str, length: int) -> str:
    return (f"{where}: abstract of {length:,} characters cut to {MAX_ABSTRACT:,} "
            "(the limit of one abstract; see docs/input-formats.md)")
