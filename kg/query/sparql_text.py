"""Checks on user SPARQL text (size, nesting, dataset clauses, cartesian products, syntax-error hints).

The tokenizer, the query form and safe ``VALUES`` injection are in :mod:`kg.store.sparql_lex`
(sources need them to bind parameters) and are re-exported here.

These work on tokens (comments, strings and IRIs are skipped), never on raw
substrings, so a keyword inside a string or a comment is not mistaken for one.
Parameter values are always turned into SPARQL terms by :func:`sparql_term`,
which escapes the lexical form; user text is never formatted into a query.
"""
from __future__ import annotations

import re

from kg.errors import QueryError
# the tokenizer and parameter binding live below the store (sources bind parameters with them)
from kg.store.sparql_lex import (  # noqa: F401 - re-exported: query_form, inject_values, ... are used from here
    _TOKEN, QUERY_FORMS, UPDATE_KEYWORDS, Token, _keywords, _where_brace, inject_values, query_form, sparql_term,
    tokens, uses_service, values_clause,
)

MAX_QUERY_CHARS = 100_000
MAX_NESTING = 64
_OPEN, _CLOSE = "({[", ")}]"


def check_query_text(text: str, max_chars: int = MAX_QUERY_CHARS, max_depth: int = MAX_NESTING) -> None:
    """Refuse (QueryError) a query longer than ``max_chars`` or nested deeper than ``max_depth``.

    Run before the engine sees the text: a deep nesting of braces, brackets or parentheses
    overflows the stack of pyoxigraph's recursive parser (a crash, not an error).
    """
    if len(text) > max_chars:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {max_chars:,}")
    depth = 0
    for m in _TOKEN.finditer(text):
        if m.lastgroup != "punct":
            continue
        c = m.group()
        if c in _OPEN:
            depth += 1
            if depth > max_depth:
                line = text.count("\n", 0, m.start()) + 1
                raise QueryError(f"the query nests brackets, braces or parentheses deeper than {max_depth} "
                                 f"levels (line {line}); flatten it")
        elif c in _CLOSE:
            depth = max(depth - 1, 0)


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset (``FROM`` or ``FROM NAMED`` at the top level)."""
    return any(t.depth == 0 and t.kind == "name" and t.text.upper() == "FROM" for t in tokens(text))


_GROUP_WORDS = {"OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE", "EXISTS", "NOT", "SELECT"}
_NON_TRIPLE = {"FILTER", "BIND", "VALUES"}


def is_cartesian(text: str) -> bool:
    """Whether the top-level WHERE pattern is a plain group of triple patterns that share no
    variables between two or more parts (a cartesian product: its size multiplies)."""
    try:
        start = _where_brace(text)
    except QueryError:
        return False
    parts: list[set[str]] = [set()]
    skip = False
    for t in tokens(text):
        if t.start <= start:
            continue
        if t.depth == 0:
            break  # the closing brace
        if t.depth > 1 or t.text == "{" or (t.kind == "name" and t.text.upper() in _GROUP_WORDS):
            return False  # nested groups: not judged
        if t.kind == "name" and t.text.upper() in _NON_TRIPLE:
            skip = True
        elif t.text == ".":
            parts.append(set())
            skip = False
        elif t.kind == "var" and not skip:
            parts[-1].add(t.text[1:])
    groups: list[set[str]] = []
    for vs in (p for p in parts if p):
        joined = [g for g in groups if g & vs]
        merged = set(vs).union(*joined)
        groups = [g for g in groups if not g & vs] + [merged]
    return len(groups) > 1


def _token_at(text: str, offset: int) -> Token | None:
    last = None
    for t in tokens(text):
        if t.start >= offset:
            return t if last is None or t.start == offset else last
        last = t
    return last


def _unclosed(text: str) -> tuple[str, int] | None:
    """The innermost bracket left open at the end of ``text`` (or a stray closer), with its offset."""
    stack: list[Token] = []
    pairs = {")": "(", "}": "{", "]": "["}
    for t in tokens(text):
        if t.kind != "punct":
            continue
        if t.text in "({[":
            stack.append(t)
        elif t.text in pairs:
            if not stack or stack[-1].text != pairs[t.text]:
                return t.text, t.start
            stack.pop()
    return (stack[-1].text, stack[-1].start) if stack else None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def explain_syntax_error(text: str, message: str) -> str:
    """A syntax error from pyoxigraph ("error at 2:10: expected one of LATERAL, ...") in plain words,
    with the line and a caret under the position."""
    m = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not m:
        return f"SPARQL error: {message}"
    line, col, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = text.split("\n")
    offset = sum(len(x) + 1 for x in lines[:line - 1]) + col - 1
    if "Prefix not found" in detail:
        tok = _token_at(text, offset)
        prefix = tok.text.split(":", 1)[0] if tok is not None and ":" in tok.text else "this"
        words = f"the prefix '{prefix}:' is not declared; add PREFIX {prefix}: <...> at the top"
    elif "variable that is unbound" in detail:
        words = "with GROUP BY, SELECT may only name grouped variables or aggregates like (COUNT(?x) AS ?n)"
    elif detail.startswith('expected one of "\\""') or 'expected "\\""' in detail:
        words = "a string is not closed (a quote is missing)"
    elif (bad := _unclosed(text)) is not None and (offset >= len(text.rstrip()) or bad[0] in ")}]"):
        bl, bc = _line_col(text, bad[1])
        words = (f"'{bad[0]}' at line {bl}, column {bc} closes nothing" if bad[0] in ")}]"
                 else f"the '{bad[0]}' opened at line {bl}, column {bc} is never closed")
    elif (first := next(_keywords(text), None)) is not None and first.text.upper() not in (
            *QUERY_FORMS, *UPDATE_KEYWORDS, "PREFIX", "BASE"):
        words = f"a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX lines), not '{first.text}'"
        line, col = _line_col(text, first.start)
    elif offset >= len(text.rstrip()):
        last = _token_at(text, len(text))
        if last is not None and last.text in ")}]":
            line, col = _line_col(text, last.start)
            words = (f"something is missing before this '{last.text}' (a triple pattern needs a subject, "
                     "a predicate and an object)")
        else:
            words = "the query ends too early"
    elif (one := re.fullmatch(r'expected "([^"]+)"', detail.strip())) is not None:
        words = f"'{one.group(1)}' is missing here"
    else:
        tok = _token_at(text, offset)
        words = f"'{tok.text[:40]}' is not expected here" if tok is not None else "the query does not parse here"
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * (len(str(line)) + 3 + max(col - 1, 0)) + "^"
    return f"SPARQL syntax error at line {line}, column {col}: {words}\n{line} | {shown}\n{caret}"


def looks_expensive(text: str) -> bool:
    """A guess, before running, that a query is long: a cartesian product, a property path closure
    (``*`` / ``+``) from a variable subject, or a FILTER over a lone pattern of three variables (a scan
    of every triple). ``kg serve`` runs such queries in its lane for long queries."""
    if is_cartesian(text):
        return True
    toks = list(tokens(text))
    starts: list[int] = []  # where each triple pattern (or FILTER, BIND, ...) begins
    seen_filter = False
    for i, t in enumerate(toks):
        if t.depth == 0:
            continue
        prev = toks[i - 1]
        if prev.text in ("{", ".", "}"):
            starts.append(i)
        if t.kind == "name" and t.text.upper() == "FILTER":
            seen_filter = True
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if (t.kind == "punct" and t.text in "*+" and starts and toks[starts[-1]].kind == "var"
                and (prev.kind == "iri" or (prev.kind == "name" and (":" in prev.text or prev.text == "a"))
                     or (prev.text == ")" and nxt is not None and nxt.kind in ("var", "iri")))):
            return True
    triples = [i for i in starts if toks[i].kind in ("var", "iri") or ":" in toks[i].text]
    return (seen_filter and len(triples) == 1
            and [x.kind for x in toks[triples[0]:triples[0] + 3]] == ["var", "var", "var"])
