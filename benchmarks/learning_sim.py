"""Simulated learners on the built-in knowledge base: per-item FSRS vs osmose's graph-aware scheduler.

Each simulated learner studies every day for 180 days with a fixed time budget,
and is scheduled two ways from the same seed: plain per-item FSRS (due items most
overdue first, new items in prerequisite order), and osmose's graph-aware
scheduler (``osmose.graph_schedule``: implicit credit, early checks, review
selection by coverage, new items from the knowledge frontier). Both use
``osmose.schedule.Scheduler`` (FSRS-6 default weights, 90 % desired retention).

The learner's memory is a ground-truth model, printed at start-up with every
assumption. The answer to each review is drawn from the true recall
probability. Prints, for each scheduler: reviews done, mean true recall over
the introduced items at day 180, items introduced, items mastered; last line::

    graph-aware vs per-item FSRS: reviews ×R, recall A vs B, introduced M vs N

    .venv/bin/python benchmarks/learning_sim.py [--learners 8] [--transfer 0.4,0.15] [--days 180] [--budget 20]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from osmose.graph_schedule import Graph, after_review, coverage, definition_key  # noqa: E402
from osmose.items import build_items  # noqa: E402
from osmose.kb import KnowledgeBase  # noqa: E402
from osmose.schedule import Rating, Scheduler  # noqa: E402
from osmose.store import CardState, ItemRow  # noqa: E402

DAY, MIN = 86_400_000, 60_000
T0 = 1_767_225_600_000  # 2026-01-01 00:00 UTC
#: seconds a review costs (facts are revealed and self-graded, skills are worked out)
COST = {"fact": 10, "skill": 60}
#: seconds the first encounter costs (read, understand), learning steps included
NEW_COST = {"fact": 30, "skill": 150}
NEW_PER_DAY = 12
#: ground truth: how much practising a skill of C refreshes the items of the concepts C
#: builds on, as a fraction (log scale) of what an explicit successful review would do;
#: by graph distance 1, 2, and for skills / facts
TRUE_TRANSFER = {"skill": (0.4, 0.15), "fact": (0.1, 0.0)}
#: true initial difficulty of an item for a learner: uniform in this range (FSRS scale 1-10)
TRUE_DIFFICULTY = (2.0, 9.0)
#: mastered at day 180: true recall ≥ 0.9 and true stability ≥ 30 days
MASTERED = (0.9, 30.0)


@dataclass
class Memory:
    """One item for one learner: the truth, and the scheduler's card."""

    truth: CardState
    card: CardState
    credited_at: int | None = None     # the scheduler's last implicit repetition
    truth_boost_at: int | None = None  # the truth's last implicit refresh


@dataclass
class Run:
    reviews: int = 0
    skill_reviews: int = 0
    seconds: int = 0
    memory: dict = field(default_factory=dict)
    best: dict = field(default_factory=dict)


class Sim:
    def __init__(self, kb, seed: int, budget_s: int, days: int):
        self.items = build_items(kb.select())
        self.kinds = {i.key: i.kind for i in self.items}
        self.concept = {i.key: i.concept for i in self.items}
        self.graph = Graph.from_kb(kb.select(), self.items)
        self.by_concept: dict[str, list[str]] = {}
        for i in self.items:
            self.by_concept.setdefault(i.concept, []).append(i.key)
        self.sched = Scheduler(0.9, fuzz=False)
        self.truth = Scheduler(0.9, fuzz=False)
        self.ids = {i.key: n for n, i in enumerate(self.items, 1)}
        rng = random.Random(seed)
        self.difficulty = {i.key: rng.uniform(*TRUE_DIFFICULTY) for i in self.items}
        self.seed, self.budget, self.days = seed, budget_s, days

    # --- the ground truth ---------------------------------------------------------

    def true_recall(self, m: Memory, now: int) -> float:
        t = m.truth
        if t.stability is None:
            return 0.0
        return self.truth.retrievability(t.stability, t.last_review, now, exact=True)

    def practise_truth(self, key: str, m: Memory, success: bool, now: int) -> None:
        truth = m.truth
        if truth.stability is None:  # first encounter: FSRS's initial state, the true difficulty
            after = self.truth.review(self.ids[key], truth, Rating.Good, now)
            m.truth = replace(after, difficulty=self.difficulty[key])
            return
        m.truth = self.truth.review(self.ids[key], truth, Rating.Good if success else Rating.Again, now)

    def transfer_truth(self, run: Run, concept: str, now: int) -> None:
        """A passed skill of ``concept`` refreshes what it builds on (TRUE_TRANSFER)."""
        for c, d in self.graph.ancestors(concept, 2).items():
            for key in self.by_concept.get(c, ()):
                m = run.memory.get(key)
                w = TRUE_TRANSFER[self.kinds[key]][d - 1]
                if m is None or w <= 0 or m.truth.state != 2:
                    continue
                since = max(m.truth.last_review, m.truth_boost_at or 0)
                good = self.truth.review(self.ids[key], replace(m.truth, last_review=since),
                                         Rating.Good, now).stability
                if good > m.truth.stability:
                    m.truth = replace(m.truth, stability=m.truth.stability * (good / m.truth.stability) ** w)
                    m.truth_boost_at = now

    # --- one learner, one scheduler ------------------------------------------------

    def run(self, graph_aware: bool) -> Run:
        rng = random.Random(self.seed * 7919 + 1)  # the same draws for both schedulers
        run = Run()
        order = [i.key for i in self.items]
        for day in range(self.days):
            now = T0 + day * DAY + 9 * 3_600_000
            spent = 0
            done_today: set[str] = set()
            while spent < self.budget:
                due = [(k, m) for k, m in run.memory.items() if m.card.due <= now]
                if not due:
                    break
                key = self.pick_due(due, graph_aware)
                spent += COST[self.kinds[key]]
                run.seconds += COST[self.kinds[key]]
                self.review(run, key, now, rng, graph_aware)
                done_today.add(key)
                now += COST[self.kinds[key]] * 1000
            new = 0
            while spent < self.budget and new < NEW_PER_DAY:
                key = self.next_new(run, order, graph_aware)
                if key is None:
                    break
                self.introduce(run, key, now, rng, graph_aware)
                spent += NEW_COST[self.kinds[key]]
                run.seconds += NEW_COST[self.kinds[key]]
                now += NEW_COST[self.kinds[key]] * 1000
                new += 1
        return run

    def pick_due(self, due, graph_aware: bool) -> str:
        due.sort(key=lambda km: (km[1].card.due, km[0]))
        if not graph_aware:
            return due[0][0]
        rows = [ItemRow(self.ids[k], k, self.concept[k], self.kinds[k], m.card, 1, 0, 0) for k, m in due]
        cover = coverage(self.graph, rows)
        top = max(cover.values(), default=0)
        return next(k for k, _ in due if cover.get(k, 0) == top) if top else due[0][0]

    def next_new(self, run: Run, order, graph_aware: bool) -> str | None:
        for key in order:
            if key in run.memory:
                continue
            if graph_aware and not self.graph.is_open(self.concept[key], run.best):
                continue
            return key
        return None

    def answer(self, run: Run, key: str, now: int, rng) -> bool:
        return rng.random() < self.true_recall(run.memory[key], now)

    def rate(self, run: Run, key: str, rating: Rating, now: int, graph_aware: bool) -> None:
        m = run.memory[key]
        m.card = self.sched.review(self.ids[key], m.card, rating, now)
        run.reviews += 1
        run.skill_reviews += self.kinds[key] == "skill"
        run.best[key] = max(run.best.get(key, 0), int(rating))
        if graph_aware and self.kinds[key] == "skill":
            keys = [k for k, _, _ in self.graph.credit_targets(self.concept[key])]
            rows = {k: ItemRow(self.ids[k], k, self.concept[k], "skill", run.memory[k].card, 1, 0, 0)
                    for k in keys if k in run.memory}
            credited = {k: run.memory[k].credited_at for k in rows if run.memory[k].credited_at}
            for e in after_review(self.graph, self.sched, self.concept[key], "skill", int(rating),
                                  now, rows, credited):
                run.memory[e.key].card = e.after
                if e.kind == "implicit":
                    run.memory[e.key].credited_at = now

    def review(self, run: Run, key: str, now: int, rng, graph_aware: bool) -> None:
        m = run.memory[key]
        success = self.answer(run, key, now, rng)
        self.practise_truth(key, m, success, now)
        if success and self.kinds[key] == "skill":
            self.transfer_truth(run, self.concept[key], now)
        self.rate(run, key, Rating.Good if success else Rating.Again, now, graph_aware)
        if not success:  # relearning step later the same session: shown the answer, passed
            later = now + 10 * MIN
            self.practise_truth(key, m, True, later)
            self.rate(run, key, Rating.Good, later, graph_aware)

    def introduce(self, run: Run, key: str, now: int, rng, graph_aware: bool) -> None:
        """First encounter and its learning steps: Good now, Good ten minutes later."""
        m = run.memory[key] = Memory(CardState(due=now), CardState(due=now))
        self.practise_truth(key, m, True, now)
        self.rate(run, key, Rating.Good, now, graph_aware)
        later = now + 10 * MIN
        self.practise_truth(key, m, True, later)
        self.rate(run, key, Rating.Good, later, graph_aware)
        if self.kinds[key] == "skill":
            self.transfer_truth(run, self.concept[key], later)

    def measure(self, run: Run) -> tuple[int, float, int, int, int, float]:
        end = T0 + self.days * DAY
        recalls = [self.true_recall(m, end) for m in run.memory.values()]
        mastered = sum(1 for m, r in zip(run.memory.values(), recalls)
                       if r >= MASTERED[0] and m.truth.stability >= MASTERED[1])
        mean = sum(recalls) / len(recalls) if recalls else 0.0
        return run.reviews, mean, len(run.memory), mastered, run.skill_reviews, run.seconds / 3600


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--learners", type=int, default=8)
    ap.add_argument("--days", type=int, default=180)
    ap.add_argument("--budget", type=int, default=20, help="minutes per day")
    ap.add_argument("--transfer", default=None, metavar="D1,D2",
                    help="true skill-to-prerequisite-skill transfer at distance 1 and 2 "
                         f"(default {TRUE_TRANSFER['skill'][0]},{TRUE_TRANSFER['skill'][1]})")
    args = ap.parse_args()
    if args.transfer:
        TRUE_TRANSFER["skill"] = tuple(float(v) for v in args.transfer.split(","))
    kb = KnowledgeBase.load(ROOT)
    items = build_items(kb.select())
    skills = sum(i.kind == "skill" for i in items)
    print(f"knowledge base: {len(kb.concepts)} concepts, {len(items)} items ({skills} skills)")
    print("model (the assumptions):")
    print("  truth: FSRS-6 forgetting curve and stability updates (default weights); each item's")
    print(f"    true difficulty uniform in {TRUE_DIFFICULTY} per learner, unknown to the scheduler;")
    print("    answers drawn from the true recall probability; a failed review is relearned in-session")
    print("  transfer: a passed skill of C refreshes the items of concepts C builds on by a fraction")
    print("    (log scale) of an explicit review's gain at their current true recall:")
    print(f"    skills {TRUE_TRANSFER['skill']} and facts {TRUE_TRANSFER['fact']} at distance 1, 2")
    print(f"  day: {args.budget} min budget, reviews {COST} s, new items {NEW_COST} s (learning steps"
          f" included), at most {NEW_PER_DAY} new a day")
    print(f"  scheduler: FSRS-6 defaults, 90 % retention; graph-aware adds implicit credit "
          f"(weights in osmose.graph_schedule), early checks, coverage-first reviews, the frontier")
    print(f"  mastered: true recall ≥ {MASTERED[0]} and true stability ≥ {MASTERED[1]:.0f} days "
          f"at day {args.days}")
    start = time.perf_counter()
    totals = {False: [0, 0.0, 0, 0, 0, 0.0], True: [0, 0.0, 0, 0, 0, 0.0]}
    for seed in range(args.learners):
        sim = Sim(kb, seed, args.budget * 60, args.days)
        for graph_aware in (False, True):
            r = sim.measure(sim.run(graph_aware))
            for n in range(6):
                totals[graph_aware][n] += r[n]
    n = args.learners
    rows = {g: tuple(v / n for v in t) for g, t in totals.items()}
    for g, name in ((False, "per-item FSRS"), (True, "graph-aware")):
        rv, rc, intro, mast, sk, hours = rows[g]
        print(f"{name:<14} reviews {rv:7.0f} (skills {sk:5.0f})   mean recall {rc:.3f}   "
              f"introduced {intro:4.0f}   mastered {mast:4.0f}   time {hours:5.1f} h")
    print(f"({n} learners × {args.days} days, {time.perf_counter() - start:.0f} s)")
    base, graph = rows[False], rows[True]
    print(f"graph-aware vs per-item FSRS: reviews ×{graph[0] / base[0]:.2f}, recall {graph[1]:.3f} vs "
          f"{base[1]:.3f}, introduced {graph[2]:.0f} vs {base[2]:.0f}")


if __name__ == "__main__":
    main()
