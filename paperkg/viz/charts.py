"""Small charts as inline SVG written in Python: no script and no other file, so they draw from file://,
in a one-page export and with JavaScript off.

Each chart has an accessible name and description (``role="img"`` with ``<title>``/``<desc>``), and each
bar or point its own ``<title>``, which browsers show as the tooltip. Every piece of text goes through
markupsafe's ``escape`` (an entity name is data, never markup). The x axis is the months of the data,
one slot per month, so bars and points of the two charts of a dataset page line up.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from paperkg.viz.site_trends import BestChart, MonthChart

PLOT = 96  # height of the plot area, px
TOP, BOTTOM, LEFT, RIGHT = 10, 20, 34, 10
MAX_WIDTH = 640  # of the plot area; a slot per month is 4 to 24 px wide within it
YEAR_ROOM = 46  # a year label is drawn only this far from the first and last month's labels


def _step(n: int) -> int:
    return max(4, min(24, MAX_WIDTH // max(n, 1)))


def _num(value: float) -> str:
    return f"{value:g}"


def _with_unit(value: float, unit: str) -> str:
    return f"{_num(value)}{unit}" if unit == "%" else f"{_num(value)} {unit}".strip()


def _frame(kind: str, ident: str, width: int, title: str, desc: str) -> list[str]:
    height = TOP + PLOT + BOTTOM
    return [
        f'<svg class="chart chart-{kind}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + PLOT}" x2="{width - RIGHT}" y2="{TOP + PLOT}"/>',
    ]


def _years(months: list[str], step: int, width: int) -> list[tuple[float, str]]:
    """(x, year) of each January with room for its year between the first and last month's labels."""
    out = []
    for i, month in enumerate(months):
        x = LEFT + i * step + step / 2
        if month.endswith("-01") and x - LEFT > YEAR_ROOM + 10 and width - RIGHT - x > YEAR_ROOM + 10:
            out.append((x, month[:4]))
    return out


def _year_lines(months: list[str], step: int, width: int) -> list[str]:
    """Faint vertical lines at each labelled January, drawn under the bars and points."""
    return [f'<line class="year" x1="{x:g}" y1="{TOP}" x2="{x:g}" y2="{TOP + PLOT}"/>'
            for x, _ in _years(months, step, width)]


def _month_labels(months: list[str], step: int, width: int) -> list[str]:
    """The first and last month at the ends of the axis, and each January's year between them."""
    y = TOP + PLOT + 14
    out = [f'<text class="tick" x="{LEFT}" y="{y}">{months[0]}</text>']
    if len(months) > 1:
        out.append(f'<text class="tick" x="{width - RIGHT}" y="{y}" text-anchor="end">{months[-1]}</text>')
    for x, year in _years(months, step, width):
        out.append(f'<text class="tick" x="{x:g}" y="{y}" text-anchor="middle">{year}</text>')
    return out


def papers_svg(chart: MonthChart, name: str, label: str, ident: str = "papers-chart") -> Markup:
    """A bar per month of the entity's papers (a month without papers keeps its slot, at height 0), in the
    colour of ``label`` (site.css). Whole pixels and no per-bar style keep it about 3 KB for 28 months:
    it is on every method and dataset page."""
    n = len(chart.months)
    step = _step(n)
    bar = max(2, step - max(1, step // 4))
    pad = (step - bar) // 2
    width = LEFT + n * step + RIGHT
    top = max(chart.values) or 1
    busiest = chart.months[chart.values.index(max(chart.values))]
    shown = sum(chart.values)
    desc = (f"{chart.months[0]} to {chart.months[-1]}: {shown} paper{'' if shown == 1 else 's'}, "
            f"most in {busiest} ({max(chart.values)}).")
    parts = _frame(f"papers chart-{label.lower()}", ident, width, f"Papers per month naming {name}", desc)
    parts += _year_lines(chart.months, step, width)
    parts += [f'<text class="tick" x="{LEFT - 5}" y="{TOP + 4}" text-anchor="end">{top}</text>',
              f'<text class="tick" x="{LEFT - 5}" y="{TOP + PLOT}" text-anchor="end">0</text>']
    for i, (month, v) in enumerate(zip(chart.months, chart.values, strict=True)):
        h = 0 if not v else max(1, round(PLOT * v / top))
        parts.append(f'<rect class="bar" x="{LEFT + i * step + pad}" y="{TOP + PLOT - h}" width="{bar}" '
                     f'height="{h}"><title>{month}: {v} paper{"" if v == 1 else "s"}</title></rect>')
    parts += _month_labels(chart.months, step, width)
    parts.append("</svg>")
    return Markup("".join(parts))


def best_svg(chart: BestChart, name: str, ident: str = "best-chart") -> Markup:
    """A point per month with a result: the best value reported that month (no point, not a zero, for a
    month without one). The y axis spans the values shown, labelled at both ends."""
    s = chart.series
    n = len(chart.months)
    step = _step(n)
    width = LEFT + n * step + RIGHT
    values = [p.value for p in s.points]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or max(abs(hi) * 0.1, 1.0)
    low, high = lo - pad, hi + pad
    at = {m: i for i, m in enumerate(chart.months)}
    what = f"{s.metric}" + (f" ({s.unit})" if s.unit else "")
    n_points = len(s.points)
    desc = (f"{n_points} month{'' if n_points == 1 else 's'} with results from {s.points[0].month} to "
            f"{s.points[-1].month}; {s.direction} is better; best values from {_with_unit(lo, s.unit)} "
            f"to {_with_unit(hi, s.unit)}.")
    parts = _frame("best", ident, width, f"Best reported {what} per month on {name}", desc)
    parts += _year_lines(chart.months, step, width)

    def y_of(value: float) -> float:
        return TOP + PLOT - PLOT * (value - low) / (high - low)

    for value in dict.fromkeys((hi, lo)):  # the y axis: a guide line and a label at the extreme values
        y = y_of(value)
        parts.append(f'<line class="guide" x1="{LEFT}" y1="{y:.1f}" x2="{width - RIGHT}" y2="{y:.1f}"/>'
                     f'<text class="tick" x="{LEFT - 5}" y="{y + 4:.1f}" text-anchor="end">'
                     f"{escape(_num(value))}</text>")
    for p in s.points:
        x = LEFT + at[p.month] * step + step / 2
        y = y_of(p.value)
        results = f"{p.results} result{'' if p.results == 1 else 's'}"
        tip = f"{p.month}: best {_with_unit(p.value, s.unit)} ({results})"
        parts.append(f'<circle class="point" cx="{x:g}" cy="{y:.1f}" r="4">'
                     f"<title>{escape(tip)}</title></circle>")
    parts += _month_labels(chart.months, step, width)
    parts.append("</svg>")
    return Markup("".join(parts))
