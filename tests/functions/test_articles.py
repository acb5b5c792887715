"""Writing in the browser: drafts, publishing as a git commit, review, conflicts, and what bad input gets."""

import json

import pytest

from tests.conftest import body

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def new_draft(session, **fields):
    payload = {"category": "blog", "title": "Vintern i Storliden", "summary": "Hur parken klarar kylan.",
               "text": "Det har varit kallt.\n\n## Vad vi gjorde\n\nVi värmde vingarna.\n", "tags": ["drift", "vinter"],
               **fields}
    response = session.send("POST", "/api/articles", json.dumps(payload))
    assert response.status_code == 201, response.body
    return body(response)


def publish(session, draft):
    return session.send("POST", f"/api/articles/{draft['id']}/publish", json.dumps({"version": draft["version"]}))


def commits(git) -> int:
    return int(git("rev-list", "--count", "--all").strip())


def upload(session, content: bytes = PNG):
    from chalicelib import uploads

    presigned = body(session.send("POST", "/api/uploads", json.dumps({"contentType": "image/png", "size": len(content)})))
    uploads.s3().put_object(Bucket=uploads.bucket(), Key=uploads.object_key(presigned["key"]), Body=content,
                            ContentType="image/png")
    return presigned["key"]


def test_karin_publishes_a_blog_post_with_an_image_as_one_commit_by_her(writers, content_repo):
    root, git = content_repo
    karin = writers["karin"]
    key = upload(karin)
    draft = new_draft(karin, text=f"Kallt.\n\n![Vindkraftverk i snö](/uploads/{key})\n")
    response = publish(karin, draft)
    assert response.status_code == 200, response.body
    assert body(response)["state"] == "publishing"
    assert git("log", "-1", "--format=%an <%ae>|%s").strip() == "Karin Ek <karin.ek@x.example>|Publish: Vintern i Storliden"
    image = f"content/images/blog/vintern-i-storliden/{key.rsplit('/', 1)[1].lower()}"
    added = git("show", "--name-status", "--format=", "HEAD").split("\n")
    assert sorted(line for line in added if line) == sorted([f"A\t{image}", "A\tcontent/blog/vintern-i-storliden.md"])
    written = (root / "content/blog/vintern-i-storliden.md").read_text()
    header, _, text = written.partition("\n\n")
    assert header.splitlines()[0] == "Title: Vintern i Storliden"
    assert "Author: Karin Ek" in header and "Slug: vintern-i-storliden" in header and "Tags: drift, vinter" in header
    assert f"![Vindkraftverk i snö]({{static}}/images/blog/vintern-i-storliden/{key.rsplit('/', 1)[1].lower()})" in text
    assert (root / image).read_bytes() == PNG


def test_the_draft_goes_live_when_the_site_holds_the_committed_file(writers, content_repo):
    from chalicelib import targets
    from chalicelib.repository import blob_sha

    root, _ = content_repo
    karin = writers["karin"]
    draft = new_draft(karin)
    assert body(publish(karin, draft))["state"] == "publishing"
    assert body(karin.get(f"/api/articles/{draft['id']}"))["state"] == "publishing"
    data = (root / "content/blog/vintern-i-storliden.md").read_bytes()
    targets.register_articles({"articles": [{
        "id": "article:vintern-i-storliden", "title": "Vintern i Storliden", "url": "/blog/vintern-i-storliden/",
        "date": "2026-12-01T10:00:00+01:00", "author": "Karin Ek", "summary": "s", "comments": True,
        "source": "blog/vintern-i-storliden.md", "sourceSha": blob_sha(data)}]})
    seen = body(karin.get(f"/api/articles/{draft['id']}"))
    assert seen["state"] == "live" and seen["url"] == "/blog/vintern-i-storliden/"


def test_an_employee_gets_403_and_nothing_is_written(writers, content_repo, dynamodb_calls):
    _, git = content_repo
    before = commits(git)
    dynamodb_calls.clear()
    response = writers["sara"].send("POST", "/api/articles", json.dumps({"category": "blog", "title": "Hej"}))
    assert response.status_code == 403 and body(response)["error"]["code"] == "not_a_writer"
    assert writers["sara"].get("/api/articles?mine=1").status_code == 403
    assert not {"PutItem", "UpdateItem", "TransactWriteItems"} & set(dynamodb_calls)
    assert commits(git) == before


@pytest.mark.parametrize("field, value", [
    ("title", "Hej\nStatus: draft"), ("title", "Hej\r\nAuthor: Sara Nilsson"), ("title", "Hej\u2028Slug: x"),
    ("summary", "Kort\n\nStatus: hidden"), ("summary", "Rad\nTemplate: banners"),
])
def test_a_newline_in_metadata_never_makes_a_header_line(writers, content_repo, field, value):
    root, _ = content_repo
    karin = writers["karin"]
    draft = new_draft(karin, **{field: value})
    published = publish(karin, draft)
    assert published.status_code == 200
    header = (root / body(published)["path"]).read_text().partition("\n\n")[0].splitlines()
    keys = [line.split(":", 1)[0] for line in header]
    assert keys == ["Title", "Date", "Author", "Tags", "Summary", "Slug", "Lang"]
    assert "Author: Karin Ek" in header


def test_a_tag_with_a_newline_or_comma_cannot_add_a_header_or_a_tag(writers, content_repo):
    root, _ = content_repo
    karin = writers["karin"]
    response = karin.send("POST", "/api/articles", json.dumps({"category": "blog", "title": "T", "tags": ["a,b"]}))
    assert response.status_code == 400 and body(response)["error"]["field"] == "tags"
    draft = new_draft(karin, tags=["drift\nStatus: draft"])
    assert publish(karin, draft).status_code == 200
    header = (root / "content/blog/vintern-i-storliden.md").read_text().partition("\n\n")[0]
    assert "Tags: drift Status: draft" in header and "\nStatus" not in header


@pytest.mark.parametrize("field, value", [("title", "<script>alert(1)</script>"), ("summary", "<img src=x>"),
                                          ("tags", ["<b>"])])
def test_markup_in_metadata_is_refused(writers, field, value):
    response = writers["karin"].send("POST", "/api/articles", json.dumps({"category": "blog", field: value}))
    assert response.status_code == 400 and body(response)["error"]["field"] == field


def test_raw_html_in_the_text_is_a_content_problem_and_nothing_is_committed(writers, content_repo):
    _, git = content_repo
    karin = writers["karin"]
    before = commits(git)
    draft = new_draft(karin, text="Hej\n\n<script>alert(1)</script>\n\n![](/images/julbord.svg)\n")
    response = publish(karin, draft)
    assert response.status_code == 400
    error = body(response)["error"]
    assert error["code"] == "content_problems"
    messages = [(problem["field"], problem["message"]) for problem in error["problems"]]
    assert ("text", "HTML is not allowed here: write Markdown") in messages
    assert any(field == "text" and "alt text" in message for field, message in messages)
    assert commits(git) == before
    assert body(karin.get(f"/api/articles/{draft['id']}"))["state"] == "draft"


@pytest.mark.parametrize("payload, code", [
    ({"category": "blog", "translationOf": "../../etc"}, "invalid_slug"),
    ({"category": "blog", "translationOf": "news/../x"}, "invalid_slug"),
    ({"source": "../../etc/passwd"}, "validation_failed"),
    ({"source": "news/../../x.md"}, "validation_failed"),
    ({"category": "../news"}, "validation_failed"),
])
def test_paths_and_slugs_cannot_leave_content(writers, payload, code):
    response = writers["karin"].send("POST", "/api/articles", json.dumps(payload))
    assert response.status_code == 400 and body(response)["error"]["code"] == code


@pytest.mark.parametrize("title", ["Feed", "Index", "...", "Write"])
def test_reserved_or_empty_slugs_are_refused(writers, content_repo, title):
    _, git = content_repo
    before = commits(git)
    response = publish(writers["karin"], new_draft(writers["karin"], title=title))
    assert response.status_code == 400 and body(response)["error"]["field"] == "title"
    assert commits(git) == before


def test_a_slug_another_article_has_is_refused_not_overwritten(writers, content_repo):
    root, git = content_repo
    before, existing = commits(git), (root / "content/news/julbord.md").read_text()
    response = publish(writers["karin"], new_draft(writers["karin"], title="Julbord", category="news"))
    assert response.status_code == 409 and body(response)["error"]["code"] == "slug_taken"
    assert commits(git) == before and (root / "content/news/julbord.md").read_text() == existing


def test_oversize_texts_tags_and_images_get_a_clear_4xx(writers, content_repo):
    karin = writers["karin"]
    over = {"category": "blog", "text": "å" * (100 * 1024 + 1)}  # 200 KB and 2 bytes in UTF-8
    too_long = karin.send("POST", "/api/articles", json.dumps(over, ensure_ascii=False))
    assert too_long.status_code == 400 and body(too_long)["error"]["code"] == "too_long"
    huge = karin.send("POST", "/api/articles", json.dumps({"category": "blog", "text": "x" * (600 * 1024)}))
    assert huge.status_code == 413
    tags = karin.send("POST", "/api/articles", json.dumps({"category": "blog", "tags": [f"t{n}" for n in range(51)]}))
    assert tags.status_code == 400 and body(tags)["error"]["field"] == "tags"
    ids = "".join(f"![bild {n}](/uploads/u/karin.ek/01KBZ3RMJN6Q0PZ7Y0T8V5M2{n:02d}.png)\n" for n in range(21))
    ids = ids.replace("00.png", "0A.png")
    response = publish(karin, new_draft(karin, text=ids))
    assert response.status_code == 400 and body(response)["error"]["code"] == "too_many_items"


def test_someone_elses_upload_cannot_be_published(writers, content_repo):
    key = upload(writers["johan"])
    response = publish(writers["karin"], new_draft(writers["karin"], text=f"![Bild](/uploads/{key})\n"))
    assert response.status_code == 400 and body(response)["error"]["code"] == "invalid_upload"


def test_pinning_and_read_confirmations_are_for_editors(writers):
    response = writers["ahmed"].send("POST", "/api/articles", json.dumps({"category": "news", "pinned": True}))
    assert response.status_code == 403 and body(response)["error"]["code"] == "editors_only"
    assert writers["ahmed"].send("POST", "/api/articles", json.dumps({"category": "news", "comments": False})).status_code == 201


def test_autosave_keeps_the_newest_and_refuses_an_older_window(writers):
    karin = writers["karin"]
    draft = new_draft(karin)
    saved = karin.send("PATCH", f"/api/articles/{draft['id']}", json.dumps({"version": 1, "text": "Ny text"}))
    assert saved.status_code == 200 and body(saved)["version"] == 2
    stale = karin.send("PATCH", f"/api/articles/{draft['id']}", json.dumps({"version": 1, "text": "Gammal"}))
    assert stale.status_code == 409 and body(stale)["error"]["code"] == "version_conflict"
    assert body(karin.get(f"/api/articles/{draft['id']}"))["text"] == "Ny text"
    mine = body(karin.get("/api/articles?mine=1"))["articles"]
    assert [(a["id"], a["state"]) for a in mine] == [(draft["id"], "draft")]
    # Another writer does not see it at all.
    assert writers["johan"].get(f"/api/articles/{draft['id']}").status_code == 404


def test_an_author_submits_and_an_editor_approves_on_a_branch(writers, content_repo):
    root, git = content_repo
    ahmed, johan = writers["ahmed"], writers["johan"]
    draft = new_draft(ahmed, category="news", title="Ny friskvårdsportal", text="Från januari.\n")
    submitted = publish(ahmed, draft)
    assert submitted.status_code == 200 and body(submitted)["state"] == "review"
    assert not (root / "content/news/ny-friskvardsportal.md").exists()
    assert git("log", "-1", "--format=%an", "torget/ny-friskvardsportal").strip() == "Ahmed Hassan"
    queue = body(johan.get("/api/articles?state=review"))["articles"]
    assert [a["id"] for a in queue] == [draft["id"]]
    assert body(johan.get(f"/api/articles/{draft['id']}"))["canReview"] is True
    assert ahmed.send("POST", f"/api/articles/{draft['id']}/approve").status_code == 403
    approved = johan.send("POST", f"/api/articles/{draft['id']}/approve")
    assert approved.status_code == 200 and body(approved)["state"] == "publishing"
    assert (root / "content/news/ny-friskvardsportal.md").exists()
    assert git("log", "-1", "--format=%an|%s", "main").strip() == "Ahmed Hassan|Submit: Ny friskvårdsportal"
    assert "torget/ny-friskvardsportal" not in git("branch", "--list")
    assert body(johan.get("/api/articles?state=review"))["articles"] == []


def test_an_editor_asks_for_changes_and_the_author_submits_again(writers, content_repo):
    _, git = content_repo
    ahmed, johan = writers["ahmed"], writers["johan"]
    draft = new_draft(ahmed, category="news", title="Parkering", text="Nya regler.\n")
    publish(ahmed, draft)
    asked = johan.send("POST", f"/api/articles/{draft['id']}/changes", json.dumps({"note": "Skriv när det börjar gälla."}))
    assert asked.status_code == 200 and body(asked)["state"] == "changes"
    seen = body(ahmed.get(f"/api/articles/{draft['id']}"))
    assert seen["notes"][-1]["text"] == "Skriv när det börjar gälla." and seen["notes"][-1]["by"] == "Johan Lind"
    # The writer hears of it where they are: the bell, with a link back to the draft.
    [told] = body(ahmed.get("/api/notifications"))["notifications"]
    assert (told["kind"], told["outcome"], told["url"], told["title"]) == (
        "review", "changes", f"/write/?id={draft['id']}", "Parkering")
    edited = body(ahmed.send("PATCH", f"/api/articles/{draft['id']}",
                             json.dumps({"version": seen["version"], "text": "Nya regler från 1 januari.\n"})))
    assert body(publish(ahmed, edited))["state"] == "review"
    assert git("rev-list", "--count", "main..torget/parkering").strip() == "2"


def test_an_edit_of_a_changed_file_is_refused_with_both_versions(writers, content_repo):
    root, git = content_repo
    johan = writers["johan"]
    draft = body(johan.send("POST", "/api/articles", json.dumps({"source": "news/julbord.md"})))
    assert draft["title"].startswith("Julbord") and draft["editing"] is True
    mine = body(johan.send("PATCH", f"/api/articles/{draft['id']}",
                           json.dumps({"version": draft["version"], "text": draft["text"] + "\nMin rad.\n"})))
    # Meanwhile an editor pushes a change to the same file.
    path = root / "content/news/julbord.md"
    path.write_text(path.read_text() + "\nDeras rad.\n")
    git("-c", "user.name=Other", "-c", "user.email=o@x.example", "commit", "-q", "-am", "Other change")
    before = commits(git)
    response = publish(johan, mine)
    assert response.status_code == 409
    error = body(response)["error"]
    assert error["code"] == "edit_conflict" and "Deras rad." in error["theirs"] and "Min rad." in error["mine"]
    assert commits(git) == before and "Min rad." not in path.read_text()
    # Starting again from the file as it is now, the writer's text kept, publishes.
    rebased = body(johan.send("POST", f"/api/articles/{draft['id']}/rebase"))
    assert "Min rad." in rebased["text"]
    assert publish(johan, rebased).status_code == 200
    assert "Min rad." in path.read_text() and git("log", "-1", "--format=%an|%s").strip() == "Johan Lind|Edit: " + draft["title"]


def test_editing_keeps_the_original_author_date_and_unknown_header_lines(writers, content_repo):
    root, _ = content_repo
    johan = writers["johan"]
    original = (root / "content/blog/varfor-jag-bloggar.md").read_text().partition("\n\n")[0].splitlines()
    draft = body(johan.send("POST", "/api/articles", json.dumps({"source": "blog/varfor-jag-bloggar.md"})))
    assert publish(johan, draft).status_code == 200
    header = (root / "content/blog/varfor-jag-bloggar.md").read_text().partition("\n\n")[0].splitlines()
    unmodified = lambda lines: [line for line in lines if not line.startswith("Modified")]  # noqa: E731
    assert unmodified(original) == unmodified(header)
    assert any(line.startswith("Modified: ") for line in header)


def test_an_author_may_not_edit_someone_elses_published_article(writers):
    response = writers["ahmed"].send("POST", "/api/articles", json.dumps({"source": "blog/varfor-jag-bloggar.md"}))
    assert response.status_code == 403


def test_preview_renders_the_page_text_safely(writers):
    response = writers["karin"].send("POST", "/api/articles/preview", json.dumps(
        {"text": "# Rubrik\n\n![Jul]({static}/images/julbord.svg)\n\n<script>x</script>\n\n![x](https://evil.example/t.png)"}))
    html = body(response)["html"]
    assert "<h2>Rubrik</h2>" in html and '<img src="/images/julbord.svg" alt="Jul">' in html
    assert "<script>" not in html and "evil.example" not in html
    assert writers["sara"].send("POST", "/api/articles/preview", json.dumps({"text": "x"})).status_code == 403


def test_uncommitted_work_in_the_checkout_is_never_overwritten(writers, content_repo):
    root, git = content_repo
    johan = writers["johan"]
    draft = body(johan.send("POST", "/api/articles", json.dumps({"source": "news/julbord.md"})))
    (root / "content/news/julbord.md").write_text("Someone's unsaved work\n")
    response = publish(johan, draft)
    assert response.status_code == 503 and "uncommitted changes" in body(response)["error"]["message"]
    assert (root / "content/news/julbord.md").read_text() == "Someone's unsaved work\n"
    assert git("status", "--porcelain").strip() == "M content/news/julbord.md"
    assert body(johan.get(f"/api/articles/{draft['id']}"))["state"] == "draft"


def test_without_a_repository_nothing_is_published_and_the_writer_is_told(writers, monkeypatch):
    from chalicelib import repository

    monkeypatch.delenv("PUBLISH_REPOSITORY")
    repository.current.cache_clear()
    karin = writers["karin"]
    draft = new_draft(karin)
    response = publish(karin, draft)
    assert response.status_code == 503 and "Nothing was published" in body(response)["error"]["message"]
    assert body(karin.get(f"/api/articles/{draft['id']}"))["state"] == "draft"


def test_a_translation_takes_the_originals_address_and_category(writers, content_repo):
    from chalicelib import targets

    root, _ = content_repo
    targets.register_articles({"articles": [{
        "id": "article:budgetprocessen", "title": "Budgetprocessen", "url": "/blog/budgetprocessen/", "lang": "sv",
        "date": "2026-11-10T08:00:00+01:00", "author": "Karin Ek", "summary": "s", "comments": True}]})
    karin = writers["karin"]
    response = karin.send("POST", "/api/articles", json.dumps({"translationOf": "budgetprocessen", "lang": "en",
                                                               "title": "The budget process", "text": "How it works.\n"}))
    assert response.status_code == 201, response.body
    draft = body(response)
    assert (draft["category"], draft["slug"], draft["lang"]) == ("blog", "budgetprocessen", "en")
    assert body(publish(karin, draft))["path"] == "content/blog/budgetprocessen.en.md"
    header = (root / "content/blog/budgetprocessen.en.md").read_text().partition("\n\n")[0]
    assert "Slug: budgetprocessen" in header and "Lang: en" in header
    again = karin.send("POST", "/api/articles", json.dumps({"translationOf": "budgetprocessen", "lang": "sv"}))
    assert again.status_code == 400  # the original is Swedish already


def test_what_the_site_would_remove_is_a_problem_beside_its_line_and_nothing_is_committed(writers, content_repo):
    # Markdown with no raw HTML that the site's renderer still turns into script: a javascript: link, an
    # attr_list event handler, a protocol-relative link off the site.
    _, git = content_repo
    karin = writers["karin"]
    before = commits(git)
    text = ("Hej\n\n[klicka](javascript:alert(1))\n\nStycke\n{: onclick=\"alert(1)\" }\n\n"
            "[ut](//attacker.example/x)\n")
    response = publish(karin, new_draft(karin, text=text))
    assert response.status_code == 400
    found = {(p["code"], p["field"], p.get("line"), p.get("detail")) for p in body(response)["error"]["problems"]}
    assert ("unsafe_markup", "text", 3, 'href="javascript:alert(1)"') in found
    assert ("unsafe_markup", "text", 6, "onclick") in found
    assert ("unsafe_markup", "text", 8, 'href="//attacker.example/x"') in found
    assert commits(git) == before
    # The same text made safe publishes.
    fixed = new_draft(karin, text="Hej\n\n[klicka](https://example.com/)\n\nStycke\n")
    assert publish(karin, fixed).status_code == 200


def test_content_problems_carry_codes_the_editor_translates(writers):
    karin = writers["karin"]
    response = publish(karin, new_draft(karin, text="# Rubrik\n\n![](/nowhere.png)\n"))
    codes = {(p["code"], p.get("line")) for p in body(response)["error"]["problems"]}
    assert {("h1_in_text", 1), ("alt_missing", 3), ("broken_link", 3)} <= codes


def test_an_audience_set_in_the_editor_is_the_files_audience_line_and_a_bad_one_is_refused(writers, content_repo):
    root, _git = content_repo
    karin = writers["karin"]
    refused = karin.send("POST", "/api/articles", json.dumps({"category": "news", "title": "Snö", "audience": "stad=Umeå"}))
    assert refused.status_code == 400 and body(refused)["error"]["field"] == "audience"
    draft = new_draft(karin, category="news", audience="office=Storliden")
    assert draft["audience"] == "office=Storliden"
    assert publish(karin, draft).status_code == 200
    header = (root / "content/news/vintern-i-storliden.md").read_text().partition("\n\n")[0]
    assert "Audience: office=Storliden" in header.splitlines()
