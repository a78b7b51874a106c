"""The run's HTML report: one self-contained page (inline CSS and SVG charts, no script, nothing fetched) an
office can print or put in front of its board. Figures about groups of people (race, age, sex) hide counts
under ``SMALL_CELL`` so that no one can be picked out of a small group."""

from __future__ import annotations

from html import escape
from typing import Any

SMALL_CELL = 11
STATUS_LABELS = {
    "eligible": "Relief available now",
    "eligible_later": "Available on a later date",
    "needs_info": "Needs more information",
    "already_granted": "Relief already granted",
    "not_eligible": "No relief under the remedies run",
    "no_remedy": "No remedy applies",
}
COLOURS = {"eligible": "#1b7837", "eligible_later": "#7fbf7b", "needs_info": "#f1a340", "already_granted": "#5e8cc0",
           "not_eligible": "#999999", "no_remedy": "#cccccc"}


def _n(value: int) -> str:
    return f"{value:,}"


def _cell(value: int) -> str:
    return f"&lt;{SMALL_CELL}" if 0 < value < SMALL_CELL else _n(value)


def bar_chart(items: list[tuple[str, int]], colour: str = "#1b7837", title: str = "") -> str:
    """Horizontal bars, labelled with the value; an accessible SVG (role=img with a title)."""
    if not items:
        return "<p>No data.</p>"
    top = max(v for _, v in items) or 1
    row_h, label_w, bar_w = 22, 230, 360
    height = row_h * len(items) + 6
    out = [f'<svg role="img" aria-label="{escape(title)}" width="{label_w + bar_w + 90}" height="{height}" '
           f'viewBox="0 0 {label_w + bar_w + 90} {height}" xmlns="http://www.w3.org/2000/svg">'
           f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(items):
        y = i * row_h + 3
        w = 0 if value <= 0 else max(1, round(bar_w * value / top))
        out.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="13">{escape(label[:34])}</text>'
                   f'<rect x="{label_w}" y="{y}" width="{w}" height="{row_h - 6}" fill="{colour}"/>'
                   f'<text x="{label_w + w + 5}" y="{y + 15}" font-size="13">{_n(value)}</text>')
    out.append("</svg>")
    return "".join(out)


def stacked_bar(parts: list[tuple[str, int]], title: str) -> str:
    total = sum(v for _, v in parts) or 1
    width, x = 680, 0.0
    out = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="34" viewBox="0 0 {width} 34" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for status, value in parts:
        w = width * value / total
        out.append(f'<rect x="{x:.1f}" y="4" width="{w:.1f}" height="26" fill="{COLOURS.get(status, "#888")}">'
                   f"<title>{escape(STATUS_LABELS.get(status, status))}: {_n(value)}</title></rect>")
        x += w
    out.append("</svg>")
    return "".join(out)


def _table(headers: list[str], rows: list[list[str]], text_columns: frozenset[int] = frozenset()) -> str:
    """Numbers align right; the first column and ``text_columns`` left."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f'<td class="t">{c}</td>' if i in text_columns else f"<td>{c}</td>"
                                     for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _equity(rows: list[dict[str, Any]], key: str, label: str) -> str:
    out = []
    for r in sorted(rows, key=lambda r: -int(r["people"])):
        people, helped = int(r["people"]), int(r["helped"])
        share = "—" if people < SMALL_CELL or (helped < SMALL_CELL and helped) else f"{100 * helped / people:.0f}%"
        out.append([escape(str(r[key])), _cell(people), _cell(int(r["with_conviction"])), _cell(helped), share])
    return _table([label, "People", "With a conviction", "With relief available (now or later)", "Share"], out)


def render_report(summary: dict[str, Any], manifest: dict[str, Any], questions: dict[str, str] | None = None
                  ) -> str:
    """The page; ``questions`` maps fact ids to their question in plain words."""
    questions = questions or {}
    fig = summary["figures"]
    leading = fig["convictions_by_leading_status"]
    convictions = sum(leading.values())
    counties = sorted(fig["by_county"], key=lambda r: -int(r["eligible"]))[:20]
    offenses = sorted((r for r in fig["by_offense"] if int(r["eligible"]) > 0), key=lambda r: -int(r["eligible"]))[:15]
    remedies = sorted(fig["determinations_by_remedy"].items(), key=lambda kv: -kv[1].get("eligible", 0))
    policy = manifest.get("policy")
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Record relief: {escape(summary['title'])}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
        "table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #bbb;padding:.25rem .5rem;"
        "text-align:right}td:first-child,th:first-child,td.t{text-align:left}"
        ".key span{display:inline-block;width:.9rem;height:.9rem;margin:0 .3rem 0 1rem;vertical-align:middle}"
        ".note{background:#fff8e1;padding:.5rem 1rem;"
        "border-left:4px solid #f1a340}</style></head><body>",
        f"<h1>Record relief: {escape(summary['title'])}</h1>",
        f"<p>Analysis date <strong>{escape(str(manifest['as_of']))}</strong>; law version "
        f"<code>{escape(manifest['law_version'])}</code>; {_n(manifest['people'])} people, "
        f"{_n(convictions)} convictions, {_n(manifest['rows_in'])} source rows "
        f"({_n(manifest['rows_rejected'])} could not be read and are listed in <code>rejected.csv</code>).</p>",
        "<p class='note'>This report gives legal information, not legal advice. \"Needs more information\" "
        "means the record does not say enough (for example whether probation was completed); those convictions "
        "need a person to look at them before anything is filed.</p>",
        "<h2>Convictions by what the law offers</h2>",
        stacked_bar([(s, leading.get(s, 0)) for s in STATUS_LABELS], "Convictions by leading status"),
        "<p class='key'>" + "".join(
            f"<span style='background:{COLOURS[s]}'></span>{escape(label)} ({_n(leading.get(s, 0))})"
            for s, label in STATUS_LABELS.items()) + "</p>",
        "<h2>Relief available now, by remedy</h2>",
        "<p>Counts and arrests each remedy covers (a conviction can be covered by several remedies).</p>",
        bar_chart([(r, v.get("eligible", 0)) for r, v in remedies], title="Counts with relief available now, "
                  "by remedy"),
        _table(["Remedy", *[STATUS_LABELS[s] for s in STATUS_LABELS if s != "no_remedy"]],
               [[escape(r), *[_n(v.get(s, 0)) for s in STATUS_LABELS if s != "no_remedy"]] for r, v in remedies]),
        "<h2>Offenses with the most relief available</h2>",
        bar_chart([(str(r["offense_section"]), int(r["eligible"])) for r in offenses],
                  title="Convictions with relief available now, by offense"),
        "<h2>By county</h2>",
        bar_chart([(str(r["county"]), int(r["eligible"])) for r in counties], colour="#2166ac",
                  title="Convictions with relief available now, by county"),
        _table(["County", "Convictions", "Relief now", "Later", "Needs information", "People helped"],
               [[escape(str(r["county"])), _n(r["convictions"]), _n(r["eligible"]), _n(r["eligible_later"]),
                 _n(r["needs_info"]), _n(r["people_helped"])] for r in counties]),
        "<h2>Who is helped</h2>",
        f"<p>Groups as recorded in the source. Counts under {SMALL_CELL} are hidden.</p>",
        "<h3>By race</h3>", _equity(fig["by_race"], "race", "Race (as recorded)"),
        "<h3>By age on the analysis date</h3>", _equity(fig["by_age_band"], "age_band", "Age"),
    ]
    asked = list(fig.get("open_questions", {}).items())[:10]
    if asked:
        parts += ["<h2>What the records most often do not say</h2>",
                  "<p>The facts that would settle the most \"needs more information\" answers: looking them up "
                  "(court files, probation records) is the quickest way to more relief.</p>",
                  _table(["Fact", "Question", "Answers it would help settle"],
                         [[f"<code>{escape(f)}</code>", escape(questions.get(f, "")), _n(n)] for f, n in asked],
                         text_columns=frozenset({1}))]
    if policy:
        fired = fig.get("policy_rules_fired", {})
        parts += [f"<h2>Office policy: {escape(policy['name'])}</h2>",
                  _table(["Rule", "Determinations"], [[escape(k), _n(v)] for k, v in sorted(fired.items())])]
    t = summary["timing"]
    parts += [
        "<h2>About this run</h2>",
        _table(["", ""], [["Program version", escape(manifest["version"])],
                          ["Inputs", escape(", ".join(i["name"] for i in manifest["inputs"]))],
                          ["Rows in / read / rejected", f"{_n(manifest['rows_in'])} / {_n(manifest['rows_out'])} / "
                                                        f"{_n(manifest['rows_rejected'])}"],
                          ["Run time", f"{t['seconds']:.1f} s ({_n(int(t['rows_per_second']))} rows/s)"]]),
        "</body></html>",
    ]
    return "\n".join(parts)
