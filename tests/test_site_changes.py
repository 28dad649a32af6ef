"""The "what changed" page and the check date every page shows."""

import pandas as pd

from chatdata.datasets import checked, load
from chatdata.models.facts import fact
from chatdata.site.changes import CHANGES_PAGE, changes_body, write_changes
from chatdata.site.templates import fill


def test_page_lists_the_facts_added_at_the_check_and_what_they_supersede():
    facts = load("facts")
    added = facts[pd.to_datetime(facts["added"]) == pd.Timestamp(checked())]
    body = changes_body()
    assert f"Facts added ({len(added)})" in body
    for text in added["value_text"]:
        assert str(text).replace("&", "&amp;").replace(">", "&gt;") in body
    superseded = facts["supersedes"].dropna()
    assert f"Figures superseded ({len(superseded)})" in body
    assert "<time datetime=" in body
    assert checked() in body


def test_a_fact_added_at_the_check_that_moves_a_verdict_is_listed():
    facts = load("facts")
    old = fact("meta-business-chats-2023", facts).to_dict()
    newer = old | {
        "id": "meta-business-chats-2026",
        "value_text": ">900 million",
        "value_low": 9e8,
        "as_of": "2026-09",
        "as_of_date": pd.Timestamp("2026-09-01"),
        "supersedes": "meta-business-chats-2023",
        "added": pd.Timestamp(checked()),
    }
    facts = pd.concat([facts, pd.DataFrame([newer])], ignore_index=True)
    body = changes_body(facts)
    assert "Verdicts changed (1)" in body
    assert "supported &rarr; <strong>outdated</strong>" in body


def test_every_page_template_shows_the_check_date_and_links_the_page():
    for name, values in (
        ("page", {"title": "t", "body": "", "previous": None, "following": None}),
        ("index", {"lede": "", "chapters": []}),
        ("data", {"datasets": []}),
    ):
        page = fill(name, **values)
        assert f'Facts checked on <time datetime="{checked()}">' in page, name
        assert "changes.html" in page, name


def test_write_changes_writes_a_full_page(tmp_path):
    path = write_changes(tmp_path)
    assert path.name == CHANGES_PAGE
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") or text.lower().startswith("<!doctype html>")
    assert "<h1>What changed</h1>" in text
