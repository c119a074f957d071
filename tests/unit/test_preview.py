"""policysite.preview: which files a save reuses, where their output goes back, and the search
entries of reused pages in MkDocs' order (a whole serve session: tests/integration/test_preview.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from mkdocs.structure.files import File, Files, InclusionLevel

from policysite import preview

PAGES = ("index.md", "a.md", "b.md", "c.md")


def _files(docs: Path) -> Files:
    docs.mkdir(exist_ok=True)
    made = []
    for name in (*PAGES, "data.json"):
        (docs / name).write_text(name, encoding="utf-8")
        made.append(File(name, str(docs), str(docs.parent / "site"), use_directory_urls=True))
    return Files(made)


def _page(file: File, title: str) -> SimpleNamespace:
    return SimpleNamespace(file=file, title=title, meta={"title": title})


def _build(made: preview.Preview, site: Path, keys: dict, signature: str = "s") -> tuple[Files, list, list]:
    """One build of one language: plan, render the pages not reused (writing their output and one
    search entry each), finish.  Returns the files, the pages rendered and the search entries."""
    files = _files(site.parent / "docs")
    made.start(str(site))
    made.hold(str(site))
    site.mkdir(exist_ok=True)
    nav = [_page(f, f"title of {f.src_uri}") for f in files.documentation_pages()]
    made.plan("en", signature, files, keys, nav)
    entries: list = []
    made.no_page_built("en", entries)
    for file in files.static_pages():  # (as MkDocs copies them)
        if not file.inclusion.is_excluded():
            (site / file.dest_uri).write_text(str(keys[file.src_uri]), encoding="utf-8")
    rendered = []
    for page in nav:
        if page.file.inclusion.is_excluded():
            continue
        output = site / page.file.dest_uri
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(f"{page.file.src_uri} {keys[page.file.src_uri]}", encoding="utf-8")
        entries.append({"location": page.file.url, "text": str(keys[page.file.src_uri])})
        made.built("en", page, entries)
        rendered.append(page.file.src_uri)
    made.finish(str(site))
    return files, rendered, entries


def _keys(**changed: str) -> dict:
    keys = dict.fromkeys((*PAGES, "data.json"), ("v1",))
    keys.update({f"{name}.md": (value,) for name, value in changed.items()})
    return keys


def test_a_save_renders_only_the_pages_whose_inputs_changed_and_serves_all(tmp_path):
    site, made = tmp_path / "site", preview.Preview()
    _, rendered, first = _build(made, site, _keys())
    assert rendered == list(PAGES)
    _, rendered, again = _build(made, site, _keys(b="v2"))
    assert rendered == ["b.md"]
    # Every page is served, the reused ones as the first build wrote them.
    assert (site / "a" / "index.html").read_text(encoding="utf-8") == "a.md ('v1',)"
    assert (site / "b" / "index.html").read_text(encoding="utf-8") == "b.md ('v2',)"
    assert (site / "index.html").is_file() and (site / "c" / "index.html").is_file()
    assert (site / "data.json").read_text(encoding="utf-8") == "('v1',)"
    # The search entries of every page, in MkDocs' order, the changed page's new.
    assert [e["location"] for e in again] == [e["location"] for e in first]
    assert [e["text"] for e in again] == ["('v1',)", "('v1',)", "('v2',)", "('v1',)"]


def test_reused_navigation_pages_keep_their_titles_and_static_files_are_not_copied(tmp_path):
    site, made = tmp_path / "site", preview.Preview()
    _build(made, site, _keys())
    files = _files(tmp_path / "docs")
    made.start(str(site))
    made.hold(str(site))
    nav = [_page(f, "") for f in files.documentation_pages()]
    assert made.plan("en", "s", files, _keys(), nav) == len(PAGES)
    assert [page.title for page in nav] == [f"title of {name}" for name in PAGES]
    assert files.get_file_from_path("data.json").inclusion == InclusionLevel.EXCLUDED


def test_nothing_is_reused_when_what_every_page_shows_changed_or_the_last_build_failed(tmp_path):
    site, made = tmp_path / "site", preview.Preview()
    _build(made, site, _keys())
    _, rendered, _ = _build(made, site, _keys(), signature="another navigation")
    assert rendered == list(PAGES)
    made.failed()
    _, rendered, _ = _build(made, site, _keys(), signature="another navigation")
    assert rendered == list(PAGES)
    # Another site folder (another serve session): nothing of the last one.
    _, rendered, _ = _build(made, tmp_path / "elsewhere", _keys(), signature="another navigation")
    assert rendered == list(PAGES)


def test_the_held_output_is_merged_a_folder_at_a_time(tmp_path):
    held, site = tmp_path / "held", tmp_path / "site"
    for path in ("a/index.html", "b/index.html", "b/versions/1/index.html", "top.html"):
        (held / path).parent.mkdir(parents=True, exist_ok=True)
        (held / path).write_text("old", encoding="utf-8")
    (site / "b").mkdir(parents=True)
    (site / "b" / "index.html").write_text("new", encoding="utf-8")
    preview._merge(held, site)
    assert (site / "b" / "index.html").read_text(encoding="utf-8") == "new"  # (written by this build)
    assert (site / "b" / "versions" / "1" / "index.html").read_text(encoding="utf-8") == "old"
    assert (site / "a" / "index.html").is_file() and (site / "top.html").is_file()
    assert not (held / "a").exists()  # (moved, not copied)


def test_titles_from_front_matter_and_stable_digests():
    assert preview.title_of(b"---\ntitle: Privacy\n---\n\n# Privacy\n") == "Privacy"
    assert preview.title_of(b"# No front matter\n") is None
    assert preview.digest("a", ("b", 1)) == preview.digest("a", ("b", 1)) != preview.digest("a", ("b", 2))
