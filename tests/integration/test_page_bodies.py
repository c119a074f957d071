"""Archived versions converted section by section (``render.PageBodies``, issue 11).

An archived version shares most of its sections with the version before, so the
build converts only the sections it has not seen and hands MkDocs the HTML.
That must be exactly what MkDocs would have made: the unit tests hold each
conversion to the whole-body conversion (HTML and table of contents) or to a
refusal, and a real site built both ways (``POLICYSITE_CONVERT_EVERY_PAGE``
makes MkDocs convert every page itself) is compared byte for byte.
"""

from __future__ import annotations

import filecmp
import random
import shutil

import pytest
from redline_history import SOURCE_DATE_EPOCH, make_redline_history, texts

from policysite import blocks, render, sources
from policysite.pages import common

NOTICE = (
    '<div class="policy-notice" role="note">\n'
    '<p>Archived: <a href="../">read the current version</a>.</p>\n'
    "</div>"
)


def page_body(source: str) -> tuple[str, str]:
    """(the archive page's Markdown with a notice after the title, the policy's own Markdown)."""
    document = sources.parse(source.encode(), "en/privacy.md", "privacy", "en")[0]
    own = document.body
    return common.insert_after_title(own, NOTICE + "\n\n"), own


def whole(renderer: render.Renderer, body: str) -> tuple[str, list]:
    return renderer.convert(body)


SECTIONS = [
    ("general", "1. General", "We *process* data **lawfully**; see [our terms](https://example.com/terms)."),
    (
        "items",
        "2. What we keep",
        "1. Your name.\n2. Your e-mail address.\n    - nested item\n3. Your settings.",
    ),
    ("table", "3. How long", "| Data | Kept |\n| --- | ---: |\n| Logs | 30 days |\n| Backups | 90 days |"),
    ("note", "4. Note", "A paragraph with a class.\n{: .note }\n\n!!! note\n    An admonition."),
    ("sub", "4.1 Details", "Details under a subsection, linking [back](#general)."),
    ("contact", "5. Contact", "Write to privacy@example.com.\n\nTerm\n: not a definition list here."),
]


def source_of(
    title: str, sections: list[tuple[str, str, str]], intro: str = "We respect your privacy."
) -> str:
    out = ["---", f"title: {title}", "version: 2024.01.01", "---", "", f"# {title}", "", intro, ""]
    for key, heading, text in sections:
        level = "###" if heading[0].isdigit() and "." in heading.split()[0][:-1] else "##"
        out += [f"{level} {heading} {{#{key}}}", "", text, ""]
    return "\n".join(out)


def test_section_by_section_is_the_whole_conversion_version_after_version():
    """Random edits across 40 versions: each converts to exactly the whole body's HTML and TOC,
    and sections seen in the version before are not converted again."""
    renderer = render.Renderer()
    bodies = render.PageBodies(render.Parts(renderer))
    rng = random.Random(11)
    sections = list(SECTIONS)
    words = ["data", "*kept*", "**always**", "[link](https://example.com/x)", "30 days", "資料", "`code`"]
    for _ in range(40):
        index = rng.randrange(len(sections))
        key, heading, text = sections[index]
        sections[index] = (key, heading, text + " " + " ".join(rng.choice(words) for _ in range(4)))
        body, own = page_body(source_of("Privacy Policy", sections))
        assert bodies.convert(body, own) == whole(renderer, body)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_redline_history_converts_section_by_section(lang):
    renderer = render.Renderer()
    bodies = render.PageBodies(render.Parts(renderer))
    converted = 0
    for version, sources_of in texts().items():
        document = sources.parse(sources_of[lang].encode(), f"{lang}/privacy.md", "privacy", lang)[0]
        own = document.body
        body = common.insert_after_title(own, NOTICE + "\n\n")
        result = bodies.convert(body, own)
        if result is not None:
            converted += 1
            assert result == whole(renderer, body), version
    assert converted == len(texts())


@pytest.mark.parametrize(
    "why,intro,sections",
    [
        ("a relative link (MkDocs resolves it)", "See [terms](terms.md#use).", SECTIONS),
        ("a relative image", "![logo](img/logo.png)", SECTIONS),
        ("a heading without an ID", "Intro.", [*SECTIONS, ("", "6. Children", "Text.")]),
        ("a raw HTML block", "Intro.", [("t", "1. Table", "<table>\n<tr><td>x</td></tr>\n</table>")]),
        ("a closing tag", "Intro <b>bold</b>.", SECTIONS),
        ("a reference definition", "See [terms][t].\n\n[t]: https://example.com", SECTIONS),
        ("a code fence", "Intro.", [("c", "1. Code", "```\n## not a heading\n```")]),
    ],
)
def test_what_cannot_be_vouched_for_is_left_to_mkdocs(why, intro, sections):
    source = source_of("Privacy Policy", sections, intro)
    if why == "a heading without an ID":
        source = source.replace(" {#}", "")
    body, own = page_body(source)
    assert render.PageBodies(render.Parts(render.Renderer())).convert(body, own) is None, why


def test_a_title_whose_made_up_id_a_section_takes_is_never_converted_apart():
    """'# Privacy Policy' gets the ID privacy-policy_1 when a section is {#privacy-policy}: converted
    with that section the title is right; converted without it (the section unchanged since the
    version before) it would not be, and the page is left to MkDocs."""
    renderer = render.Renderer()
    bodies = render.PageBodies(render.Parts(renderer))
    sections = [("privacy-policy", "1. About", "Text."), ("other", "2. Other", "More.")]
    first, own = page_body(source_of("Privacy Policy", sections))
    assert bodies.convert(first, own) == whole(renderer, first)
    assert 'id="privacy-policy_1"' in whole(renderer, first)[0]
    sections[1] = ("other", "2. Other", "More, changed.")
    second, own = page_body(source_of("Privacy Policy", sections))
    assert bodies.convert(second, own) is None


def test_headings_inside_blocks_and_a_head_ending_in_html_convert_as_the_whole_body():
    """A heading inside an admonition is no section of its own (and needs its own ID); an intro
    that is only the page's notices ends the head with raw HTML, followed by two line breaks."""
    renderer = render.Renderer()
    bodies = render.PageBodies(render.Parts(renderer))
    nested = ("n", "1. Notes", "!!! note\n    ### Inside {#inside}\n\n    Text inside.\n\nAfter.")
    for intro in ("We respect your privacy.", ""):
        for version in range(3):
            sections = [nested, ("two", "2. Two", f"Version {version}.")]
            body, own = page_body(source_of("Privacy Policy", sections, intro))
            assert bodies.convert(body, own) == whole(renderer, body), (intro, version)
    made_up = ("m", "1. Notes", "!!! note\n    ### Inside\n\n    Text.")
    body, own = page_body(source_of("Privacy Policy", [made_up]))
    assert bodies.convert(body, own) is None
    # A heading's made-up ID that another element takes ({: #inside } on a paragraph) is no
    # explicit ID of the heading's: the whole body makes it inside_1.
    taken = ("t", "2. Taken", "A paragraph.\n{: #inside }")
    body, own = page_body(source_of("Privacy Policy", [made_up, taken]))
    assert "inside_1" in whole(renderer, body)[0]
    assert render.PageBodies(render.Parts(renderer)).convert(body, own) in (None, whole(renderer, body))


def test_extensions_that_work_page_wide_turn_it_off():
    renderer = render.Renderer(extensions=(*render.DEFAULT_EXTENSIONS, "footnotes"))
    body, own = page_body(source_of("Privacy Policy", SECTIONS))
    assert not renderer.section_local
    assert render.PageBodies(render.Parts(renderer)).convert(body, own) is None
    assert render.Renderer().section_local


def random_versions(seed: int, count: int = 40):
    """Sources of ``count`` versions, each editing one section of the last (SECTIONS, then random words)."""
    rng = random.Random(seed)
    sections = list(SECTIONS)
    words = ["data", "*kept*", "**always**", "[link](https://example.com/x)", "30 days", "資料", "`code`"]
    for _ in range(count):
        index = rng.randrange(len(sections))
        key, heading, text = sections[index]
        sections[index] = (key, heading, text + " " + " ".join(rng.choice(words) for _ in range(4)))
        yield source_of("Privacy Policy", sections, intro=f"We respect your privacy. {rng.choice(words)}")


class CountingRenderer(render.Renderer):
    """The site's renderer, keeping the Markdown of every conversion."""

    def __init__(self):
        super().__init__()
        self.inputs: list[str] = []

    def convert(self, text):
        self.inputs.append(text)
        return super().convert(text)

    def html(self, text):
        self.inputs.append(text)
        return super().html(text)


@pytest.mark.parametrize("archive_first", [True, False], ids=["archive-first", "block-data-first"])
def test_block_data_from_shared_parts_is_the_block_data_of_each_section_alone(archive_first):
    """Block data made from the parts the archived pages share (interleaved with them; the build
    converts the archive first) is exactly the block data rendered a section at a time, for every
    version; and each section is converted once, for both."""
    renderer = CountingRenderer()
    shared = blocks.TextRenderer(renderer)
    bodies = render.PageBodies(shared.parts)
    alone = blocks.TextRenderer(render.Renderer(), by_parts=False)
    seen: set[str] = set()
    for source in random_versions(5):
        document = sources.parse(source.encode(), "en/privacy.md", "privacy", "en")[0]
        assert shared._source_parts(document, "") is not None
        own = document.body
        body = common.insert_after_title(own, NOTICE + "\n\n")
        if archive_first:
            assert bodies.convert(body, own) == whole(render.Renderer(), body)
        data = shared.data(document, "en")
        if not archive_first:
            assert bodies.convert(body, own) == whole(render.Renderer(), body)
        assert data == alone.data(document, "en")
        seen.update(render.cut_parts(own)[1:])
    converted = [
        part.rstrip("\n")
        for text in renderer.inputs
        for part in render.cut_parts(text)[1:]
        if "{#policysite" not in part
    ]
    assert sorted(converted) == sorted(part.rstrip("\n") for part in seen)
    # Each version: its archive, and its block data's intro when that changed (no more).
    versions = len(list(random_versions(5)))
    assert versions <= len(renderer.inputs) <= 2 * versions


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_the_redline_history_block_data_is_the_same_from_shared_parts(lang):
    shared = blocks.TextRenderer(render.Renderer())
    bodies = render.PageBodies(shared.parts)
    by_parts = 0
    for version, sources_of in texts().items():
        document = sources.parse(sources_of[lang].encode(), f"{lang}/privacy.md", "privacy", lang)[0]
        by_parts += shared._source_parts(document, blocks._references(document)) is not None
        data = shared.data(document, lang)
        own = document.body
        bodies.convert(common.insert_after_title(own, NOTICE + "\n\n"), own)
        assert data == blocks.TextRenderer(render.Renderer(), by_parts=False).data(document, lang), version
    assert by_parts == len(texts())


def test_a_site_is_the_same_byte_for_byte_when_mkdocs_converts_every_page(tmp_path):
    """The redline history (tables, lists, links, attribute lists, both languages), built with
    the archives and the block data converted through shared parts and the generated HTML pages
    handed over, and built with MkDocs converting every page itself and the block data rendered
    a section at a time on its own."""
    from mkdocs.config import load_config

    from policysite import config, site

    repo = make_redline_history(tmp_path / "repo")
    env = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    fast = repo.build(env=env, site=tmp_path / "fast")
    assert fast.ok, fast.output
    shutil.rmtree(repo.root / ".cache")  # the block data too, rendered the other way
    every = repo.build(env={**env, "POLICYSITE_CONVERT_EVERY_PAGE": "1"}, site=tmp_path / "every")
    assert every.ok, every.output
    files = sorted(p.relative_to(fast.site).as_posix() for p in fast.site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(every.site).as_posix() for p in every.site.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(fast.site, every.site, files, shallow=False)
    assert not mismatch and not errors, mismatch[:10]
    # ... and the fast build did take the fast path for every archived version.
    mkdocs_config = load_config(str(repo.root / "mkdocs.yml"))
    model = site.build_model(
        repo.root,
        config.settings_of(mkdocs_config),
        mkdocs_config.site_name,
        renderer=render.Renderer.for_config(mkdocs_config),
    )
    archived = [p for p in model.staged.files if "/versions/2" in p and p.endswith(".md")]
    assert sorted(model.staged.converted) == sorted(archived) and len(archived) == 2 * len(texts())
