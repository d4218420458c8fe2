"""Outlet furniture: the lines an outlet repeats on every page, learnt from its pages."""

from crosswire.extract.outlet_furniture import learn_templates, page_lines
from crosswire.model import Page
from tests.conftest import text_page
from tests.pages import BROWSER_DUMP


def _sibling(title: str, body: str) -> str:
    """Another page of the same invented outlet: same menus and footer, another article."""
    head, _, _ = BROWSER_DUMP.partition("River Osta bursts")
    return f"{head}{title}\n\n{body}\n\nAll rights reserved to Lakeside Herald\n"


def test_lines_shared_by_an_outlets_pages_are_template() -> None:
    a = text_page(
        BROWSER_DUMP, "a.txt", url="https://www.lakeside-herald.example/2026/02/14/floods"
    )
    b = text_page(
        _sibling("Ferry timetable changes", "The ferry will run every hour from April onwards."),
        "b.txt",
        url="https://lakeside-herald.example/2026/03/01/ferry",
    )
    templates = learn_templates([a, b])
    assert "all rights reserved to lakeside herald" in templates["a.txt"]
    assert "weather" in templates["a.txt"]
    assert not any("embankment" in line for line in templates["a.txt"])
    assert "the ferry will run every hour from april onwards" not in templates["b.txt"]


def test_pages_without_address_group_by_shared_lines() -> None:
    a = text_page(BROWSER_DUMP, "a.txt")
    b = text_page(_sibling("Ferry timetable changes", "The ferry runs hourly."), "b.txt")
    c = text_page("Another outlet entirely.\nWith its own two lines.", "c.txt")
    templates = learn_templates([a, b, c])
    assert "all rights reserved to lakeside herald" in templates["b.txt"]
    assert "c.txt" not in templates


def test_two_copies_of_one_page_teach_nothing() -> None:
    a = text_page(BROWSER_DUMP, "a.txt", url="https://lakeside-herald.example/x")
    b = text_page(BROWSER_DUMP, "b.txt", url="https://lakeside-herald.example/y")
    assert learn_templates([a, b]) == {"a.txt": frozenset(), "b.txt": frozenset()}


def test_html_pages_are_not_template_learned() -> None:
    page = Page(source="p.html", content="<p>x</p>", kind="html")
    assert page_lines(page) == frozenset()
    assert learn_templates([page]) == {}
