"""Rendering HTML as a reader sees it: blocks of text, hidden elements left out, links measured."""

from __future__ import annotations

from lxml.html import document_fromstring

from crosswire.extract.htmlrender import render


def test_rendering_drops_hidden_and_breaks_lines() -> None:
    root = document_fromstring(
        "<html><body><p>one<br>two</p><div hidden>secret</div>"
        "<p style='display: none'>gone</p><p>three <b>bold</b> four</p></body></html>"
    )
    text, blocks = render(root)
    assert text == "one\ntwo\nthree bold four"
    assert [b.context for b in blocks] == ["text"] * 3


def test_link_share_of_rendered_blocks() -> None:
    root = document_fromstring(
        "<html><body><p><a href='/a'>Harbour news</a> <a href='/b'>Council</a></p>"
        "<p>The ferry runs again, the <a href='/c'>council</a> said on Tuesday evening.</p>"
        "</body></html>"
    )
    _, blocks = render(root)
    assert blocks[0].link_share > 0.9
    assert blocks[1].link_share < 0.2
