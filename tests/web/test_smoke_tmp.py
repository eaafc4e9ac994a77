from web.conftest import sign_in, csrf_of
from web.seed import seed


def test_smoke(client, engine):
    seed(engine, posts=30, flags=10, hostile=2)
    sign_in(client, "ad")
    for path in ["/", "/staff", "/moderate/flags", "/editors/papers", "/editors/papers.csv", "/admin/audit", "/feed.atom", "/moderate/flags?status=any&kind=overstated&topic=treatment&source=forum-s4me&week=2026-11-16"]:
        r = client.get(path)
        print(path, r.status_code, len(r.text))
        assert r.status_code == 200, r.text
    page = client.get("/moderate/flags").text
    r = client.post("/moderate/flags", data={"csrf": csrf_of(page), "one": "confirm:1", "note-1": "A person checked this.", "back": "/moderate/flags"})
    print(r.status_code, r.headers.get("location"))
    r = client.get("/admin/audit"); assert "flag.confirm" in r.text
