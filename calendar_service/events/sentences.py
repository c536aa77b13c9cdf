"""Sentence and clause boundaries with character offsets (spans stay valid in Article.text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_words = str.split  # a word list written as prose

_ABBREVIATIONS = frozenset(_words("""
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mr Mrs Ms Dr St Gen Lt Col Sen Rep Gov
Prof Jr Sr No vs U.S U.K U.N E.U Inc Co Corp Ltd
"""))
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?(?=\s+[\"'“‘(]?[A-Z0-9])|\n+")
# ", which ..." / ", where ..." continue the clause of the noun they describe
_CLAUSE_MARK = re.compile(r",(?!\s+(?:which|where)\b)|;|:|\s[-–—]{1,2}\s|\(|\)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str

    def clause_marks(self, protected: list[tuple[int, int]]) -> list[int]:
        """Absolute offsets of clause boundaries, ignoring commas inside time phrases
        ("September 9 and 10, 2023") and between digits."""
        marks = []
        for match in _CLAUSE_MARK.finditer(self.text):
            position = self.start + match.start()
            if any(s <= position < e for s, e in protected):
                continue
            marks.append(position)
        return marks


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0).startswith("."):
            word = re.search(r"([\w.]+)$", text[start:match.start()])
            if word and word.group(1).rstrip(".") in _ABBREVIATIONS:
                continue
        end = match.end() if not match.group(0).startswith("\n") else match.start()
        _append(sentences, text, start, end)
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))
