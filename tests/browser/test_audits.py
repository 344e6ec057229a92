"""A run audits the pages its selected tests read, and no others: no browser,
the audit itself replaced by a stand-in that records what it was asked for."""

import audits as audits_module
import pytest
from audits import Audits

PAGES = ["/", "/notation/", "/lstm/", "/gru/", "/api/"]


@pytest.fixture
def audited(monkeypatch):
    """The batches of pages audited, in order, each as one list."""
    batches = []

    def in_threads(work, todo):
        batches.append(list(todo))
        return {path: f"report of {path}" for path in todo}

    monkeypatch.setenv("BROWSER_CACHE", "off")
    monkeypatch.setattr(audits_module, "in_threads", in_threads)
    monkeypatch.setattr(audits_module, "site_pages", lambda config: PAGES)
    monkeypatch.setattr(audits_module, "pages_with_maths", lambda site, config: [])
    return batches


def test_a_run_of_every_test_audits_every_page_at_once(audited, tmp_path):
    audits = Audits("http://127.0.0.1:1", None, tmp_path, selected=PAGES)
    assert audits.get("/gru/") == "report of /gru/"
    assert [audits.get(p) for p in PAGES] == [f"report of {p}" for p in PAGES]
    assert audited == [PAGES]


def test_a_narrowed_run_audits_only_the_pages_it_kept(audited, tmp_path):
    audits = Audits("http://127.0.0.1:1", None, tmp_path, selected={"/gru/", "/lstm/"})
    audits.get("/gru/")
    audits.get("/lstm/")
    assert audited == [["/lstm/", "/gru/"]]  # in the nav's order, once


def test_a_page_no_selected_test_names_is_audited_when_asked_for(audited, tmp_path):
    audits = Audits("http://127.0.0.1:1", None, tmp_path, selected={"/gru/"})
    audits.get("/api/")  # first asked for: it joins the selected pages
    audits.get("/notation/")  # asked for later: alone
    audits.get("/gru/")
    assert audited == [["/gru/", "/api/"], ["/notation/"]]


def test_a_broken_audit_fails_each_time_its_page_is_asked_for(audited, monkeypatch, tmp_path):
    def in_threads(work, todo):
        audited.append(list(todo))
        return {path: RuntimeError(f"{path} did not load") for path in todo}

    monkeypatch.setattr(audits_module, "in_threads", in_threads)
    audits = Audits("http://127.0.0.1:1", None, tmp_path, selected={"/gru/"})
    for _ in range(2):
        with pytest.raises(RuntimeError, match="/gru/ did not load"):
            audits.get("/gru/")
    assert audited == [["/gru/"]]  # audited once, not again for each test
