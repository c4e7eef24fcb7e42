"""One JSON line per request: who (an id), what (method, path without the query), how it went, how long."""

import json
import logging

from directory.requestlog import request_id_for


def _lines(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "rights_office.requests"]


def test_a_signed_in_request_is_logged_with_user_id_path_status_and_duration(client_for, handler_a, caplog):
    with caplog.at_level(logging.INFO, logger="rights_office.requests"):
        response = client_for(handler_a).get("/petitions/?q=邓春梅&id_number=440282197904020021")
    assert response.status_code == 200
    [line] = _lines(caplog)
    assert line["user_id"] == handler_a.pk
    assert line["method"] == "GET"
    assert line["path"] == "/petitions/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    # The query string may hold a name or an ID number: it is never logged.
    text = caplog.text
    assert "邓春梅" not in text and "440282197904020021" not in text and "q=" not in text


def test_an_anonymous_request_is_logged_without_a_user(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="rights_office.requests"):
        response = client.get("/petitions/")
    [line] = _lines(caplog)
    assert response.status_code == 302
    assert line["user_id"] is None and line["status"] == 302 and line["path"] == "/petitions/"


def test_the_proxys_request_id_is_kept_and_a_bad_one_replaced(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="rights_office.requests"):
        kept = client.get("/healthz", headers={"X-Request-ID": "3f9c2a7e5b1d4c60"})
        replaced = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    first, second = _lines(caplog)
    assert kept["X-Request-ID"] == first["request_id"] == "3f9c2a7e5b1d4c60"
    assert second["request_id"] == replaced["X-Request-ID"] != "<script>"
    assert len(second["request_id"]) == 32


def test_request_ids_are_unique(rf):
    assert request_id_for(rf.get("/")) != request_id_for(rf.get("/"))
