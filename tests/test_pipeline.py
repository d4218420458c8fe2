from pathlib import Path

from crosswire.model import Article, InputFailure
from crosswire.pipeline import extract_all
from tests.pages import APPEAL_DUMP, BROWSER_DUMP


def test_every_input_gives_one_result_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BROWSER_DUMP, encoding="utf-8")
    (tmp_path / "b.txt").write_text(APPEAL_DUMP, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    seen: list[str] = []
    inputs = [str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "b.txt")]
    inputs.append(str(tmp_path / "empty.txt"))
    results = extract_all(inputs, on_item=seen.append)
    assert [type(r) for r in results] == [Article, InputFailure, Article, InputFailure]
    assert [r.source for r in results] == inputs
    assert seen == inputs
    assert "earth embankment" in results[0].text  # type: ignore[union-attr]
    assert "no such file" in results[1].message.lower()  # type: ignore[union-attr]


def test_a_folder_expands_to_its_pages(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(APPEAL_DUMP, encoding="utf-8")
    (tmp_path / "a.txt").write_text(BROWSER_DUMP, encoding="utf-8")
    results = extract_all([str(tmp_path)])
    assert len(results) == 2
    assert all(isinstance(r, Article) and r.text for r in results)
