"""`crosswire serve` as a real process: a crash (server and worker killed at once with SIGKILL
in the middle of the queue) loses no page and stores none twice once it is started again; SIGTERM
stops the server and its worker; a desk on the network needs a token, and the API asks for it.

Every page here is invented: fictional towns, people and outlets.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from crosswire.store.desk import Desk
from tests.web.browser import (
    STOP_SECONDS,
    children_of,
    free_port,
    jobs,
    pid_alive,
    poll,
    serve,
    serve_command,
    serving,
    wait_for_jobs,
)

# Eight invented pages, each a headline and three short paragraphs, from eight invented outlets.
PAGES = [
    (
        "Norrow Tribune",
        "Norrow council buys three electric buses for the hill routes",
        "The town council of Norrow agreed on Monday to buy three electric buses for its steep "
        "hill routes, the council's transport chair Edda Vinn said.",
        '"The old diesel buses struggle on Kestrel Hill every winter," Edda Vinn told the meeting.',
        "The buses will cost 1.8 million crowns and should arrive before next autumn.",
    ),
    (
        "Saltmere Gazette",
        "Saltmere lighthouse keeper retires after forty-one years",
        "Corwin Hale, the last keeper of the Saltmere lighthouse, retired on Friday after "
        "forty-one years of climbing its 212 steps.",
        '"I never once missed lighting the lamp," said Corwin Hale at a party in the harbour.',
        "The lighthouse will be run from the port office from now on, the harbour board said.",
    ),
    (
        "Vellin Courier",
        "Vellin school wins national chess title for the first time",
        "Pupils of the Vellin upper school won the national schools chess championship on Sunday, "
        "beating the defending champions from Ardel in the final round.",
        '"They practised every lunch break for a year," said their coach, Mila Dorrance.',
        "The team of six will represent the country at the continental finals in the spring.",
    ),
    (
        "Ostrand Daily",
        "Ostrand market hall reopens with forty new stalls",
        "The covered market hall of Ostrand reopened on Saturday after an eight-month rebuild, "
        "with forty new stalls for farmers and bakers.",
        '"The roof no longer leaks on the cheese sellers," said the market manager, Piet Arundel.',
        "The hall will open six days a week, from seven in the morning until two in the afternoon.",
    ),
    (
        "Brisk Valley News",
        "Brisk Valley dam holds after a week of record rain",
        "The Brisk Valley dam held through a week of record rainfall, the regional water board "
        "said on Thursday, after engineers opened two spillways to ease the pressure.",
        '"The dam did exactly what it was built to do," said the board\'s engineer, Halla Strom.',
        "Farmers downstream were told to keep livestock away from the riverbanks until Monday.",
    ),
    (
        "Tamsin Herald",
        "Tamsin opens its first public observatory on Crane Ridge",
        "The town of Tamsin opened a public observatory on Crane Ridge on Wednesday, with a "
        "telescope donated by a retired astronomer, Oskar Lindqvell.",
        '"Everyone should see the rings of Saturn once," said Oskar Lindqvell at the opening.',
        "The observatory will be open to visitors on clear evenings from Thursday to Sunday.",
    ),
    (
        "Greywater Post",
        "Greywater ferry crew rescues four kayakers in a storm",
        "The crew of the Greywater ferry rescued four kayakers from the estuary on Tuesday after "
        "a sudden storm overturned their boats near Gull Point.",
        '"We saw the red jackets in the waves and turned at once," said the captain, Ines Morrow.',
        "All four kayakers were taken to the Greywater clinic and were released the same evening.",
    ),
    (
        "Pellham Review",
        "Pellham library lends its millionth book",
        "The public library of Pellham lent its millionth book on Monday, a cookery book borrowed "
        "by a retired teacher, Agathe Sorel.",
        '"I only came in for a recipe for plum cake," said Agathe Sorel, who was given a medal.',
        "The library was founded sixty years ago and now lends about forty thousand books a year.",
    ),
]
KILL_SECONDS = 180.0  # until one page is stored while others wait: the first loads spaCy


def page_text(page: tuple[str, ...]) -> str:
    _outlet, headline, *paragraphs = page
    return "\n\n".join([headline, *paragraphs]) + "\n"


def page_url(number: int) -> str:
    return f"https://invented.example/{number}"


def outlived(pids: list[int], grace: float = 2.0) -> list[int]:
    """The processes of `pids` still running `grace` seconds after their server exited (the
    moment init may take to reap them, no more)."""
    ends = time.monotonic() + grace
    while (left := [pid for pid in pids if pid_alive(pid)]) and time.monotonic() < ends:
        time.sleep(0.05)
    return left


def _ingest_states(listed: list[dict]) -> dict[int, str]:
    return {j["id"]: j["state"] for j in listed if j["kind"] == "ingest"}


def test_a_crash_loses_no_page_and_stores_none_twice(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    served = serve(db)
    try:
        queued = []
        for number, page in enumerate(PAGES):
            answer = served.post(
                "/api/ingest",
                json={"text": page_text(page), "url": page_url(number), "outlet": page[0]},
            )
            assert answer.status_code == 202, answer.text
            queued += answer.json()["jobs"]
        assert len(set(queued)) == len(PAGES)
        workers = poll("the worker to start", served.worker_pids, 30)

        def midway() -> dict[int, str] | None:
            states = _ingest_states(jobs(served))
            stored = [i for i in queued if states.get(i) == "done"]
            waiting = [i for i in queued if states.get(i) in ("queued", "running")]
            assert waiting, f"every page was read before the crash could happen: {states}"
            return states if stored else None

        before = poll("one page stored, others waiting", midway, KILL_SECONDS, every=0.05)
        served.kill_group()  # server and worker at once: SIGKILL to the process group
    finally:
        served.stop()
    assert served.process.returncode == -signal.SIGKILL
    poll("the killed worker to be gone", lambda: not any(map(pid_alive, workers)), 10)
    assert any(state != "done" for state in before.values())

    restarted = serve(db)  # the same store: the queue is taken up where it stopped
    try:
        listed = wait_for_jobs(restarted)
        states = _ingest_states(listed)
        assert sorted(states) == sorted(queued), "an ingest job was lost"
        assert all(j["state"] == "done" for j in listed), listed
        workers = restarted.worker_pids()
        assert workers, "the restarted server runs no worker"
        found = restarted.get("/api/search", params={"q": "Agathe Sorel"}).json()["items"]
        assert len(found) == 1, found
    finally:
        code = restarted.stop(leftovers=True)
        alive = outlived(workers, grace=STOP_SECONDS)  # see the next test for the grace
        restarted.kill_group()
    assert code in (0, -signal.SIGTERM), restarted.output()
    assert not alive, "the worker outlived its server"

    with Desk(db) as desk:
        stored = desk.articles(all_versions=True)
    urls = sorted(a.url or "" for a in stored)
    assert urls == sorted(page_url(n) for n in range(len(PAGES))), urls  # each once, none lost
    titles = [a.title or "" for a in stored]
    assert sorted(titles) == sorted(p[1] for p in PAGES), titles
    assert all(a.is_current and a.version == 1 for a in stored)


def test_sigterm_stops_the_server_and_its_worker(tmp_path: Path) -> None:
    """SIGTERM while the worker reads a page: the server stops its worker (which finishes the
    page first) and exits; no worker is left running without its server."""
    served = serve(tmp_path / "desk.db")
    try:
        workers = poll("the worker to start", served.worker_pids, 30)
        for number, page in enumerate(PAGES[:3]):
            body = {"text": page_text(page), "url": page_url(number), "outlet": page[0]}
            assert served.post("/api/ingest", json=body).status_code == 202

        def running() -> int | None:
            states = _ingest_states(jobs(served))
            return next((i for i, state in states.items() if state == "running"), None)

        job = poll("the worker to read a page", running, every=0.05)
        code = served.stop(leftovers=True)
        exited = time.monotonic()
        left = outlived(workers)
        if left:
            poll("the orphaned worker to end", lambda: not any(map(pid_alive, workers)), 60)
            lasted = time.monotonic() - exited
            pytest.fail(
                f"the server exited (code {code}) while its worker (pid {left}) still ran: the "
                f"worker went on alone for {lasted:.1f} s\n{served.output()}"
            )
    finally:
        served.kill_group()
    # A clean stop: 0, or the SIGTERM uvicorn raises again once it has shut down.
    assert code in (0, -signal.SIGTERM), served.output()
    with Desk(tmp_path / "desk.db") as desk:
        states = {j.id: j.state for j in desk.jobs()}
    assert states[job] == "done", "the worker did not finish the page it was reading"


def test_serving_on_the_network_needs_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CROSSWIRE_TOKEN"}
    command = serve_command(tmp_path / "desk.db", free_port(), "--host", "0.0.0.0")
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("crosswire serve --host 0.0.0.0 without a token kept running")
    said = " ".join((out + err).decode(errors="replace").split())
    assert process.returncode != 0, said
    assert "token" in said.lower(), said
    assert "0.0.0.0" in said, said


def test_with_a_token_the_api_needs_it(tmp_path: Path) -> None:
    token = secrets.token_urlsafe(16)
    # Any address needs the token to be set; with it, the network is allowed.
    with serving(tmp_path / "desk.db", "--host", "0.0.0.0", "--no-worker", token=token) as served:
        bare = httpx.get(served.url + "/api/stories", timeout=10)
        assert bare.status_code == 401, bare.text
        assert bare.headers.get("www-authenticate", "").lower().startswith("bearer")
        wrong = httpx.get(
            served.url + "/api/stories", headers={"authorization": "Bearer nope"}, timeout=10
        )
        assert wrong.status_code == 401
        right = served.get("/api/stories")  # sends the bearer token
        assert right.status_code == 200, right.text
        assert right.json()["total"] == 0
        page = httpx.get(served.url + "/", timeout=10)  # a browser is sent to the login page
        assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_several_server_processes_answer_and_die_with_the_server(tmp_path: Path) -> None:
    """`--processes 2`: uvicorn's processes each answer with the desk open; a kill -9 of the
    server alone (not its group) leaves none of them holding the port."""
    served = serve(tmp_path / "desk.db", "--processes", "2", "--no-worker")
    try:
        children = poll("the server processes to start", lambda: served.worker_pids() or None, 30)
        assert all(served.get("/").status_code == 200 for _ in range(8))
        descendants = [pid for child in children for pid in [child, *children_of(child)]]
        served.process.send_signal(signal.SIGKILL)
        served.process.wait(STOP_SECONDS)
        poll(
            "the server's processes to end with it",
            lambda: not any(map(pid_alive, descendants)),
            30,
        )
    finally:
        served.kill_group()
