import subprocess
import sys

import crosswire


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
