"""Item escaping is exactly invertible and renders as typed; YAML quoting reads back exactly;
prose is kept verbatim when it is safe and exactly otherwise."""

from __future__ import annotations

import html
import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from postmortem.markdown.escape import escape_item, unescape_item
from postmortem.markdown.frontmatter import quote
from postmortem.markdown.prose import decode_prose, display, encode_prose
from tests.strategies import item_text, prose_text

FAST = settings(max_examples=300, deadline=None)
# A full CommonMark renderer (raw HTML allowed, as GitHub's parser sees it before sanitising).
COMMONMARK = MarkdownIt("commonmark").enable("table")
_CELL = re.compile(r"<td>(.*?)</td>", re.S)


@FAST
@given(st.one_of(item_text(), st.text()))
def test_escape_item_is_exactly_invertible(text: str) -> None:
    escaped = escape_item(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert unescape_item(escaped) == text


@FAST
@given(item_text())
def test_an_escaped_cell_renders_as_the_typed_text(text: str) -> None:
    rendered = COMMONMARK.render(f"| h |\n| --- |\n| {escape_item(text)} |\n")
    cells = _CELL.findall(rendered)
    assert len(cells) == 1, rendered  # nothing the text holds breaks the one cell
    assert html.unescape(cells[0].replace("<br>", "\n")) == text


@FAST
@given(item_text())
def test_an_escaped_list_item_renders_as_the_typed_text(text: str) -> None:
    rendered = COMMONMARK.render(f"- {escape_item(text)}\n" if text else "-\n")
    assert rendered.startswith("<ul>\n<li>") and rendered.count("<li>") == 1, rendered
    inner = rendered.removeprefix("<ul>\n<li>").removesuffix("</li>\n</ul>\n")
    # Newlines in the HTML are markdown-it's layout (an item that is only `<br>` is an HTML
    # block); the text's own line breaks are the `<br>` tags.
    assert html.unescape(inner.replace("\n", "").replace("<br>", "\n")) == text


def test_ordinary_text_stays_readable_and_greppable() -> None:
    for text in ("payments-api", "DB_POOL_SIZE", "2026-11-03 14:02", "AT&T", "a < b", "a -> b"):
        assert escape_item(text) == text.replace("<", "&lt;")


def test_hostile_text_examples() -> None:
    assert escape_item("a | b") == "a \\| b"
    assert escape_item("## not a heading #") == "\\## not a heading \\#"
    assert escape_item("<script>") == "&lt;script>"
    assert escape_item("  two spaces  ") == "&#32;&#32;two spaces&#32;&#32;"
    assert escape_item("line\nbreak") == "line<br>break"
    assert escape_item("---") == "\\---"
    assert escape_item("`code`") == "\\`code\\`"


@FAST
@given(st.text())
def test_yaml_quote_reads_back_exactly(text: str) -> None:
    loaded = yaml.safe_load(f"key: {quote(text)}\nlist: [{quote(text)}, x]\n")
    assert loaded == {"key": text, "list": [text, "x"]}


@FAST
@given(prose_text())
def test_prose_is_exact_and_verbatim_when_safe(text: str) -> None:
    block = encode_prose(text)
    assert decode_prose(block.split("\n")) == text
    if display(text) == text and "postmortem:exact" not in text:
        assert block == text
    assert all(line == line.rstrip(" \t") for line in block.split("\n"))


def test_prose_that_would_break_the_document_is_made_safe() -> None:
    assert display("Intro\n\n## Details\nMore") == "Intro\n\n### Details\nMore"
    assert display("Title\n=====") == "### Title"
    assert display("```\nnever closed") == "    ```\n    never closed"
    assert display("<!-- never closed") == "    <!-- never closed"
    assert display("kept  \n\n") == "kept"
    assert display("Plain *Markdown* with `code`\n\n- a list") == (
        "Plain *Markdown* with `code`\n\n- a list"
    )


def test_prose_starting_with_a_rule_is_not_taken_for_front_matter() -> None:
    assert display("---\n# Heading one\n---") == "---\n### Heading one\n---"
