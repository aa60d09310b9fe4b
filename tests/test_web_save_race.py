"""Two saves of one pact at the same moment, against the real `pact serve`: the
stale-file check and the write happen under one lock, so the second save is
refused as "changed elsewhere" and no edit is lost."""

from __future__ import annotations

import re
import threading
from urllib.parse import urlencode

import httpx2 as httpx

from webutil import SAMPLE_RELATIVE, form_inputs, pact_serve, served_copy

ROUNDS = 8  # each round races two saves; before the lock every round lost an edit


def _save(client: httpx.Client, url: str, form: list[tuple[str, str]], start: threading.Barrier,
          answers: list[int]) -> None:
    start.wait(timeout=30)
    answer = client.post(url, content=urlencode(form), follow_redirects=False,
                         headers={"content-type": "application/x-www-form-urlencoded"})
    answers.append(answer.status_code)


def test_two_simultaneous_saves_one_is_refused_and_no_edit_is_lost(tmp_path):
    folder = served_copy(tmp_path)
    pact_file = folder / SAMPLE_RELATIVE
    url_path = f"/edit/{SAMPLE_RELATIVE}"
    with pact_serve(folder) as (_, url), httpx.Client(base_url=url, timeout=60) as first, \
            httpx.Client(base_url=url, timeout=60) as second:
        for round_number in range(ROUNDS):
            page = first.get(url_path).text  # both clerks opened the same copy
            csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
            forms = [
                [(n, f"Cụm {round_number} của {who}" if n == "cluster.name" else v) for n, v in form_inputs(page)]
                + [("csrf", csrf)]
                for who in ("A", "B")
            ]
            start = threading.Barrier(2)
            answers: list[int] = []
            threads = [threading.Thread(target=_save, args=(client, url_path, form, start, answers))
                       for client, form in zip((first, second), forms)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=90)
            assert sorted(answers) == [303, 409], f"round {round_number}: {answers}"
            text = pact_file.read_text(encoding="utf-8")
            assert sum(f"name: Cụm {round_number} của {who}" in text for who in "AB") == 1
