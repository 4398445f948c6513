"""The evaluation API: a posted record, a stored enterprise (scope → 404), stored assessments, errors → 400."""

from __future__ import annotations

from assessments_fixtures import AS_OF, BASE, usc

from littlegiant import rules

OWN = usc(101)
FOREIGN = usc(901, "320102")


def test_evaluate_a_posted_record_returns_trace_and_verdicts(login, users):
    body = {
        "record": {
            **BASE,
            "market_position_leading": True,
            "quality_award_provincial": False,
            "standards_count": 0,
        },
        "as_of": AS_OF.isoformat(),
        "programmes": ["specialized_sme"],
    }
    response = login(users["enterprise"]).post(
        "/api/evaluate", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    (verdict,) = data["verdicts"]
    pack = rules.pack_for("specialized_sme", AS_OF)
    expected = rules.evaluate(pack, body["record"], AS_OF)
    assert (verdict["programme"], verdict["version"], verdict["sha256"]) == (
        "specialized_sme",
        pack.version,
        pack.sha256,
    )
    assert (
        verdict["status"] == expected.status.value == "qualified"
        and verdict["status_label"] == "符合"
    )
    assert [step["rule"] for step in verdict["trace"]] == list(pack.rules)
    rd = next(step for step in verdict["trace"] if step["rule"] == "rd_investment")
    assert rd["verdict"] == "true" and rd["reads"]["rd_expense_y1"] == 210 and rd["clause"]
    assert "class" in verdict and verdict["gaps"] == []


def test_evaluate_with_an_explicit_version_for_a_retest(login, users):
    body = {
        "record": {"niche_years": 2},
        "as_of": AS_OF.isoformat(),
        "programmes": ["specialized_sme"],
        "versions": {"specialized_sme": "2022"},
    }
    data = (
        login(users["official"]).post("/api/evaluate", body, content_type="application/json").json()
    )
    assert data["verdicts"][0]["version"] == "2022"
    assert data["verdicts"][0]["status"] in {"not_qualified", "unknown"}
    assert "niche_years" not in data["verdicts"][0]["missing"]


def test_unknown_field_or_programme_is_a_400_in_chinese(login, users):
    client = login(users["official"])
    bad_field = client.post(
        "/api/evaluate", {"record": {"revenue": 1}}, content_type="application/json"
    )
    assert bad_field.status_code == 400 and "未知数据项：revenue" in bad_field.json()["detail"]
    bad_programme = client.post(
        "/api/evaluate", {"record": {}, "programmes": ["no_such"]}, content_type="application/json"
    )
    assert bad_programme.status_code == 400 and "no_such" in bad_programme.json()["detail"]


def test_stored_enterprise_evaluation_respects_scope(login, users, pool):
    client = login(users["official"])
    url = f"/api/enterprises/{OWN}/evaluation"
    data = client.get(
        url, {"as_of": AS_OF.isoformat(), "programme": "specialized_sme", "version": "2022"}
    ).json()
    assert data["uscc"] == OWN and [v["version"] for v in data["verdicts"]] == ["2022"]
    every = client.get(url, {"as_of": AS_OF.isoformat()}).json()
    assert {v["programme"] for v in every["verdicts"]} >= {
        "specialized_sme",
        "little_giant",
        "sme_size",
    }
    assert client.get(f"/api/enterprises/{FOREIGN}/evaluation").status_code == 404
    assert (
        login(users["enterprise"]).get(url).status_code == 404
    )  # bound to the web archive's firm only


def test_anonymous_callers_are_refused(client, pool):
    assert client.get(f"/api/enterprises/{OWN}/evaluation").status_code == 401
    assert (
        client.post("/api/evaluate", {"record": {}}, content_type="application/json").status_code
        == 401
    )


def test_store_and_list_assessments_through_the_api(login, users, pool):
    client = login(users["official"])
    created = client.post(
        f"/api/enterprises/{OWN}/assessments",
        {"programme": "specialized_sme", "as_of": AS_OF.isoformat(), "version": "2022"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    saved = created.json()
    pack = rules.pack_for("specialized_sme", AS_OF, version="2022")
    assert (saved["pack_id"], saved["pack_version"], saved["pack_sha256"], saved["as_of"]) == (
        "specialized_sme",
        "2022",
        pack.sha256,
        AS_OF.isoformat(),
    )
    listed = client.get(f"/api/enterprises/{OWN}/assessments").json()
    assert [item["id"] for item in listed] == [saved["id"]]
    assert (
        client.post(
            f"/api/enterprises/{FOREIGN}/assessments",
            {"programme": "specialized_sme"},
            content_type="application/json",
        ).status_code
        == 404
    )
