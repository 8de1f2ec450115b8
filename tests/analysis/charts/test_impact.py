"""Impact curves, checked against the journal's world samples and decisions."""

from __future__ import annotations

from analysis.charts.impact import DECISIONS, decision_label, plot_impact, samples
from analysis.charts.labels import word


def line(ax, gid):
    return next(ln for ln in ax.lines if ln.get_gid() == gid)


def sampled(record, measure):
    pairs = [(e.t, e.data["measures"][measure]) for e in record.of("world.sample")
             if measure in e.data["measures"]]
    return [t for t, _ in pairs], [v for _, v in pairs]


def test_orders_line_is_the_world_samples(ddos, ddos_metrics):
    ax = plot_impact(ddos, ddos_metrics)
    times, values = sampled(ddos, "orders.ratio")
    orders = line(ax, "orders.ratio")
    assert len(times) > 10
    assert list(orders.get_xdata()) == times
    assert list(orders.get_ydata()) == values
    assert min(values) < 0.5  # the flood shows


def test_one_availability_line_per_service(sloppy, sloppy_metrics):
    ax = plot_impact(sloppy, sloppy_metrics, "en")
    services = sloppy.scenario.world.services
    for service in services:
        times, values = sampled(sloppy, f"{service}.availability")
        drawn = line(ax, f"{service}.availability")
        assert (list(drawn.get_xdata()), list(drawn.get_ydata())) == (times, values)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    for spec in services.values():
        assert f"{spec.name.en} {word('availability', 'en')}" in legend
    assert word("money_lost", "en") in legend


def test_money_lost_is_on_its_own_axis_in_yuan(ddos, ddos_metrics):
    ax = plot_impact(ddos, ddos_metrics, "zh")
    money = line(ax.money, "money.lost_cny")
    assert (list(money.get_xdata()), list(money.get_ydata())) == sampled(ddos, "money.lost_cny")
    assert ax.money.get_ylabel() == word("money_axis", "zh")
    assert ax.money.yaxis.get_major_formatter()(2_000_000, 0) == "200"  # 万元


def test_decisions_are_vertical_lines_at_their_times(ddos, ddos_metrics):
    ax = plot_impact(ddos, ddos_metrics, "en")
    decisions = [e for e in ddos.of("action.taken") if e.data["action"] in DECISIONS]
    drawn = [ln for ln in ax.lines if ln.get_gid() == "decision"]
    assert len(drawn) == len(decisions) > 5
    assert [ln.get_xdata()[0] for ln in drawn] == [e.t for e in decisions]
    labels = {t.get_text() for t in ax.texts}
    assert "Report incident" in labels
    task = next(e for e in decisions if e.data["action"] == "start_task")
    assert decision_label(ddos, "start_task", task.data["args"], "zh") == \
        ddos.org.tasks[task.data["args"]["task"]].name.zh


def test_samples_skip_events_without_the_measure(ddos):
    times, values = samples(ddos, "no.such_measure")
    assert times == values == []
