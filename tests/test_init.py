import subprocess
import sys
from pathlib import Path

import crosswire
import crosswire.pipeline


def test_every_public_name_resolves() -> None:
    for name in crosswire.__all__:
        assert getattr(crosswire, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        crosswire.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_package_does_not_load_the_extractors() -> None:
    code = "import sys, crosswire; print('trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_importing_the_package_does_not_load_the_models() -> None:
    code = "import sys, crosswire; print(sorted({'spacy', 'torch'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_extract_and_annotate_are_callable_stage_packages() -> None:
    code = (
        "import crosswire.extract.textmode as textmode, crosswire, inspect; "
        "from crosswire.annotate import annotator; "
        "print(callable(crosswire.extract), callable(crosswire.annotate), textmode.__name__, "
        "crosswire.annotate.annotator is annotator, "
        "list(inspect.signature(crosswire.annotate).parameters)[:2])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().split(maxsplit=4) == [
        "True", "True", "crosswire.extract.textmode", "True", "['articles', 'processes']"
    ]  # fmt: skip


def test_calling_a_stage_package_runs_its_function(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("A headline\n\nA sentence long enough to be the body of an article.\n")
    assert crosswire.extract([page]) == crosswire.pipeline.extract([page])


def test_the_version_is_the_installed_package_version() -> None:
    from importlib import metadata

    assert metadata.version("crosswire") == crosswire.__version__


def test_the_package_says_it_is_typed() -> None:
    from importlib import resources

    assert resources.files("crosswire").joinpath("py.typed").is_file()
